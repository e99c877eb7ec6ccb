package io.jcast.diag.omping;

import io.jcast.diag.net.MalformedPacketException;
import io.jcast.diag.net.SourceRateLimiter;
import io.jcast.diag.net.TlvOption;
import io.jcast.diag.omping.protocol.MessageType;
import io.jcast.diag.omping.protocol.OmpingMessage;
import io.jcast.diag.omping.protocol.OmpingOption;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One omping node without sockets (omping-ssmping.md §3.6-§3.8): every peer has a client side (Init,
 * Query, Answer statistics) and a server side (Response, Answer). Time is an argument: {@link #doWork}
 * runs the send phase when it is due, {@link #onDatagram} handles one received datagram. Not thread-safe:
 * one thread owns it.
 *
 * <p>Unlike omping the responder is not a reflector: a datagram from any source gets at most one reply
 * no larger than itself (the protocol's 64-byte Response to an accepted 45-byte Init from a configured
 * peer excepted; that happens at most once a second per peer), replies are rate-limited per source, and
 * malformed datagrams are counted and dropped without a reply.
 */
public final class OmpingEngine {
    /** Sends one datagram; the multicast Answer goes to the group through the same (unicast) socket. */
    @FunctionalInterface
    public interface Outbox {
        void send(InetSocketAddress to, ByteBuffer payload);
    }

    private static final long NEVER = Long.MIN_VALUE;
    private static final long MS = 1_000_000L;
    /** omping's GCRA_BURST for incoming Queries. */
    private static final int QUERY_BURST = 5;
    static final int REPLIES_PER_SOURCE_PER_SECOND = 10;
    private static final long MAX_SEQUENCE = 0xffff_ffffL;

    private enum ClientState { INITIAL, QUERY, STOP }

    private enum ServerState { INITIAL, ANSWER, FINISHING }

    private enum Phase { RUNNING, FINISHING, DONE }

    private final OmpingConfig config;
    private final OmpingIds ids;
    private final Outbox outbox;
    private final OmpingListener listener;
    private final long epochOffsetMicros;
    private final long startNs;
    private final List<PeerState> peers = new ArrayList<>();
    /** Up to 10 replies at once per source, then 10 a second: a real peer needs about one a second. */
    private final SourceRateLimiter replyLimiter = new SourceRateLimiter(REPLIES_PER_SOURCE_PER_SECOND,
            REPLIES_PER_SOURCE_PER_SECOND, 0, 0);
    private final long[] counters = new long[OmpingCounter.values().length];
    private Phase phase = Phase.RUNNING;
    private long nextSendPhaseNs;
    private long finishEndNs;
    private boolean stopRequested;

    /**
     * @param startNs           the monotonic time the run starts; the first send phase is due then
     * @param epochOffsetMicros wall clock minus {@code startNs}-clock, in microseconds: the Client
     *                          Timestamp and the RTT use {@code epochOffsetMicros + nowNs / 1000}
     */
    public OmpingEngine(OmpingConfig config, OmpingIds ids, Outbox outbox, OmpingListener listener, long startNs,
                        long epochOffsetMicros) {
        this.config = config;
        this.ids = ids;
        this.outbox = outbox;
        this.listener = listener;
        this.startNs = startNs;
        this.epochOffsetMicros = epochOffsetMicros;
        this.nextSendPhaseNs = startNs;
        for (Peer p : config.peers()) {
            peers.add(new PeerState(p, ids.clientId(config.localAddress()), startNs));
        }
    }

    public OmpingConfig config() {
        return config;
    }

    /** Runs what is due at {@code nowNs}; returns the number of actions taken (0 = idle). */
    public int doWork(long nowNs) {
        switch (phase) {
            case RUNNING -> {
                if (stopRequested || timedOut(nowNs)) {
                    endMainLoop(nowNs);
                    return 1;
                }
                if (nowNs - nextSendPhaseNs < 0) {
                    return 0;
                }
                // As omping's loop: the exit test follows a full receive period after the last send phase.
                if (config.autoExit() && allClientsStopped()) {
                    endMainLoop(nowNs);
                    return 1;
                }
                sendPhase(nowNs);
                nextSendPhaseNs = nowNs + Math.max(config.intervalMs(), 1) * MS;
                return 1;
            }
            case FINISHING -> {
                if (nowNs - finishEndNs >= 0) {
                    phase = Phase.DONE;
                    return 1;
                }
                return 0;
            }
            default -> {
                return 0;
            }
        }
    }

    /** When {@link #doWork} next has something to do; {@link Long#MAX_VALUE} once done. */
    public long nextDeadlineNs() {
        return switch (phase) {
            case RUNNING -> {
                if (stopRequested) {
                    yield Long.MIN_VALUE;
                }
                long deadline = nextSendPhaseNs;
                if (config.timeoutMs() > 0) {
                    deadline = Math.min(deadline, startNs + config.timeoutMs() * MS);
                }
                yield deadline;
            }
            case FINISHING -> finishEndNs;
            case DONE -> Long.MAX_VALUE;
        };
    }

    /** Ends the main loop at the next {@link #doWork} as SIGINT does: summary, then the finishing phase. */
    public void requestStop() {
        stopRequested = true;
    }

    /** Ends at once, skipping the finishing phase (a second SIGINT). */
    public void abort() {
        phase = Phase.DONE;
    }

    public boolean isDone() {
        return phase == Phase.DONE;
    }

    public long counter(OmpingCounter c) {
        return counters[c.ordinal()];
    }

    private boolean timedOut(long nowNs) {
        return config.timeoutMs() > 0 && nowNs - startNs >= config.timeoutMs() * MS;
    }

    private boolean allClientsStopped() {
        for (PeerState p : peers) {
            if (p.client != ClientState.STOP) {
                return false;
            }
        }
        return true;
    }

    private void endMainLoop(long nowNs) {
        for (PeerState p : peers) {
            p.client = ClientState.STOP;
        }
        listener.onMainLoopEnd(result());
        if (config.waitForFinishMs() > 0 && !config.singleAddress() && !config.clientOnly()
                && !config.remoteVersion()) {
            for (PeerState p : peers) {
                p.server = ServerState.FINISHING;
            }
            phase = Phase.FINISHING;
            finishEndNs = nowNs + config.waitForFinishMs() * MS;
        } else {
            phase = Phase.DONE;
        }
    }

    /** The statistics so far, per peer in command-line order. */
    public OmpingResult result() {
        List<PeerResult> out = new ArrayList<>();
        for (PeerState p : peers) {
            out.add(new PeerResult(p.peer, p.unicast.snapshot(p.sent), p.multicast.snapshot(p.sent), p.serverInfo));
        }
        Map<OmpingCounter, Long> c = new EnumMap<>(OmpingCounter.class);
        for (OmpingCounter k : OmpingCounter.values()) {
            c.put(k, counters[k.ordinal()]);
        }
        return new OmpingResult(out, c);
    }

    // ---------------------------------------------------------------- client side: sending

    private void sendPhase(long nowNs) {
        for (PeerState p : peers) {
            switch (p.client) {
                case INITIAL -> {
                    if (p.lastInitNs == NEVER || nowNs - p.lastInitNs >= OmpingConfig.INIT_INTERVAL_MS * MS) {
                        listener.onPeerEvent(p.peer, PeerEvent.WAITING_FOR_RESPONSE);
                        send(p.peer.address(), OmpingMessage.init(p.clientId, config.group(), config.remoteVersion()));
                        p.lastInitNs = nowNs;
                    }
                }
                case QUERY -> {
                    if (config.count() > 0 && p.sent >= config.count()) {
                        stopClient(p, PeerEvent.COUNT_REACHED);
                    } else if (p.sent == Long.MAX_VALUE) {
                        stopClient(p, PeerEvent.SEQUENCE_EXHAUSTED);
                    } else {
                        sendNextQuery(p, nowNs);
                    }
                }
                default -> {
                }
            }
        }
    }

    private void stopClient(PeerState p, PeerEvent why) {
        p.client = ClientState.STOP;
        listener.onPeerEvent(p.peer, why);
    }

    private void sendNextQuery(PeerState p, long nowNs) {
        p.sequence = p.sequence >= MAX_SEQUENCE ? 1 : p.sequence + 1;
        p.sent++;
        sendQuery(p, nowNs);
    }

    private void sendQuery(PeerState p, long nowNs) {
        send(p.peer.address(), OmpingMessage.query(p.clientId, p.sequence, wallMicros(nowNs), config.group(),
                p.serverSessionId));
    }

    private void send(InetAddress to, OmpingMessage message) {
        sendTo(new InetSocketAddress(to, config.port()), message);
    }

    private void sendTo(InetSocketAddress to, OmpingMessage message) {
        ByteBuffer b = ByteBuffer.allocate(message.encodedLength());
        message.encode(b);
        b.flip();
        outbox.send(to, b);
    }

    private long wallMicros(long nowNs) {
        return epochOffsetMicros + Math.floorDiv(nowNs, 1000L);
    }

    // ---------------------------------------------------------------- receiving

    /**
     * Handles one received datagram.
     *
     * @param nowNs        when it was received (the RTT uses it)
     * @param from         its source address and port
     * @param viaMulticast whether it arrived on the multicast (broadcast) socket
     * @param receivedTtl  its IP TTL / hop limit, or 0 when unknown (then no {@code dist} is reported)
     */
    public void onDatagram(long nowNs, InetSocketAddress from, boolean viaMulticast, int receivedTtl,
                           ByteBuffer payload) {
        if (phase == Phase.DONE) {
            return;
        }
        int length = payload.remaining();
        OmpingMessage message;
        try {
            message = OmpingMessage.decode(payload);
        } catch (MalformedPacketException e) {
            count(OmpingCounter.MALFORMED_DATAGRAMS);
            return;
        }
        PeerState peer = find(from.getAddress());
        MessageType type = message.type();
        if (viaMulticast) {
            // Only Answers are meaningful on the group; never reply to anything sent to it.
            if (type == MessageType.ANSWER && peer != null && message.version() == OmpingMessage.PROTOCOL_VERSION) {
                onAnswer(peer, message, length, true, receivedTtl, nowNs);
            } else {
                count(OmpingCounter.IGNORED_MESSAGES);
            }
            return;
        }
        if (type == null || message.version() != OmpingMessage.PROTOCOL_VERSION) {
            reply(nowNs, from, OmpingMessage.stopResponse(message), length);
            return;
        }
        switch (type) {
            case INIT -> onInit(peer, message, from, length, nowNs);
            case QUERY -> onQuery(peer, message, from, length, nowNs);
            case RESPONSE -> onResponse(peer, message, nowNs);
            case ANSWER -> {
                if (peer == null) {
                    count(OmpingCounter.IGNORED_MESSAGES);
                } else {
                    onAnswer(peer, message, length, false, receivedTtl, nowNs);
                }
            }
            default -> throw new IllegalStateException(type.name());
        }
    }

    private PeerState find(InetAddress address) {
        for (PeerState p : peers) {
            if (p.peer.address().equals(address)) {
                return p;
            }
        }
        return null;
    }

    private void count(OmpingCounter c) {
        counters[c.ordinal()]++;
    }

    /** A reply no larger than its trigger and within the per-source rate; else counted and not sent. */
    private void reply(long nowNs, InetSocketAddress to, OmpingMessage message, int triggerLength) {
        if (message.encodedLength() > triggerLength) {
            count(OmpingCounter.REPLIES_TOO_LARGE);
            return;
        }
        replyRateLimited(nowNs, to, message);
    }

    private void replyRateLimited(long nowNs, InetSocketAddress to, OmpingMessage message) {
        if (!replyLimiter.tryAcquire(to.getAddress(), nowNs)) {
            count(OmpingCounter.REPLIES_RATE_LIMITED);
            return;
        }
        sendTo(to, message);
    }

    // ---------------------------------------------------------------- server side

    private void onInit(PeerState p, OmpingMessage init, InetSocketAddress from, int length, long nowNs) {
        if (p != null && config.clientOnly()) {
            count(OmpingCounter.IGNORED_MESSAGES);
            return;
        }
        if (p == null || p.server == ServerState.FINISHING) {
            reply(nowNs, from, OmpingMessage.stopResponse(init), length);
            return;
        }
        byte[] clientId = init.clientId();
        if (clientId == null) {
            count(OmpingCounter.IGNORED_MESSAGES);
            return;
        }
        if (!init.prefixCovers(config.group())) {
            reply(nowNs, from, OmpingMessage.prefixResponse(init, config.group()), length);
            return;
        }
        if (p.lastAcceptedInitNs != NEVER && nowNs - p.lastAcceptedInitNs < OmpingConfig.INIT_INTERVAL_MS * MS) {
            count(OmpingCounter.IGNORED_MESSAGES);
            return;
        }
        p.lastAcceptedInitNs = nowNs;
        p.server = ServerState.ANSWER;
        p.ownSessionId = ids.sessionId();
        byte[] info = init.requestedOptions().contains(OmpingOption.SERVER_INFO)
                ? OmpingConfig.SERVER_INFO.getBytes(StandardCharsets.US_ASCII) : null;
        // The one reply larger than its trigger: the protocol needs it, and only a configured peer gets it.
        replyRateLimited(nowNs, from, OmpingMessage.response(clientId, config.group(), info, p.ownSessionId));
    }

    private void onQuery(PeerState p, OmpingMessage query, InetSocketAddress from, int length, long nowNs) {
        if (p != null && config.clientOnly()) {
            count(OmpingCounter.IGNORED_MESSAGES);
            return;
        }
        byte[] sid = query.sessionId();
        if (p == null || p.server != ServerState.ANSWER || query.sequenceNumber() < 0 || query.multicastGroup() == null
                || sid == null || !Arrays.equals(sid, p.ownSessionId)) {
            reply(nowNs, from, OmpingMessage.stopResponse(query), length);
            return;
        }
        if (!p.queryLimiter.tryAcquire(nowNs)) {
            count(OmpingCounter.QUERIES_RATE_LIMITED);
            return;
        }
        OmpingMessage answer = OmpingMessage.answer(query, config.ttl(), wallMicros(nowNs));
        if (answer.encodedLength() > length) {
            count(OmpingCounter.REPLIES_TOO_LARGE);
            return;
        }
        sendTo(from, answer);
        sendTo(new InetSocketAddress(config.group(), from.getPort()), answer);
    }

    // ---------------------------------------------------------------- client side: receiving

    private void onResponse(PeerState p, OmpingMessage response, long nowNs) {
        if (p == null || p.client == ClientState.STOP || !Arrays.equals(response.clientId(), p.clientId)) {
            count(OmpingCounter.IGNORED_MESSAGES);
            return;
        }
        byte[] info = response.serverInfo();
        if (config.remoteVersion() && info != null) {
            p.serverInfo = new String(info, StandardCharsets.ISO_8859_1);
            stopClient(p, PeerEvent.REMOTE_VERSION_RECEIVED);
            return;
        }
        if (response.multicastGroup() == null) {
            if (p.client == ClientState.QUERY) {
                // The server restarted or is finishing: the last Query was answered by this stop, not lost.
                p.client = ClientState.INITIAL;
                p.sent = Math.max(0, p.sent - 1);
                p.clientId = ids.clientId(config.localAddress());
                p.serverSessionId = null;
            } else {
                stopClient(p, PeerEvent.SERVER_TOLD_STOP);
            }
            return;
        }
        byte[] sid = response.sessionId();
        if (sid == null || (p.serverSessionId != null && Arrays.equals(Arrays.copyOf(sid,
                OmpingMessage.SESSION_ID_LENGTH), p.serverSessionId))) {
            count(OmpingCounter.IGNORED_MESSAGES);
            return;
        }
        // omping always sends 16 Session ID bytes whatever it received.
        p.serverSessionId = Arrays.copyOf(sid, OmpingMessage.SESSION_ID_LENGTH);
        if (p.client == ClientState.INITIAL) {
            p.client = ClientState.QUERY;
            listener.onPeerEvent(p.peer, PeerEvent.JOINED);
            if (config.count() > 0 && p.sent >= config.count()) {
                stopClient(p, PeerEvent.COUNT_REACHED);
            } else {
                sendNextQuery(p, nowNs);
            }
        } else {
            sendQuery(p, nowNs);
        }
    }

    private void onAnswer(PeerState p, OmpingMessage answer, int length, boolean viaMulticast, int receivedTtl,
                          long nowNs) {
        long sequence = answer.sequenceNumber();
        if (p.client != ClientState.QUERY || sequence < 0 || !Arrays.equals(answer.clientId(), p.clientId)) {
            count(OmpingCounter.IGNORED_MESSAGES);
            return;
        }
        Cast cast = !viaMulticast ? Cast.UNICAST
                : config.transport() == TransportMethod.IPBC ? Cast.BROADCAST : Cast.MULTICAST;
        long sentMicros = answer.clientTimestampMicros();
        double rttNs = sentMicros < 0 ? 0 : Math.abs(wallMicrosPrecise(nowNs) - sentMicros * 1000.0);
        int ttlOption = answer.ttl();
        int dist = ttlOption > 0 && receivedTtl > 0 ? (ttlOption - receivedTtl) & 0xff : -1;
        RttStatistics stats = cast == Cast.UNICAST ? p.unicast : p.multicast;
        boolean duplicate = stats.record(sequence, rttNs);
        listener.onAnswer(new AnswerEvent(p.peer, cast, sequence, duplicate, length, dist, rttNs / 1e6,
                stats.meanMs(), stats.runningLossPercent(p.sent, cast != Cast.UNICAST)));
        if (config.intervalMs() == 0 && cast == Cast.UNICAST) {
            nextSendPhaseNs = nowNs;
        }
    }

    /** Wall clock in nanoseconds, keeping the sub-microsecond part of {@code nowNs}. */
    private double wallMicrosPrecise(long nowNs) {
        return epochOffsetMicros * 1000.0 + nowNs;
    }

    private final class PeerState {
        final Peer peer;
        ClientState client = ClientState.INITIAL;
        byte[] clientId;
        byte[] serverSessionId;
        long sequence;
        long sent;
        long lastInitNs = NEVER;
        final RttStatistics unicast = new RttStatistics(config.duplicateRingItems());
        final RttStatistics multicast = new RttStatistics(config.duplicateRingItems());
        String serverInfo;
        ServerState server = ServerState.INITIAL;
        byte[] ownSessionId;
        long lastAcceptedInitNs = NEVER;
        final Gcra queryLimiter;

        PeerState(Peer peer, byte[] clientId, long nowNs) {
            this.peer = peer;
            this.clientId = clientId;
            this.queryLimiter = new Gcra(config.rateLimitMs() * MS, QUERY_BURST, nowNs);
        }
    }
}
