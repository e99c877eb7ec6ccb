package io.jcast.diag.ssmping;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Token buckets per source address plus one for all sources together, so that ssmpingd cannot be
 * used to flood a (spoofed) address or a group. Time is an argument; not thread-safe (the server
 * thread owns it). The table is bounded: the least recently seen source is forgotten first.
 */
final class SourceRateLimiter {
    static final int MAX_SOURCES = 4096;

    private final double perSourceRate;
    private final double perSourceBurst;
    private final double totalRate;
    private final double totalBurst;
    private final Map<InetAddress, Bucket> buckets = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<InetAddress, Bucket> eldest) {
            return size() > MAX_SOURCES;
        }
    };
    private final Bucket total;

    /**
     * @param perSourceRate requests per second answered per source address
     * @param totalRate     requests per second answered from all sources together
     */
    SourceRateLimiter(int perSourceRate, int totalRate, long nowNanos) {
        this.perSourceRate = perSourceRate;
        this.perSourceBurst = perSourceRate;
        this.totalRate = totalRate;
        this.totalBurst = totalRate;
        this.total = new Bucket(totalBurst, nowNanos);
    }

    /** Takes one token for {@code source}; false means: do not answer. */
    boolean tryAcquire(InetAddress source, long nowNanos) {
        Bucket b = buckets.computeIfAbsent(source, s -> new Bucket(perSourceBurst, nowNanos));
        b.refill(perSourceRate, perSourceBurst, nowNanos);
        total.refill(totalRate, totalBurst, nowNanos);
        if (b.tokens < 1 || total.tokens < 1) {
            return false;
        }
        b.tokens--;
        total.tokens--;
        return true;
    }

    int trackedSources() {
        return buckets.size();
    }

    private static final class Bucket {
        double tokens;
        long lastNanos;

        Bucket(double tokens, long nowNanos) {
            this.tokens = tokens;
            this.lastNanos = nowNanos;
        }

        void refill(double rate, double burst, long nowNanos) {
            long elapsed = nowNanos - lastNanos;
            if (elapsed > 0) {
                tokens = Math.min(burst, tokens + rate * elapsed / 1e9);
                lastNanos = nowNanos;
            }
        }
    }
}
