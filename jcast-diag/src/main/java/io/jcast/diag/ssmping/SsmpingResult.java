package io.jcast.diag.ssmping;

import java.net.InetAddress;
import java.util.Optional;

/**
 * The outcome of one ssmping/asmping run: what ssmping prints as its statistics, as numbers.
 *
 * @param transmitted        requests sent
 * @param elapsedMillis      from the join to the end of the run
 * @param firstMulticastSeq  lowest sequence number answered on multicast; 0 if none was
 * @param serverVersion      the server's VER string, if it sent one
 * @param malformed          datagrams dropped because they were not well-formed replies
 */
public record SsmpingResult(InetAddress server, InetAddress group, long transmitted, long elapsedMillis,
                            RttSummary unicast, RttSummary multicast, long firstMulticastSeq,
                            Optional<String> serverVersion, long malformed) {

    /** ssmping's unicast loss: 100 * (sent - received) / sent, truncated. */
    public long unicastLossPercent() {
        return transmitted == 0 ? 0 : 100 * (transmitted - unicast.received()) / transmitted;
    }

    /**
     * ssmping's multicast loss, counted from the first request answered on multicast (the tree takes
     * time to build); 100 when nothing came.
     */
    public long multicastLossPercent() {
        if (multicast.received() == 0) {
            return 100;
        }
        long expected = transmitted - firstMulticastSeq + 1;
        return expected <= 0 ? 0 : 100 * (expected - multicast.received()) / expected;
    }

    /** Multicast loss over every request sent, for diagnosis (ssmping does not print it). */
    public long multicastLossOfAllPercent() {
        return transmitted == 0 ? 0 : 100 * Math.max(0, transmitted - multicast.received()) / transmitted;
    }

    /** ssmping exits 0 exactly when at least one multicast reply arrived. */
    public boolean multicastReceived() {
        return multicast.received() > 0;
    }
}
