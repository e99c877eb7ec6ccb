package io.jcast.diag.omping;

/**
 * One Answer received from a peer, as omping prints it per reply (omping-ssmping.md §5.2).
 *
 * @param dist         hops ({@code TTL option - received TTL}, mod 256), or -1 when the received TTL is unknown
 * @param runningAvgMs mean RTT so far (for {@code -C})
 * @param runningLossPercent loss so far (for {@code -C}); multicast counts from its first sequence number
 */
public record AnswerEvent(Peer peer, Cast cast, long sequence, boolean duplicate, int sizeBytes, int dist,
                          double rttMs, double runningAvgMs, int runningLossPercent) {
}
