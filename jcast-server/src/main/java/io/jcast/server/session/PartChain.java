package io.jcast.server.session;

import io.jcast.transfer.ReceiverState;
import io.jcast.transfer.ReceiverStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The receivers of a session's files, by address: who may take the file being sent, who came for it without the
 * one before, and how each file ended for each receiver.
 *
 * <p>udpcast carries no file name: a udp-receiver takes the Nth stream it meets on the port as its Nth partition,
 * and so does {@code jcast receive --server}. A host that did not complete the file before (it was dropped, it
 * rebooted and runs its first receiver again, it came late) would write this file where it expects an earlier one.
 * Such a host is refused: the sender answers its connect request with a refusal (a udp-receiver exits with "Too
 * many clients already connected", writing nothing), it is not waited for, and its row says why.
 *
 * <p>The engine's callbacks ({@link #admit}, {@link #see}) and the runner's thread ({@link #begin}, {@link #end})
 * meet here; each method holds the lock for a few map operations only.
 */
final class PartChain {
    /** A receiver's result for one file, to be stored; {@code part} counts from 1. */
    record PartRecord(String address, int part, String file, String result, long bytes, String reason) {
    }

    /** The receiver was refused for the current file, for {@code reason}; {@code first} the first time it asked. */
    record Refusal(String address, String reason, boolean first) {
    }

    static final String MISSING = "MISSING";
    static final String REFUSED = "REFUSED";

    private final List<String> files;
    private int part = -1;
    /** Who may take the current file: those that completed the one before; null for the first file (anyone). */
    private Set<String> admitted;
    /** The current file's result of each receiver seen, by address. */
    private Map<String, String> results = new HashMap<>();
    /** The previous file's results, to say why a receiver is refused. */
    private Map<String, String> previous = Map.of();
    private final List<PartRecord> pending = new ArrayList<>();

    PartChain(List<String> files) {
        this.files = List.copyOf(files);
    }

    /** Starts file {@code index}; returns how many receivers it waits for (0 for the first file: the session says). */
    synchronized int begin(int index) {
        if (index > 0) {
            admitted = new HashSet<>();
            results.forEach((address, result) -> {
                if (result.equals(ReceiverState.COMPLETED.name())) {
                    admitted.add(address);
                }
            });
            previous = results;
        }
        part = index;
        results = new HashMap<>();
        return admitted == null ? 0 : admitted.size();
    }

    /**
     * A receiver asks to join the current file: null if it may, else why not. The first refusal of a receiver is
     * recorded; it asks again while it looks for a sender.
     */
    synchronized Refusal admit(String address) {
        if (admitted == null || admitted.contains(address)) {
            return null;
        }
        String before = previous.get(address);
        String reason = label(part) + ": it did not complete " + label(part - 1) + " ("
                + (before == null ? "it was not there" : word(before)) + ")";
        boolean first = !REFUSED.equals(results.get(address));
        if (first) {
            results.put(address, REFUSED);
            pending.add(new PartRecord(address, part + 1, files.get(part), REFUSED, 0, reason));
        }
        return new Refusal(address, reason, first);
    }

    /** What the sender reports of a receiver of the current file (one it admitted). */
    synchronized void see(ReceiverStatus status) {
        String address = status.address().getHostAddress();
        String result = status.state().name();
        if (!result.equals(results.get(address))) {
            results.put(address, result);
            pending.add(new PartRecord(address, part + 1, files.get(part), result, status.bytesAcknowledged(),
                    emptyToNull(status.reason())));
        }
    }

    /**
     * The current file ended with these receivers; returns the addresses that were to take it and never came (each
     * also gets a {@link #MISSING} record).
     */
    synchronized List<String> end(List<ReceiverStatus> finalStatuses) {
        for (ReceiverStatus r : finalStatuses) {
            see(r);
        }
        List<String> missing = new ArrayList<>();
        if (admitted != null) {
            for (String address : admitted) {
                if (!results.containsKey(address)) {
                    results.put(address, MISSING);
                    missing.add(address);
                    pending.add(new PartRecord(address, part + 1, files.get(part), MISSING, 0,
                            "it did not come back for " + label(part)));
                }
            }
        }
        return missing;
    }

    /** The hosts that may take the current file (those that completed the one before); none for the first. */
    synchronized List<String> dueBack() {
        return admitted == null ? List.of() : List.copyOf(admitted);
    }

    /** Receivers of the current file that joined or are receiving. */
    synchronized int joined() {
        return (int) results.values().stream()
                .filter(r -> r.equals(ReceiverState.CONNECTED.name()) || r.equals(ReceiverState.RECEIVING.name()))
                .count();
    }

    /** The records since the last call, oldest first. */
    synchronized List<PartRecord> drain() {
        List<PartRecord> out = List.copyOf(pending);
        pending.clear();
        return out;
    }

    /** "part 2 (sda2.img)" for index 1. */
    String label(int index) {
        return "part " + (index + 1) + " (" + files.get(index) + ")";
    }

    private static String word(String result) {
        return switch (result) {
            case "DROPPED" -> "dropped";
            case "DISCONNECTED" -> "disconnected";
            case MISSING -> "it did not come back";
            case REFUSED -> "refused";
            default -> "it was " + result.toLowerCase(Locale.ROOT) + " when the file ended";
        };
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
