package io.jcast.diag.omping;

/**
 * Answers of one cast type from one peer, as omping's summary line reports them (omping-ssmping.md §3.7).
 *
 * @param sent              Queries sent to the peer (omping's xmt)
 * @param received          distinct Answers received (rcv)
 * @param duplicates        duplicate Answers (not in rcv, not in the RTT figures)
 * @param lossPercent       {@code (int)((1 - rcv/xmt) * 100)}, truncated; 0 when rcv exceeds xmt
 * @param firstSequence     sequence number of the first Answer of this cast (0 = none yet)
 * @param adjustedLossPercent loss counted from {@code firstSequence} on (for multicast joins that take a while)
 * @param minMs             smallest round-trip time
 * @param avgMs             mean round-trip time
 * @param maxMs             largest round-trip time
 * @param stdDevMs          sample standard deviation, as omping computes it (integer square root of ns^2)
 */
public record CastStatistics(long sent, long received, long duplicates, int lossPercent, long firstSequence,
                             int adjustedLossPercent, double minMs, double avgMs, double maxMs, double stdDevMs) {

    /** omping's {@code util_packet_loss_percent}. */
    static int lossPercent(long sent, long received) {
        if (sent == 0 || received > sent) {
            return 0;
        }
        return (int) ((1.0 - (double) received / sent) * 100.0);
    }
}
