package io.jcast.diag.net;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Token buckets per source address, and optionally one for all sources together, so that a responder (ssmpingd,
 * omping's) cannot be used to flood a spoofed address or a group. Time is an argument; not thread-safe (the
 * responder's thread owns it). The table is bounded: the least recently seen source is forgotten first.
 */
public final class SourceRateLimiter {
    public static final int MAX_SOURCES = 4096;

    private final double perSourceRate;
    private final double perSourceBurst;
    private final double totalRate;
    private final Map<InetAddress, Bucket> buckets = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<InetAddress, Bucket> eldest) {
            return size() > MAX_SOURCES;
        }
    };
    private final Bucket total;

    /**
     * @param perSourceRate  answers per second per source address
     * @param perSourceBurst answers a source may have at once
     * @param totalRate      answers per second from all sources together (its burst as large); 0 for no such limit
     */
    public SourceRateLimiter(double perSourceRate, double perSourceBurst, double totalRate, long nowNanos) {
        this.perSourceRate = perSourceRate;
        this.perSourceBurst = perSourceBurst;
        this.totalRate = totalRate;
        this.total = new Bucket(totalRate, nowNanos);
    }

    /** Takes one token for {@code source}; false means: do not answer. */
    public boolean tryAcquire(InetAddress source, long nowNanos) {
        Bucket b = buckets.computeIfAbsent(source, s -> new Bucket(perSourceBurst, nowNanos));
        b.refill(perSourceRate, perSourceBurst, nowNanos);
        if (totalRate > 0) {
            total.refill(totalRate, totalRate, nowNanos);
            if (total.tokens < 1) {
                return false;
            }
        }
        if (b.tokens < 1) {
            return false;
        }
        b.tokens--;
        total.tokens--;
        return true;
    }

    public int trackedSources() {
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
