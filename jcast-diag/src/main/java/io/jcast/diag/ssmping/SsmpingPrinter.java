package io.jcast.diag.ssmping;

import java.io.PrintWriter;
import java.net.InetAddress;

/**
 * Writes exactly what ssmping/asmping 0.9.1 print: the join line, one line per reply, the
 * statistics, and errors in the C tools' "text" / "errno=n" form on the error stream.
 */
public final class SsmpingPrinter implements SsmpingListener {
    private final PrintWriter out;
    private final PrintWriter err;

    public SsmpingPrinter(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public void onJoined(SsmpingClientConfig config, InetAddress localSource) {
        String tool = config.sourceSpecific() ? "ssmping" : "asmping";
        String source = config.sourceSpecific() ? SsmpingGroups.text(config.server()) : "*";
        line(joinedLine(tool, source, SsmpingGroups.text(config.group())));
        line(config.sourceSpecific() ? "pinging S from " + SsmpingGroups.text(localSource)
                : "pinging " + SsmpingGroups.text(config.server()) + " from " + SsmpingGroups.text(localSource));
    }

    static String joinedLine(String tool, String source, String group) {
        return tool + " joined (S,G) = (" + source + "," + group + ")";
    }

    @Override
    public void onServerVersion(String version) {
        line("Server version: " + version);
    }

    @Override
    public void onSizeMismatch(int requested, int received) {
        line("Warning, requested packet size " + requested + ", got " + received);
    }

    @Override
    public void onReply(SsmpingReply reply) {
        line(replyLine(reply));
    }

    /** {@code "  unicast from 10.214.0.2, seq=1 dist=0 time=0.220 ms"}, with " (DUP!)" for a duplicate. */
    public static String replyLine(SsmpingReply reply) {
        return (reply.multicast() ? "mult" : "  un") + "icast from " + SsmpingGroups.text(reply.from())
                + ", seq=" + reply.seq() + " dist=" + reply.dist() + " time=" + millis(reply.rttMicros()) + " ms"
                + (reply.duplicate() ? " (DUP!)" : "");
    }

    @Override
    public void onIgnored(String text) {
        line(text);
    }

    @Override
    public void onReceiveError(String text, int errno) {
        err.println(text);
        err.println("errno=" + errno);
        err.flush();
    }

    @Override
    public void onFinished(SsmpingResult result) {
        out.print(statistics(result));
        out.flush();
    }

    /** The block after the replies, starting with its empty line; every line ends in a newline. */
    public static String statistics(SsmpingResult r) {
        StringBuilder sb = new StringBuilder();
        sb.append('\n');
        sb.append("--- ").append(SsmpingGroups.text(r.server())).append(" statistics ---\n");
        sb.append(r.transmitted()).append(" packets transmitted, time ").append(r.elapsedMillis()).append(" ms\n");
        sb.append("unicast:\n");
        sb.append("   ").append(r.unicast().received()).append(" packets received, ")
                .append(r.unicastLossPercent()).append("% packet loss\n");
        if (r.unicast().received() > 0) {
            sb.append(rttLine(r.unicast()));
        }
        sb.append("multicast:\n");
        if (r.multicast().received() == 0) {
            sb.append("   0 packets received, 100% packet loss\n");
            return sb.toString();
        }
        sb.append("   ").append(r.multicast().received()).append(" packets received, ")
                .append(r.multicastLossPercent()).append("% packet loss since first mc packet (seq ")
                .append(r.firstMulticastSeq()).append(") recvd\n");
        sb.append(rttLine(r.multicast()));
        return sb.toString();
    }

    private static String rttLine(RttSummary s) {
        return "   rtt min/avg/max/std-dev = " + millis(s.minMicros()) + "/" + millis(s.avgMicros()) + "/"
                + millis(s.maxMicros()) + "/" + millis(s.stdDevMicros()) + " ms\n";
    }

    /** Microseconds as ssmping prints them: {@code %ld.%03ld} milliseconds. */
    static String millis(long micros) {
        return String.format("%d.%03d", micros / 1000, micros % 1000);
    }

    private void line(String s) {
        out.println(s);
        out.flush();
    }
}
