package io.jcast.diag.omping;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-source limit on the replies that any datagram can trigger (Responses and stop Responses), so that a
 * spoofed source cannot turn the responder into a reflector. The table is bounded: the least recently
 * seen source is forgotten first.
 */
final class SourceRateLimiter {
    static final int MAX_SOURCES = 4096;
    /** Up to {@link #BURST} replies at once, then one per {@link #INTERVAL_NS}: a real peer needs about 1/s. */
    static final long INTERVAL_NS = 100_000_000L;
    static final int BURST = 10;

    private final Map<InetAddress, Gcra> limiters = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<InetAddress, Gcra> eldest) {
            return size() > MAX_SOURCES;
        }
    };

    boolean tryAcquire(InetAddress source, long nowNs) {
        return limiters.computeIfAbsent(source, s -> new Gcra(INTERVAL_NS, BURST, nowNs)).tryAcquire(nowNs);
    }
}
