package io.jcast.diag.omping;

/**
 * Running round-trip statistics of one cast type from one peer, with omping's arithmetic: Welford's mean
 * and M2 in nanoseconds, a sample standard deviation through an integer square root (util.c).
 */
final class RttStatistics {
    private long received;
    private long duplicates;
    private long firstSequence;
    private double meanNs;
    private double m2Ns;
    private double minNs;
    private double maxNs;
    private final long[] ring;

    RttStatistics(int ringItems) {
        this.ring = new long[ringItems];
    }

    /** Records an Answer; returns whether it was a duplicate (then it counts only as such). */
    boolean record(long sequence, double rttNs) {
        if (ring.length > 0) {
            int slot = (int) (sequence % ring.length);
            if (ring[slot] == sequence) {
                duplicates++;
                return true;
            }
            ring[slot] = sequence;
        }
        if (firstSequence == 0) {
            firstSequence = sequence;
        }
        received++;
        if (received == 1) {
            minNs = rttNs;
            maxNs = rttNs;
        } else {
            minNs = Math.min(minNs, rttNs);
            maxNs = Math.max(maxNs, rttNs);
        }
        double delta = rttNs - meanNs;
        meanNs += delta / received;
        m2Ns += delta * (rttNs - meanNs);
        return false;
    }

    long received() {
        return received;
    }

    double meanMs() {
        return meanNs / 1e6;
    }

    /** Loss over every Query sent or, for multicast, over those sent since the first multicast Answer. */
    int runningLossPercent(long sent, boolean fromFirstSequence) {
        if (fromFirstSequence && firstSequence > 0) {
            return CastStatistics.lossPercent(sent - firstSequence + 1, received);
        }
        return CastStatistics.lossPercent(sent, received);
    }

    CastStatistics snapshot(long sent) {
        double stdDevMs = 0;
        if (received > 1) {
            stdDevMs = integerSqrt((long) (m2Ns / (received - 1))) / 1e6;
        }
        int adjusted = firstSequence > 0 ? CastStatistics.lossPercent(sent - firstSequence + 1, received) : 0;
        return new CastStatistics(sent, received, duplicates, CastStatistics.lossPercent(sent, received),
                firstSequence, adjusted, minNs / 1e6, meanNs / 1e6, maxNs / 1e6, stdDevMs);
    }

    static long integerSqrt(long n) {
        if (n <= 0) {
            return 0;
        }
        long x = (long) Math.sqrt((double) n);
        while (x * x > n) {
            x--;
        }
        while ((x + 1) * (x + 1) <= n) {
            x++;
        }
        return x;
    }
}
