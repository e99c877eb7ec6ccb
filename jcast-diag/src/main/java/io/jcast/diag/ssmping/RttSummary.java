package io.jcast.diag.ssmping;

/**
 * Replies received on one channel and their round-trip times in microseconds, computed as ssmping
 * 0.9.1 does: integer mean and population standard deviation (integer square root).
 */
public record RttSummary(long received, long minMicros, long avgMicros, long maxMicros, long stdDevMicros) {
    public static final RttSummary NONE = new RttSummary(0, 0, 0, 0, 0);

    /** Accumulates round-trip times; not thread-safe (one client thread owns it). */
    static final class Accumulator {
        private long count;
        private long min;
        private long max;
        private long sum;
        private long sumOfSquares;

        void add(long rttMicros) {
            if (count == 0) {
                min = rttMicros;
                max = rttMicros;
            } else {
                min = Math.min(min, rttMicros);
                max = Math.max(max, rttMicros);
            }
            sum += rttMicros;
            sumOfSquares += rttMicros * rttMicros;
            count++;
        }

        long count() {
            return count;
        }

        RttSummary summary() {
            if (count == 0) {
                return NONE;
            }
            long mean = sum / count;
            return new RttSummary(count, min, mean, max, integerSqrt(sumOfSquares / count - mean * mean));
        }
    }

    /** floor(sqrt(a)) for a >= 0; 0 for a negative argument (rounding in the caller's formula). */
    static long integerSqrt(long a) {
        if (a <= 0) {
            return 0;
        }
        long x = (long) Math.sqrt((double) a);
        while (x * x > a) {
            x--;
        }
        while ((x + 1) * (x + 1) <= a) {
            x++;
        }
        return x;
    }
}
