package io.jcast.diag.doctor;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The answers to one peer's requests by sequence number (1..count), unicast and multicast apart: written by the
 * probe's receiving thread, read by the progress ticker, summed up at the end into a {@link ProbeResult}.
 */
final class AnswerLog {
    private final InetAddress peer;
    private final int count;
    /** Round-trip time in microseconds per sequence number; 0 = no answer (yet). */
    private final AtomicLongArray unicast;
    private final AtomicLongArray multicast;
    private final AtomicInteger answerSize = new AtomicInteger();

    AnswerLog(InetAddress peer, int count) {
        this.peer = peer;
        this.count = count;
        this.unicast = new AtomicLongArray(count + 1);
        this.multicast = new AtomicLongArray(count + 1);
    }

    /** Keeps the first answer per sequence number and cast; later sequence numbers (the drain) are not counted. */
    void answer(long seq, boolean isMulticast, long rttMicros, int ipSize) {
        if (seq >= 1 && seq <= count) {
            (isMulticast ? multicast : unicast).compareAndSet((int) seq, 0, Math.max(1, rttMicros));
            answerSize.compareAndSet(0, ipSize);
        }
    }

    /** The answers to the requests of the last {@code window} that have had a second to be answered. */
    PeerProbe.Progress recent(long elapsedNanos, Duration interval, Duration window) {
        long to = Math.min(count, (elapsedNanos - 1_000_000_000L) / interval.toNanos());
        long from = Math.max(1, to - window.toNanos() / interval.toNanos() + 1);
        int n = 0;
        int u = 0;
        int m = 0;
        for (long s = from; s <= to; s++) {
            n++;
            u += unicast.get((int) s) > 0 ? 1 : 0;
            m += multicast.get((int) s) > 0 ? 1 : 0;
        }
        return new PeerProbe.Progress(peer, Duration.ofNanos(elapsedNanos), interval.multipliedBy(count), n, u, m);
    }

    /** The result over the first {@code sent} requests; {@code size} 0 = the size of the answers seen. */
    ProbeResult result(int sent, int size, int refused, String error, Duration interval, Duration bucket) {
        int n = Math.max(0, Math.min(sent, count));
        return new ProbeResult(peer, size > 0 ? size : answerSize.get(), n, stats(unicast, n), stats(multicast, n),
                refused, error, bucket.toMillis(), buckets(n, interval, bucket));
    }

    private List<ProbeResult.Bucket> buckets(int sent, Duration interval, Duration bucket) {
        long perBucket = Math.max(1, bucket.toNanos() / interval.toNanos());
        List<ProbeResult.Bucket> out = new ArrayList<>();
        for (int first = 1; first <= sent; first += perBucket) {
            int n = 0;
            int u = 0;
            int m = 0;
            for (int s = first; s < first + perBucket && s <= sent; s++) {
                n++;
                u += unicast.get(s) > 0 ? 1 : 0;
                m += multicast.get(s) > 0 ? 1 : 0;
            }
            out.add(new ProbeResult.Bucket(n, u, m));
        }
        return out;
    }

    private static ProbeResult.Stats stats(AtomicLongArray rtt, int sent) {
        int n = 0;
        long min = Long.MAX_VALUE;
        long max = 0;
        long sum = 0;
        for (int s = 1; s <= sent; s++) {
            long r = rtt.get(s);
            if (r > 0) {
                n++;
                min = Math.min(min, r);
                max = Math.max(max, r);
                sum += r;
            }
        }
        return n == 0 ? new ProbeResult.Stats(0, -1, -1, -1) : new ProbeResult.Stats(n, min, sum / n, max);
    }
}
