package io.jcast.server.session;

import io.jcast.server.model.ReceiverRecord;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * How a session's receivers ended, in words for its final state reason and as counts for the metrics.
 *
 * <p>A receiver is one row per IP address: a {@code jcast receive --server} client that checked in and then
 * connected to the sender is one receiver, and so is a plain udp-receiver the sender alone saw. Several receivers
 * behind one address (NAT, or two udp-receiver runs on one host) share a row; the sender still counts each of their
 * connections towards the expected receivers.
 */
record SessionOutcome(Map<Result, List<ReceiverRecord>> byResult, int expected, String reason) {
    static final int MAX_REASON = 700;

    enum Result {
        DONE, DROPPED, DISCONNECTED, FAILED, REFUSED, NEVER_CONNECTED, UNFINISHED
    }

    static Result resultOf(ReceiverRecord r) {
        return switch (r.state()) {
            case "COMPLETED" -> Result.DONE;
            case "DROPPED" -> Result.DROPPED;
            case "DISCONNECTED" -> Result.DISCONNECTED;
            case "FAILED" -> Result.FAILED;
            // came for a later file of a directory session without completing the one before
            case "REFUSED" -> Result.REFUSED;
            // checked in over HTTP, but the sender never heard from it
            case "CHECKED_IN", "WAITING" -> Result.NEVER_CONNECTED;
            default -> Result.UNFINISHED;
        };
    }

    static SessionOutcome of(int expected, List<ReceiverRecord> receivers) {
        Map<Result, List<ReceiverRecord>> by = new EnumMap<>(Result.class);
        for (ReceiverRecord r : receivers) {
            by.computeIfAbsent(resultOf(r), k -> new ArrayList<>()).add(r);
        }
        if (receivers.isEmpty()) {
            return new SessionOutcome(by, expected, "no receiver came (" + expected + " expected)");
        }
        int done = by.getOrDefault(Result.DONE, List.of()).size();
        List<String> parts = new ArrayList<>();
        parts.add(done + " of " + Math.max(expected, receivers.size()) + " receivers finished");
        for (Result bad : List.of(Result.DROPPED, Result.DISCONNECTED, Result.FAILED, Result.REFUSED,
                Result.UNFINISHED)) {
            for (ReceiverRecord r : by.getOrDefault(bad, List.of())) {
                String why = r.message() == null || r.message().isEmpty() ? "" : ": " + r.message();
                parts.add(name(r) + " " + verb(bad) + why);
            }
        }
        List<String> missing = new ArrayList<>();
        for (ReceiverRecord r : by.getOrDefault(Result.NEVER_CONNECTED, List.of())) {
            missing.add(name(r) + " (checked in, never connected)");
        }
        int shortfall = expected - receivers.size();
        if (shortfall > 0) {
            missing.add(shortfall + " more of the " + expected + " expected never came");
        }
        if (!missing.isEmpty()) {
            parts.add("missing: " + String.join(", ", missing));
        }
        return new SessionOutcome(by, expected, bounded(parts));
    }

    /**
     * The parts joined, within {@link #MAX_REASON} characters (a state reason is stored in 1000, with a prefix on
     * failures); a long list of failures ends with how many more there are, the receiver rows have them all.
     */
    private static String bounded(List<String> parts) {
        StringBuilder b = new StringBuilder(parts.get(0));
        for (int i = 1; i < parts.size(); i++) {
            String more = "; and " + (parts.size() - i) + " more (see the receivers)";
            if (b.length() + 2 + parts.get(i).length() + more.length() > MAX_REASON) {
                return b.append(more).toString();
            }
            b.append("; ").append(parts.get(i));
        }
        return b.toString();
    }

    int count(Result r) {
        return byResult.getOrDefault(r, List.of()).size();
    }

    private static String name(ReceiverRecord r) {
        return r.host() == null || r.host().isEmpty() ? r.address() : r.host() + " (" + r.address() + ")";
    }

    private static String verb(Result r) {
        return switch (r) {
            case DROPPED -> "was dropped";
            case DISCONNECTED -> "disconnected";
            case FAILED -> "failed";
            case REFUSED -> "was refused";
            default -> "did not finish";
        };
    }
}
