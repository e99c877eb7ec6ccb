package io.jcast.sender;

/**
 * A leaky bucket for {@code --max-bitrate} (udpcast's rate-limit.c): each datagram costs its size
 * plus 28 bytes of IP and UDP headers; a small burst is allowed so the engine need not sleep per packet.
 */
final class RateGovernor {
    private static final int HEADER_BYTES = 28;
    private final double bytesPerNano;
    private final double burstBytes;
    private double level;
    private long lastNs;

    RateGovernor(long bitsPerSecond, long nowNs) {
        this.bytesPerNano = bitsPerSecond / 8e9;
        // 10 ms worth of data, at least a few datagrams: small enough for a token-bucket shaper downstream.
        this.burstBytes = Math.max(3 * 1500, bitsPerSecond / 8.0 / 100);
        this.lastNs = nowNs;
    }

    /** Nanoseconds to wait before a datagram of {@code bytes} may go; 0 means send now (and it is counted). */
    long delayNanos(long nowNs, int bytes) {
        level = Math.max(0, level - (nowNs - lastNs) * bytesPerNano);
        lastNs = nowNs;
        if (level > burstBytes) {
            return (long) ((level - burstBytes) / bytesPerNano) + 1;
        }
        level += bytes + HEADER_BYTES;
        return 0;
    }
}
