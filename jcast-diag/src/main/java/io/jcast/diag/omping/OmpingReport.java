package io.jcast.diag.omping;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * omping's console output, byte for byte (omping-ssmping.md §5): state lines, one line per Answer and the
 * final summary, each prefixed by the peer's name padded to the longest name and {@code " : "}.
 */
public final class OmpingReport implements OmpingListener {
    private final OmpingConfig config;
    private final PrintWriter out;
    private final int quiet;
    private final boolean continuousStatistics;
    private final int nameWidth;

    /**
     * @param quiet                1 = no per-Answer lines ({@code -q}), 2 = no state lines either ({@code -qq})
     * @param continuousStatistics append the running average and loss to every Answer line ({@code -C})
     */
    public OmpingReport(OmpingConfig config, PrintWriter out, int quiet, boolean continuousStatistics) {
        this.config = config;
        this.out = out;
        this.quiet = quiet;
        this.continuousStatistics = continuousStatistics;
        this.nameWidth = config.peers().stream().mapToInt(p -> p.name().length()).max().orElse(0);
    }

    private String host(Peer peer) {
        return String.format("%-" + nameWidth + "s : ", peer.name());
    }

    @Override
    public void onPeerEvent(Peer peer, PeerEvent event) {
        if (quiet >= 2) {
            return;
        }
        out.print(host(peer) + stateText(peer, event) + "\n");
        out.flush();
    }

    private String stateText(Peer peer, PeerEvent event) {
        if (event != PeerEvent.JOINED) {
            return event.text();
        }
        String source = config.transport() == TransportMethod.SSM ? Addresses.format(peer.address()) : "*";
        return "joined (S,G) = (" + source + ", " + Addresses.format(config.group()) + "), pinging";
    }

    @Override
    public void onAnswer(AnswerEvent a) {
        if (quiet >= 1) {
            return;
        }
        StringBuilder s = new StringBuilder(host(a.peer()));
        s.append(a.cast().label()).append(", seq=").append(a.sequence());
        if (a.duplicate()) {
            s.append(" (dup)");
        }
        s.append(", size=").append(a.sizeBytes()).append(" bytes");
        if (a.dist() >= 0) {
            s.append(", dist=").append(a.dist());
        }
        s.append(", time=").append(ms(a.rttMs())).append("ms");
        if (continuousStatistics) {
            s.append(" (").append(ms(a.runningAvgMs())).append(" avg, ").append(a.runningLossPercent())
                    .append("% loss)");
        }
        out.print(s.append('\n'));
        out.flush();
    }

    @Override
    public void onMainLoopEnd(OmpingResult result) {
        printSummary(result);
    }

    /** The summary: an empty line, then per peer the unicast and multicast line (or "never received"). */
    public void printSummary(OmpingResult result) {
        StringBuilder s = new StringBuilder("\n");
        for (PeerResult r : result.peers()) {
            if (config.remoteVersion()) {
                s.append(host(r.peer())).append(r.serverInfo() == null ? "response message not received"
                        : printable(r.serverInfo())).append('\n');
                continue;
            }
            if (!r.responded()) {
                s.append(host(r.peer())).append("response message never received\n");
                continue;
            }
            s.append(summaryLine(r.peer(), Cast.UNICAST, r.unicast()));
            Cast other = config.transport() == TransportMethod.IPBC ? Cast.BROADCAST : Cast.MULTICAST;
            s.append(summaryLine(r.peer(), other, r.multicast()));
        }
        out.print(s);
        out.flush();
    }

    private String summaryLine(Peer peer, Cast cast, CastStatistics c) {
        StringBuilder s = new StringBuilder(host(peer));
        s.append(cast.label()).append(", xmt/rcv/%loss = ").append(c.sent()).append('/').append(c.received());
        if (c.duplicates() > 0) {
            s.append('+').append(c.duplicates());
        }
        s.append('/').append(c.lossPercent()).append('%');
        if (cast != Cast.UNICAST && c.firstSequence() > 1) {
            s.append(" (seq>=").append(c.firstSequence()).append(' ').append(c.adjustedLossPercent()).append("%)");
        }
        s.append(", min/avg/max/std-dev = ").append(ms(c.minMs())).append('/').append(ms(c.avgMs())).append('/')
                .append(ms(c.maxMs())).append('/').append(ms(c.stdDevMs())).append('\n');
        return s.toString();
    }

    private static String ms(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }

    /** omping prints bytes outside 0x20-0x7e as {@code \xHH} and a backslash as {@code \\}. */
    private static String printable(String text) {
        StringBuilder s = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c == '\\') {
                s.append("\\\\");
            } else if (c >= 0x20 && c <= 0x7e) {
                s.append(c);
            } else {
                s.append(String.format("\\x%02x", (int) c & 0xff));
            }
        }
        return s.toString();
    }
}
