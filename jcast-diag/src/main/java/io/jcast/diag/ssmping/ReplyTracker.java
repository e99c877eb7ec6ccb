package io.jcast.diag.ssmping;

import io.jcast.diag.net.MalformedPacketException;
import io.jcast.diag.ssmping.protocol.SsmpingMessage;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;

/**
 * The client's receive side without sockets: checks each datagram as ssmping 0.9.1 does (size,
 * sender, type, PID), computes RTT and dist, spots duplicates and keeps the statistics.
 * Not thread-safe: the client thread owns it.
 */
final class ReplyTracker {
    private final SsmpingClientConfig config;
    private final SsmpingListener listener;
    private final RttSummary.Accumulator unicastRtt = new RttSummary.Accumulator();
    private final RttSummary.Accumulator multicastRtt = new RttSummary.Accumulator();
    /** Last 100 sequence numbers per channel (0 unicast, 1 multicast), as ssmping's dupcheck. */
    private final long[][] recent = new long[2][100];
    private int requestLength;
    private long firstMulticastSeq;
    private long malformed;
    private String serverVersion;

    ReplyTracker(SsmpingClientConfig config, SsmpingListener listener) {
        this.config = config;
        this.listener = listener;
        for (long[] row : recent) {
            Arrays.fill(row, -1);
        }
    }

    /** A reply shorter than the last request is "too small" (ssmping's first check). */
    void onRequestSent(int length) {
        requestLength = length;
    }

    /**
     * @param receivedMicros wall-clock receive time, microseconds since the epoch
     * @param hops           the received TTL or hop limit, -1 if unknown
     */
    void onDatagram(ByteBuffer datagram, InetAddress from, boolean mc, long receivedMicros, int hops) {
        int size = datagram.remaining();
        if (size < requestLength) {
            listener.onIgnored("packet too small");
            return;
        }
        if (!from.equals(config.server())) {
            listener.onIgnored("ignoring packet from wrong host (" + SsmpingGroups.text(from) + ")");
            return;
        }
        if (datagram.get(datagram.position()) != SsmpingMessage.REPLY) {
            listener.onIgnored("received non-reply packet");
            return;
        }
        SsmpingMessage reply;
        try {
            reply = SsmpingMessage.decode(datagram);
        } catch (MalformedPacketException e) {
            malformed++;
            return;
        }
        if (reply.pid().isEmpty() || reply.seq().isEmpty() || reply.timestampMicros().isEmpty()) {
            // ssmping 0.9.1 would reuse the previous reply's values here; we drop and count it
            malformed++;
            return;
        }
        if (reply.pid().getAsLong() != config.pid()) {
            listener.onIgnored("received someone else's " + (mc ? "multicast" : "unicast") + " reply");
            return;
        }
        long seq = reply.seq().getAsLong();
        long rtt = Math.max(0, receivedMicros - reply.timestampMicros().getAsLong());
        if (serverVersion == null && reply.version().isPresent()) {
            serverVersion = reply.version().get();
            listener.onServerVersion(serverVersion);
        }
        if (config.replySize() > 0 && size != config.replySize()) {
            listener.onSizeMismatch(config.replySize(), size);
        }
        int row = mc ? 1 : 0;
        int slot = (int) (seq % 100);
        boolean duplicate = recent[row][slot] == seq;
        recent[row][slot] = seq;
        listener.onReply(new SsmpingReply(mc, from, seq, dist(hops), rtt, size, duplicate));
        if (duplicate) {
            return;
        }
        if (mc) {
            if (multicastRtt.count() == 0 || seq < firstMulticastSeq) {
                firstMulticastSeq = seq;
            }
            multicastRtt.add(rtt);
        } else {
            unicastRtt.add(rtt);
        }
    }

    /**
     * Routers crossed, assuming the server sent with TTL 64 (ssmpingd does), or 128 when more than
     * 64 arrived (a Windows server); -1 when the TTL is unknown.
     */
    static int dist(int hops) {
        if (hops < 0) {
            return -1;
        }
        return hops > 64 ? 128 - hops : 64 - hops;
    }

    SsmpingResult result(long transmitted, long elapsedMillis) {
        return new SsmpingResult(config.server(), config.group(), transmitted, elapsedMillis, unicastRtt.summary(),
                multicastRtt.summary(), firstMulticastSeq, Optional.ofNullable(serverVersion), malformed);
    }
}
