package io.jcast.diag.ssmping;

import io.jcast.diag.net.MalformedPacketException;
import io.jcast.diag.net.SourceRateLimiter;
import io.jcast.diag.ssmping.protocol.SsmpingMessage;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * ssmpingd's decision for one datagram, without sockets: the reply is the request with its type
 * byte turned into {@code A}, sent to the requester and to {@code group:requester port}.
 *
 * <p>Unlike ssmpingd 0.9.1 it never answers with more bytes than it received: it does not append
 * VER or PAD (both only ever make the reply longer), so REPLYSIZE is not honoured; a client that
 * wants large replies sends large requests. It also refuses groups that are not multicast (0.9.1
 * only checks the last byte, so it would "multicast" to any unicast address ending in .234),
 * drops malformed requests instead of answering them, and rate-limits per source.
 */
final class SsmpingResponder {
    enum Outcome { REPLY, UNICAST_ONLY, IGNORED, MALFORMED, RATE_LIMITED }

    /**
     * What to send; {@code multicastTarget} is null when only the unicast reply goes out. {@code lines}
     * are ssmpingd's output lines.
     */
    record Response(Outcome outcome, byte[] reply, InetSocketAddress unicastTarget,
                    InetSocketAddress multicastTarget, List<String> lines) {
    }

    private final SourceRateLimiter limiter;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong multicastReplies = new AtomicLong();
    private final AtomicLong invalidGroups = new AtomicLong();
    private final AtomicLong ignored = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong rateLimited = new AtomicLong();
    private final AtomicLong sendErrors = new AtomicLong();

    SsmpingResponder(int perSourceRate, int totalRate, long nowNanos) {
        this.limiter = new SourceRateLimiter(perSourceRate, perSourceRate, totalRate, nowNanos);
    }

    Response respond(ByteBuffer datagram, InetSocketAddress from, long nowNanos) {
        if (!datagram.hasRemaining() || datagram.get(datagram.position()) != SsmpingMessage.REQUEST) {
            // not a request, possibly a reply looped back: ssmpingd ignores these silently
            ignored.incrementAndGet();
            return new Response(Outcome.IGNORED, null, null, null, List.of());
        }
        SsmpingMessage request;
        try {
            request = SsmpingMessage.decode(datagram);
        } catch (MalformedPacketException e) {
            // counted, not logged: a flood of garbage must not become a flood of log lines
            malformed.incrementAndGet();
            return new Response(Outcome.MALFORMED, null, null, null, List.of());
        }
        InetAddress source = from.getAddress();
        if (!limiter.tryAcquire(source, nowNanos)) {
            rateLimited.incrementAndGet();
            return new Response(Outcome.RATE_LIMITED, null, null, null, List.of());
        }
        requests.incrementAndGet();
        byte[] reply = new SsmpingMessage(SsmpingMessage.REPLY, request.options()).toBytes();
        String line = "received request from " + SsmpingGroups.text(source);
        InetAddress group = request.group().orElse(SsmpingGroups.defaultGroup(source));
        if (!servable(group, source)) {
            invalidGroups.incrementAndGet();
            return new Response(Outcome.UNICAST_ONLY, reply, from, null,
                    List.of(line, "received request with invalid group address " + SsmpingGroups.text(group)));
        }
        multicastReplies.incrementAndGet();
        return new Response(Outcome.REPLY, reply, from, new InetSocketAddress(group, from.getPort()), List.of(line));
    }

    private static boolean servable(InetAddress group, InetAddress source) {
        return group.isMulticastAddress() && (group instanceof Inet4Address) == (source instanceof Inet4Address)
                && SsmpingGroups.hasServedSuffix(group);
    }

    void countSendError() {
        sendErrors.incrementAndGet();
    }

    SsmpingServerCounters counters() {
        return new SsmpingServerCounters(requests.get(), multicastReplies.get(), invalidGroups.get(), ignored.get(),
                malformed.get(), rateLimited.get(), sendErrors.get());
    }
}
