package io.jcast.diag.doctor;

import java.net.InetAddress;
import java.util.List;

/**
 * What one probe run against one peer saw: requests sent, unicast and multicast answers, round-trip times
 * and, per time bucket, how the answers evolved (the long mode reads the buckets).
 *
 * @param size        IP datagram size of each request (and answer), bytes
 * @param refused     ICMP port unreachable answers: nothing listens on the peer's port
 * @param sendError   the first send failure (empty if none)
 */
public record ProbeResult(InetAddress peer, int size, int sent, Stats unicast, Stats multicast, int refused,
        String sendError, long bucketMillis, List<Bucket> buckets) {

    /** Answers of one kind; round-trip times in microseconds, -1 when nothing came back. */
    public record Stats(int received, long minMicros, long avgMicros, long maxMicros) {
        public double lossPercent(int sent) {
            return sent == 0 ? 0 : 100.0 * (sent - received) / sent;
        }
    }

    /** Requests sent in one bucket of time and how many of them were answered. */
    public record Bucket(int sent, int unicast, int multicast) {
    }

    public double unicastLoss() {
        return unicast.lossPercent(sent);
    }

    public double multicastLoss() {
        return multicast.lossPercent(sent);
    }
}
