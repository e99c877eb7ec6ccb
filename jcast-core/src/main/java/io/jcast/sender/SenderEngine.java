package io.jcast.sender;

import io.jcast.diskio.InputSource;
import io.jcast.fec.FecSpec;
import io.jcast.fec.ReedSolomon;
import io.jcast.protocol.BlockBitmap;
import io.jcast.protocol.Capabilities;
import io.jcast.protocol.ConnectReply;
import io.jcast.protocol.ConnectReq;
import io.jcast.protocol.DataHeader;
import io.jcast.protocol.Hello;
import io.jcast.protocol.MalformedPacketException;
import io.jcast.protocol.Ok;
import io.jcast.protocol.Opcode;
import io.jcast.protocol.ReqAck;
import io.jcast.protocol.Retransmit;
import io.jcast.transfer.Counter;
import io.jcast.transfer.Counters;
import io.jcast.transfer.Duplex;
import io.jcast.transfer.ExitCode;
import io.jcast.transfer.PointToPoint;
import io.jcast.transfer.ReceiverState;
import io.jcast.transfer.SenderConfig;
import io.jcast.transfer.StartPolicy;
import io.jcast.transfer.TransferEvent;
import io.jcast.transfer.TransferException;
import io.jcast.transfer.TransferListener;
import io.jcast.transfer.TransferProgress;
import io.jcast.transfer.TransferResult;
import io.jcast.transport.DatagramTransport;
import io.jcast.transport.GsoDatagramTransport;
import io.jcast.transport.InterfaceResolver;
import io.jcast.transport.MulticastAddresses;
import io.jcast.transport.NioDatagramTransport;
import io.jcast.transport.ResolvedInterface;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The sender's duty cycle (udpcast's udps-negotiate.c and senddata.c): announce with HELLO, admit
 * receivers, start on the configured condition, then send slices, collect OK/RETRANSMIT answers to
 * REQACK rounds, retransmit, drop receivers that stop answering, and say truthfully how it ended.
 * One thread owns all state; {@link #startNow()} and {@link #cancel()} only set flags and wake it.
 *
 * <p>The engine never reads a clock or opens a socket: {@link #run} drives it in real time over the
 * transport {@link #open} made, and a simulation drives {@link #doWork} on its own clock over any
 * {@link DatagramTransport} ({@link #over}).
 */
public final class SenderEngine implements AutoCloseable {
    private static final int BURST_PACKETS = 64;
    private static final long NO_DEADLINE = Long.MAX_VALUE;
    private static final long MS = 1_000_000L;
    /** How long to let the interface drain when the socket buffer is full. */
    private static final long SOCKET_FULL_NS = 200_000;
    /**
     * A receiver's CONNECT_REQ (rendezvous socket) and its DISCONNECT (main socket) lose their order
     * between our two transport. The previous receiver on that address (the last partition's, which says
     * goodbye just before the next one connects) can look like a new receiver leaving: a DISCONNECT
     * this soon after a CONNECT_REQ is taken as sent before it.
     */
    private static final long CROSSED_DISCONNECT_NS = 200 * MS;
    /**
     * HELLO is repeated this often while negotiating even without --rexmit-hello-interval (FOG passes none):
     * udp-receiver sends CONNECT_REQ once at start and again only when it hears a HELLO, so the next HELLO is
     * what recovers its lost CONNECT_REQ or CONNECT_REPLY.
     */
    private static final long DEFAULT_HELLO_NS = 1000 * MS;
    /**
     * A receiver's second CONNECT_REQ this soon after our reply, with no HELLO sent since, crossed the HELLO that
     * caused it, and the reply is on its way: a second reply would reach a connected udp-receiver as "Unexpected
     * opcode 0700". One that answers a HELLO sent after our reply means the reply was lost: a receiver that got
     * it ignores HELLO (both travel the same path, in order).
     */
    private static final long REPLY_HOLDOFF_NS = 100 * MS;
    /**
     * A participant's request this long after its last one, once it has answered, is a new receiver's (see
     * {@link #restarted}).
     */
    private static final long RESTART_EVIDENCE_NS = 500 * MS;
    /** The final call waits this long after the last CONNECT_REPLY, so that crossed requests arrive before it. */
    private static final long FINAL_CALL_GAP_NS = 20 * MS;
    /**
     * A participant silent this long into the data never got its CONNECT_REPLY (or died at once): slice 0 waits
     * for it, so it is dropped rather than holding everyone for --retries-until-drop rounds. Long enough for
     * several HELLOs, each a chance for it to ask again.
     */
    private static final long SILENT_JOINER_NS = 5000 * MS;
    /**
     * Before the data, a last HELLO: only a receiver still locating answers it (CONNECT_REQ), one whose
     * CONNECT_REPLY was lost, so it gets another. The data waits until two calls in a row stay unanswered this
     * long each (at most
     * {@link #MAX_FINAL_CALLS} calls): with a single receiver the data is unicast, and a udp-receiver still
     * locating dies on the first REQACK it gets ("Bad server reply").
     */
    private static final long FINAL_CALL_NS = 200 * MS;
    private static final int MAX_FINAL_CALLS = 20;

    private enum Phase { NEGOTIATING, TRANSFERRING, DONE }

    private final SenderConfig config;
    private final TransferListener listener;
    private final DatagramTransport transport;
    private final long totalBytes;
    private final int blockSize;
    private final int portBase;
    private final boolean async;
    private final boolean fullDuplex;
    private final int capabilities;
    private final Inet4Address announcedDataAddress;
    private final Inet4Address controlAddress;
    private final InetSocketAddress helloTarget;
    private final FecSpec fec;
    private final SliceSource slices;
    private final SliceSizer sizer;
    private final ProactiveFec proactive = new ProactiveFec();
    private final ByteBuffer sendBuf;
    /** The payload part of {@link #sendBuf}, where a repair row is encoded in place. */
    private final ByteBuffer sendPayload;
    private final ByteBuffer controlBuf = ByteBuffer.allocate(256);
    private final ByteBuffer receiveBuf = ByteBuffer.allocateDirect(2048);
    private final BlockBitmap receivedMap = new BlockBitmap();

    private final Roster roster = new Roster();

    private volatile boolean startRequested;
    /** Immutable; {@link #expectReceivers} swaps in another while negotiating. */
    private volatile StartPolicy startPolicy;
    private volatile boolean cancelled;

    private Phase phase = Phase.NEGOTIATING;
    private ExitCode outcome;
    private String outcomeMessage;

    private long helloIntervalNs;
    /** Set once slice 0 is acknowledged: from then on a participant's new CONNECT_REQ is not answered. */
    private boolean firstSliceAcked;
    /** While slice 0 waits: when to look for participants that never answered (see recoverSilentJoiners). */
    private long nextSilentCheckNs = NO_DEADLINE;
    private long nextHelloNs = NO_DEADLINE;
    private int hellosRepeated;
    private long programStartNs;
    private long firstConnectedNs = StartPolicy.NEVER;
    private long lastJoinNs = StartPolicy.NEVER;
    private long lastActivityNs;
    private long finalCallNs = -1;
    private long lastHelloNs = Long.MIN_VALUE / 2;
    private long lastReplyNs = Long.MIN_VALUE / 2;
    private int finalCalls;
    /** Final calls in a row that no CONNECT_REQ answered: two, as a lost HELLO also leaves one unanswered. */
    private int quietCalls;
    /** When a CONNECT_REQ last arrived while negotiating. */
    private long lastRequestNs = -1;
    /** When the start policy's decision can next change with nothing heard meanwhile. */
    private long startCheckNs = NO_DEADLINE;

    private InetSocketAddress dataTarget;
    private OutgoingSlice xmit;
    private final AckRounds rounds = new AckRounds();
    private boolean endSliceAcked;
    private RateGovernor governor;
    private long waitUntilNs;
    private long dataStartNs;
    private long dataEndNs;
    private boolean finalProgressSent;
    private long bytesAcked;
    private long nextStatNs = NO_DEADLINE;
    private final Counters counters = new Counters();

    private SenderEngine(SenderConfig config, TransferListener listener, DatagramTransport transport,
                         InputSource source, boolean fullDuplex, Inet4Address announcedDataAddress,
                         Inet4Address controlAddress) {
        this.config = config;
        this.listener = listener;
        this.transport = transport;
        this.slices = new SliceSource(source, config.blockSize(), config.fec(), config.async(), transport::wakeup);
        this.sizer = new SliceSizer(config, fullDuplex);
        this.totalBytes = source.size();
        this.blockSize = config.blockSize();
        this.portBase = config.portBase();
        this.async = config.async();
        this.startPolicy = config.startPolicy();
        this.fullDuplex = fullDuplex;
        // Async receivers never answer: announce udpcast's word unchanged ("Starting transfer: 00000029").
        this.capabilities = Capabilities.DEFAULT | (async ? Capabilities.ASYNC : Capabilities.JCAST_PROMPT_ANSWERS);
        this.announcedDataAddress = announcedDataAddress;
        this.controlAddress = controlAddress;
        this.helloTarget = new InetSocketAddress(controlAddress, portBase);
        this.fec = config.fec();
        this.sendBuf = ByteBuffer.allocateDirect(DataHeader.LENGTH + blockSize);
        this.sendPayload = sendBuf.slice(DataHeader.LENGTH, blockSize);
    }

    /** Checks the configuration, resolves the interface, opens the input and binds the transport. */
    public static SenderEngine open(SenderConfig config, TransferListener listener) throws TransferException {
        ResolvedInterface nif;
        try {
            nif = InterfaceResolver.resolve(config.interfaceName());
        } catch (IOException e) {
            throw TransferException.network(e);
        }
        boolean mayNeedMulticast = !config.broadcast() && config.pointToPoint() != PointToPoint.ALWAYS;
        try {
            if (mayNeedMulticast && !nif.loopback() && !nif.networkInterface().supportsMulticast()) {
                throw new TransferException(ExitCode.NETWORK_ERROR, "interface " + nif.name()
                        + " does not support multicast (use --pointopoint or --broadcast, or another interface)");
            }
        } catch (IOException e) {
            throw new TransferException(ExitCode.NETWORK_ERROR, "cannot query interface " + nif.name(), e);
        }
        Inet4Address control = MulticastAddresses.controlAddress(nif, config.ttl(),
                (Inet4Address) config.rendezvousAddress());
        Inet4Address data = config.dataAddress() != null ? (Inet4Address) config.dataAddress()
                : config.pointToPoint() == PointToPoint.ALWAYS ? MulticastAddresses.ANY
                : MulticastAddresses.defaultDataAddress(nif.address());

        InputSource source = InputSource.open(config.file(), config.pipe(), config.input());
        InetAddress local = config.localAddress() != null ? config.localAddress() : nif.address();
        DatagramTransport transport;
        try {
            NioDatagramTransport sockets = NioDatagramTransport.open(nif, local, config.portBase() + 1, config.ttl(),
                    config.sendBufferBytes() > 0 ? config.sendBufferBytes() : 4 << 20, 0);
            try {
                if (control.isMulticastAddress() || control.equals(nif.broadcast())) {
                    sockets.listen(control, config.portBase() + 1, 0);
                }
            } catch (IOException e) {
                sockets.close();
                throw new TransferException(ExitCode.NETWORK_ERROR, e.getMessage(), e);
            }
            transport = GsoDatagramTransport.segmenting(sockets, DataHeader.LENGTH + config.blockSize());
        } catch (IOException e) {
            source.close();
            throw TransferException.network(e);
        } catch (TransferException e) {
            source.close();
            throw e;
        }

        boolean fullDuplex = switch (config.duplex()) {
            case FULL -> true;
            case HALF -> false;
            case AUTO -> linkIsFullDuplex(nif.name());
        };
        if (config.duplex() == Duplex.AUTO && fullDuplex && !config.async()) {
            listener.onEvent(new TransferEvent.FullDuplex());
        }
        if (config.pointToPoint() != PointToPoint.ALWAYS) {
            listener.onEvent(new TransferEvent.DataAddress(data));
        }
        listener.onEvent(new TransferEvent.SenderOpened(config.file(), !config.pipe().isEmpty(), local, nif.name()));
        listener.onEvent(new TransferEvent.ControlAddress(control));

        ReedSolomon.warmUpInBackground();
        return over(transport, config, listener, control, data, fullDuplex, source);
    }

    /**
     * An engine over a transport of the caller's (a simulated network, say), bound to the sender's port
     * (portBase + 1) and listening where receivers send CONNECT_REQ. The engine owns {@code transport} and
     * {@code source} from now on and closes them.
     *
     * @param controlAddress where HELLO goes (the rendezvous address, a broadcast or a multicast group)
     * @param dataAddress    the multicast group announced for data (ANY for point-to-point)
     */
    public static SenderEngine over(DatagramTransport transport, SenderConfig config, TransferListener listener,
                                    Inet4Address controlAddress, Inet4Address dataAddress, boolean fullDuplex,
                                    InputSource source) {
        return new SenderEngine(config, listener, transport, source, fullDuplex || config.async(), dataAddress,
                controlAddress);
    }

    /** ethtool's answer, as udpcast asks it: veth and most NICs say full; lo and bridges say nothing. */
    private static boolean linkIsFullDuplex(String name) {
        try {
            return Files.readString(Path.of("/sys/class/net", name.replaceAll(":.*", ""), "duplex")).trim()
                    .equals("full");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    public void startNow() {
        startRequested = true;
        transport.wakeup();
    }

    /** See {@link io.jcast.transfer.Sender#expectReceivers}. */
    public void expectReceivers(int count) {
        startPolicy = startPolicy.withExpectedReceivers(count);
        transport.wakeup();
    }

    public void cancel() {
        cancelled = true;
        transport.wakeup();
    }

    /** Runs the whole session on the calling thread, in real time. */
    public TransferResult run() {
        start(System.nanoTime());
        while (!isDone()) {
            if (doWork(System.nanoTime()) == 0) {
                try {
                    idle(System.nanoTime());
                } catch (IOException e) {
                    finish(ExitCode.NETWORK_ERROR, "network error: " + e.getMessage(), System.nanoTime());
                }
            }
        }
        return result(System.nanoTime());
    }

    /** Begins the session at {@code now}: the first HELLO goes out. */
    public void start(long now) {
        programStartNs = now;
        lastActivityNs = now;
        helloIntervalNs = config.helloInterval().toNanos();
        if (helloIntervalNs == 0) {
            helloIntervalNs = DEFAULT_HELLO_NS;
        }
        try {
            sendHello(Opcode.HELLO, now);
            helloHostsDueBack();
        } catch (IOException e) {
            finish(ExitCode.NETWORK_ERROR, "network error: " + e.getMessage(), now);
        }
        nextHelloNs = helloIntervalNs > 0 ? now + helloIntervalNs : NO_DEADLINE;
    }

    /** True once the session has ended; {@link #result} says how. */
    public boolean isDone() {
        return phase == Phase.DONE;
    }

    /** How the session ended (call once {@link #isDone}); reports ignored datagrams and the final progress. */
    public TransferResult result(long now) {
        if (counters.get(Counter.INVALID_DATAGRAMS) > 0) {
            listener.onEvent(new TransferEvent.DatagramsIgnored(counters.get(Counter.INVALID_DATAGRAMS)));
        }
        if (dataStartNs != 0 && !finalProgressSent) {
            finalProgressSent = true;
            listener.onProgress(progress(now, true));
        }
        return new TransferResult(outcome, outcomeMessage, bytesAcked, counters.get(Counter.RETRANSMITTED_BLOCKS),
                dataStartNs == 0 ? 0 : dataEndNs - dataStartNs, roster.statuses(), counters.snapshot());
    }

    /** One pass of the duty cycle at time {@code now}; returns the amount of work done (0 = idle). */
    public int doWork(long now) {
        if (phase == Phase.DONE) {
            return 0;
        }
        if (cancelled) {
            finish(ExitCode.INTERRUPTED, "cancelled", now);
            return 1;
        }
        try {
            int work = pollControl(now);
            if (phase == Phase.NEGOTIATING) {
                work += negotiate(now);
            } else if (phase == Phase.TRANSFERRING) {
                work += transfer(now);
                if (now >= nextStatNs) {
                    listener.onProgress(progress(now, false));
                    nextStatNs = now + config.statPeriod().toNanos();
                }
            }
            return work;
        } catch (IOException e) {
            finish(ExitCode.NETWORK_ERROR, "network error: " + e.getMessage(), now);
        } catch (RuntimeException e) {
            finish(ExitCode.INTERNAL_ERROR, "internal error: " + e, now);
        }
        return 1;
    }

    /**
     * When {@link #doWork} next has something to do without a datagram arriving: a HELLO, a statistics line, a
     * REQACK timeout, the end of a pacing pause. Never more than 200 ms ahead (as {@link #run} waits at most).
     */
    public long nextDeadlineNs(long now) {
        long deadline = Math.min(nextHelloNs, nextStatNs);
        if (phase == Phase.NEGOTIATING) {
            deadline = Math.min(deadline, Math.min(now + 100 * MS, Math.max(now, startCheckNs)));
        } else {
            if (waitUntilNs > now) {
                deadline = Math.min(deadline, waitUntilNs);
            }
            deadline = rounds.nextDeadline(deadline);
            if (xmit == null && slices.partialDeadlineNs() >= 0) {
                deadline = Math.min(deadline, slices.partialDeadlineNs());
            }
            if (!firstSliceAcked) {
                deadline = Math.min(deadline, nextSilentCheckNs);
            }
        }
        return Math.min(deadline, now + 200 * MS);
    }

    private void idle(long now) throws IOException {
        if (!transport.flush()) {
            LockSupport.parkNanos(SOCKET_FULL_NS); // let the NIC drain
            return;
        }
        long wait = nextDeadlineNs(now) - now;
        if (wait >= 2 * MS) {
            transport.await(wait);
        } else if (wait > 0) {
            LockSupport.parkNanos(wait);
        }
    }

    // ---- control messages ------------------------------------------------------------------

    private int pollControl(long now) throws IOException {
        int n = 0;
        InetSocketAddress from;
        while (n < BURST_PACKETS && (from = transport.receive(receiveBuf)) != null) {
            n++;
            if (async) {
                continue; // udpcast's async sender ignores every receiver message
            }
            if (from.getPort() != portBase) {
                counters.add(Counter.INVALID_DATAGRAMS);
                continue;
            }
            try {
                dispatch(from, receiveBuf, now);
            } catch (MalformedPacketException e) {
                counters.add(Counter.INVALID_DATAGRAMS);
            }
        }
        return n;
    }

    private void dispatch(InetSocketAddress from, ByteBuffer b, long now) throws MalformedPacketException,
            IOException {
        switch (Opcode.of(b)) {
            case Opcode.CONNECT_REQ -> {
                ConnectReq req = ConnectReq.decode(b);
                if (phase == Phase.NEGOTIATING) {
                    onConnectReq(from, req, now);
                } else {
                    Participant p = roster.find(from.getAddress());
                    if (p != null && p.active() && p.neverAnswered() && !firstSliceAcked && replyWasLost(p, now)) {
                        // Its CONNECT_REPLY was lost: slice 0 waits for it anyway, so let it join now (after
                        // slice 0, a udp-receiver would die on the first slice it sees). One that has answered is
                        // already with us: its new request is for the next transfer on this port (the next
                        // partition), and must reach that sender, not this one.
                        replyTo(p, now);
                    } else if (p != null && p.active() && restarted(p, now)) {
                        onRestarted(p, from, now);
                    }
                }
            }
            case Opcode.GO -> {
                if (phase == Phase.NEGOTIATING) {
                    lastActivityNs = now;
                    startRequested = true;
                }
            }
            case Opcode.DISCONNECT -> onDisconnect(from, now);
            case Opcode.OK -> onOk(from, Ok.decodeSlice(b), now);
            case Opcode.RETRANSMIT -> {
                Retransmit.validate(b);
                onRetransmit(from, b, now);
            }
            default -> counters.add(Counter.INVALID_DATAGRAMS);
        }
    }

    private void onConnectReq(InetSocketAddress from, ConnectReq req, long now) throws IOException {
        Participant p = roster.find(from.getAddress());
        if (p == null && !config.admission().test(from.getAddress())) {
            replyTo(from, -1); // its owner says why; a refused request keeps nothing waiting
            return;
        }
        lastActivityNs = now;
        lastRequestNs = now;
        if (p != null) {
            p.connectReqNs = now;
            if (replyWasLost(p, now)) {
                replyTo(p, now);
            }
            return;
        }
        int number = -1;
        if (!(config.pointToPoint() == PointToPoint.ALWAYS && roster.active() > 0)) {
            p = roster.join(from, req.capabilities() | Capabilities.BIG_ENDIAN, now);
            if (p != null) {
                number = p.number;
                if (firstConnectedNs == StartPolicy.NEVER) {
                    firstConnectedNs = now;
                }
                lastJoinNs = now;
                listener.onEvent(new TransferEvent.ReceiverJoined(number, from.getAddress(), p.capabilities));
                listener.onReceiverChanged(p.status());
                replyTo(p, now);
                return;
            }
        }
        replyTo(from, number); // -1: refused
    }

    /**
     * A participant that has answered in the data phase asks to join again before the end marker was made. A
     * receiver asks only while it looks for a sender, and one per host may take part: this request comes from a new
     * receiver on that host (the machine rebooted, the imaging client started over). Late copies of its first
     * request (network duplicates, the copies to the broadcast and rendezvous addresses) come within
     * {@link #RESTART_EVIDENCE_NS}. Once the end marker is made, a receiver may have finished with its last OK lost,
     * and its request is for the next transfer on this port: that one is left to the usual rules.
     */
    private boolean restarted(Participant p, long now) {
        return !p.neverAnswered() && !slices.endMade() && now - p.connectReqNs >= RESTART_EVIDENCE_NS;
    }

    /**
     * The receiver we serve on that host is gone: dropped now, not after --retries-until-drop rounds of waiting
     * (minutes, during which everyone else waits). The new one is refused: it cannot join mid-stream, and a
     * udp-receiver left looking would take the next transfer on this port (the next partition) for the one it
     * missed and write it in the wrong place.
     */
    private void onRestarted(Participant p, InetSocketAddress from, long now) throws IOException {
        listener.onEvent(new TransferEvent.ReceiverDropped(p.number, TransferEvent.DropReason.RESTARTED));
        listener.onEvent(new TransferEvent.ReceiverLeft(p.number, p.address.getAddress()));
        remove(p, ReceiverState.DROPPED, "it restarted: a new receiver on that host asked to join mid-transfer",
                now);
        replyTo(from, -1);
        if (phase == Phase.TRANSFERRING) {
            recheckAll(now);
        }
    }

    /** A known participant asks again: is it still without our reply (see {@link #REPLY_HOLDOFF_NS})? */
    private boolean replyWasLost(Participant p, long now) {
        return lastHelloNs > p.replyNs || now - p.replyNs >= REPLY_HOLDOFF_NS;
    }

    private void replyTo(Participant p, long now) throws IOException {
        p.replyNs = now;
        lastReplyNs = now;
        replyTo(p.address, p.number);
    }

    private void replyTo(InetSocketAddress from, int number) throws IOException {
        Inet4Address data = config.pointToPoint() == PointToPoint.ALWAYS && from.getAddress() instanceof Inet4Address a
                ? a : announcedDataAddress;
        controlBuf.clear();
        new ConnectReply(number, blockSize, capabilities, data).encode(controlBuf);
        sendControl(from);
    }

    private void onDisconnect(InetSocketAddress from, long now) {
        Participant p = roster.find(from.getAddress());
        if (p == null || !p.active()) {
            return;
        }
        if (phase == Phase.NEGOTIATING) {
            if (now - p.connectReqNs < CROSSED_DISCONNECT_NS) {
                return;
            }
            roster.forget(p);
            listener.onEvent(new TransferEvent.ReceiverLeft(p.number, from.getAddress()));
            return;
        }
        if (hasAllData(p)) {
            // udpcast receivers say goodbye only after the end marker, so a lost final OK must not turn a
            // receiver that has every byte into one that "left early": take the DISCONNECT as that OK.
            for (int i = 0; i < rounds.size(); i++) {
                rounds.get(i).ready.add(p.number);
            }
            recheckAll(now);
            return;
        }
        remove(p, ReceiverState.DISCONNECTED, "disconnected before the end of the data", now);
        listener.onEvent(new TransferEvent.ReceiverLeft(p.number, from.getAddress()));
        if (roster.active() == 0 && !async) {
            finish(ExitCode.INCOMPLETE, "all receivers left before the end of the data", now);
            return;
        }
        recheckAll(now);
    }

    /** True once the end marker exists and {@code p} acknowledged every slice that carries data. */
    private boolean hasAllData(Participant p) {
        if (!slices.endMade() || xmit != null && xmit.bytes > 0) {
            return false;
        }
        for (int i = 0; i < rounds.size(); i++) {
            OutgoingSlice s = rounds.get(i);
            if (s.bytes > 0 && !s.ready.contains(p.number)) {
                return false;
            }
        }
        return true;
    }

    private void onOk(InetSocketAddress from, int sliceNo, long now) throws IOException {
        Participant p = roster.find(from.getAddress());
        OutgoingSlice s = rounds.find(sliceNo);
        if (p == null || !p.active() || s == null) {
            return;
        }
        s.heard.add(p.number);
        if (s.ready.add(p.number)) {
            p.bytesAcknowledged += s.bytes;
            if (p.lagging) {
                p.lagging = false;
                listener.onReceiverChanged(p.status());
            }
        }
        s.answered.add(p.number);
        check(s, now);
    }

    private void onRetransmit(InetSocketAddress from, ByteBuffer b, long now) throws IOException {
        Participant p = roster.find(from.getAddress());
        OutgoingSlice s = rounds.find(b.getInt(b.position() + Retransmit.SLICE_OFFSET));
        if (p == null || !p.active() || s == null) {
            return;
        }
        p.retransmitRequests++;
        s.heard.add(p.number);
        if (b.getInt(b.position() + Retransmit.RXMIT_OFFSET) != s.rxmitId) {
            return; // answers an earlier round: its wishes were already served
        }
        receivedMap.read(b, b.position() + Retransmit.MAP_OFFSET);
        // FEC pays with several receivers: one row repairs a different loss at each of them.
        boolean byFec = repairByFec() && s.planRepair(receivedMap, (p.capabilities & Capabilities.JCAST_NET_NEED) != 0);
        if (byFec ? s.pendingStripe() >= 0 : s.rexmitMap.addMissing(receivedMap, s.xmitted, s.nrBlocks) > 0) {
            s.needRxmit = true;
        }
        s.answered.add(p.number);
        check(s, now);
    }

    // ---- negotiation -------------------------------------------------------------------------

    private int negotiate(long now) throws IOException {
        int work = 0;
        if (now >= nextHelloNs) {
            sendHello(Opcode.HELLO, now);
            helloHostsDueBack();
            hellosRepeated++;
            nextHelloNs = now + helloIntervalNs;
            work++;
        }
        StartPolicy.Decision decision = startPolicy.decide(new StartPolicy.Facts(now, programStartNs, roster.active(),
                firstConnectedNs, lastJoinNs, hellosRepeated, lastActivityNs, startRequested));
        switch (decision.kind()) {
            case START -> {
                if (!async && roster.active() > 0 && !finalCall(now)) {
                    return work; // the final call is still out
                }
                listener.onStartDecision(decision.reason());
                beginTransfer(now);
                return work + 1;
            }
            case TIMEOUT -> finish(ExitCode.START_TIMEOUT, decision.reason(), now);
            case WAIT -> startCheckNs = decision.nextChangeNs();
        }
        return work;
    }

    /**
     * Sends the final call (again if a CONNECT_REQ answered the last one); true once two calls stayed unanswered.
     * While it returns false, {@link #startCheckNs} says when to ask again.
     */
    private boolean finalCall(long now) throws IOException {
        if (finalCallNs >= 0 && now - finalCallNs < FINAL_CALL_NS || now - lastReplyNs < FINAL_CALL_GAP_NS) {
            // answers may still come
            startCheckNs = Math.max(finalCallNs < 0 ? now : finalCallNs + FINAL_CALL_NS, lastReplyNs + FINAL_CALL_GAP_NS);
            return false;
        }
        if (finalCallNs >= 0 && lastRequestNs < finalCallNs) {
            quietCalls++;
        } else {
            quietCalls = 0;
        }
        if (finalCallNs < 0 || quietCalls < 2 && finalCalls < MAX_FINAL_CALLS) {
            sendHello(Opcode.HELLO, now);
            helloHostsDueBack();
            finalCallNs = now;
            finalCalls++;
            startCheckNs = now + FINAL_CALL_NS;
            return false;
        }
        return true;
    }

    private void beginTransfer(long now) {
        if (!async && roster.active() == 0) {
            listener.onEvent(new TransferEvent.NoReceivers());
            finish(ExitCode.NO_RECEIVERS, "no receiver connected", now);
            return;
        }
        if (config.pointToPoint() == PointToPoint.ALWAYS && !async && roster.active() != 1) {
            finish(ExitCode.USAGE, "pointopoint mode set, and " + roster.active() + " participants instead of 1", now);
            return;
        }
        Inet4Address data = announcedDataAddress;
        if (config.broadcast()) {
            data = controlAddress;
        } else if (!async && (config.pointToPoint() == PointToPoint.ALWAYS
                || config.pointToPoint() == PointToPoint.AUTO && roster.active() == 1)) {
            for (int i = 0; i < Roster.MAX_CLIENTS; i++) {
                Participant p = roster.slot(i);
                if (p != null && p.active()) {
                    data = (Inet4Address) p.address.getAddress();
                }
            }
        }
        dataTarget = new InetSocketAddress(data, portBase);
        int caps = capabilities;
        for (int i = 0; i < Roster.MAX_CLIENTS; i++) {
            Participant p = roster.slot(i);
            if (p != null && p.active()) {
                caps &= p.capabilities;
                p.state = ReceiverState.RECEIVING;
                listener.onReceiverChanged(p.status());
            }
        }
        listener.onEvent(new TransferEvent.TransferStarting(caps));
        // Unlike udpcast, keep the broadcast/rendezvous sockets: a receiver whose CONNECT_REPLY was lost
        // repeats its CONNECT_REQ there, and we answer it so that it can still join.
        if (config.maxBitrateBps() > 0) {
            governor = new RateGovernor(config.maxBitrateBps(), now);
        }
        nextHelloNs = NO_DEADLINE;
        if (!async) {
            // Once more before the data: a receiver whose CONNECT_REPLY was lost asks again on hearing it.
            try {
                sendHello(Opcode.HELLO, now);
            } catch (IOException e) {
                finish(ExitCode.NETWORK_ERROR, "network error: " + e.getMessage(), now);
                return;
            }
            nextSilentCheckNs = now + DEFAULT_HELLO_NS;
        }
        phase = Phase.TRANSFERRING;
        dataStartNs = now;
        nextStatNs = now + config.statPeriod().toNanos();
        listener.onTransferStarted();
    }

    // ---- transfer ----------------------------------------------------------------------------

    private int transfer(long now) throws IOException {
        int work = 0;
        if (!firstSliceAcked && !async) {
            work += recoverSilentJoiners(now);
            if (phase != Phase.TRANSFERRING) {
                return work;
            }
        }
        for (int i = 0; i < rounds.size(); i++) {
            OutgoingSlice s = rounds.get(i);
            if (now >= s.deadlineNs) {
                onTimeout(s, now);
                work++;
                if (phase != Phase.TRANSFERRING) {
                    return work;
                }
            }
        }
        if (now < waitUntilNs) {
            return work;
        }
        for (int i = 0; i < rounds.size(); i++) {
            OutgoingSlice s = rounds.get(i);
            if (s.needRxmit) {
                int sent = retransmit(s, now);
                work += sent;
                if (s.needRxmit || now < waitUntilNs) {
                    return work;
                }
            }
        }
        if (xmit == null && mayStartSlice()) {
            xmit = makeSlice(now);
            if (xmit != null) {
                work++;
            }
        }
        if (xmit != null) {
            work += transmit(xmit, now);
        }
        return work;
    }

    /**
     * While slice 0 waits: repeat HELLO for participants that never answered (their CONNECT_REPLY may have been
     * lost, and a udp-receiver asks again only on a HELLO), and drop them once {@link #SILENT_JOINER_NS} passed.
     */
    private int recoverSilentJoiners(long now) throws IOException {
        if (now < nextSilentCheckNs) {
            return 0;
        }
        int work = 0;
        boolean silent = false;
        for (int i = 0; i < Roster.MAX_CLIENTS; i++) {
            Participant p = roster.slot(i);
            if (p == null || !p.active() || !p.neverAnswered()) {
                continue;
            }
            // From the data's start, or from our last reply if it came later (it joined late).
            if (now - Math.max(dataStartNs, p.replyNs) >= SILENT_JOINER_NS) {
                listener.onEvent(new TransferEvent.ReceiverDropped(p.number, TransferEvent.DropReason.NEVER_ANSWERED));
                listener.onEvent(new TransferEvent.ReceiverLeft(p.number, p.address.getAddress()));
                remove(p, ReceiverState.DROPPED, "never answered after joining", now);
                work++;
            } else {
                silent = true;
            }
        }
        if (work > 0 && phase == Phase.TRANSFERRING) {
            recheckAll(now);
        }
        if (silent) {
            sendHello(Opcode.HELLO, now);
            helloHostsDueBack();
            work++;
        }
        nextSilentCheckNs = now + DEFAULT_HELLO_NS;
        return work;
    }

    private boolean mayStartSlice() {
        if (slices.endMade() || phase != Phase.TRANSFERRING) {
            return false;
        }
        if (async || rounds.isEmpty()) {
            return true;
        }
        if (!fullDuplex) {
            return false;
        }
        // udpcast receivers accept a slice at most two past their last complete one. jcast receivers could
        // hold more, but a deeper pipeline only lets the sender outrun receivers short of CPU (measured).
        if (slices.nextSliceNo() - rounds.get(0).sliceNo >= 2) {
            return false;
        }
        // A C receiver that saw nothing of slice n dies on the first packet of n+1 ("Dropped by server"),
        // so with such receivers n+1 starts only once every receiver has answered n at least once.
        return roster.gapIntolerant() == 0 || rounds.get(rounds.size() - 1).heard.size() >= roster.active();
    }

    /**
     * FEC rows repair a round of losses (and go with the data) when several receivers miss different blocks, in
     * full duplex. Not to udp-receivers unless --fec asked for it: the first FEC block switches udp-receiver into its
     * FEC mode, where a thread of its own frees the four slots; when that thread falls three slices behind (a busy
     * CPU), the receiver's count of complete slices goes back a lap and it dies with "Dropped by server"
     * (UdpReceiverReliabilityIT.unshapedReceiversOnOneCpu; udp-sender never sends FEC without --fec).
     */
    private boolean repairByFec() {
        return !sizer.adaptive() && roster.active() > 1 && (fec != null || roster.gapIntolerant() == 0);
    }

    private OutgoingSlice makeSlice(long now) {
        IOException error = slices.error();
        if (error != null) {
            finish(ExitCode.IO_ERROR, "cannot read input: " + error.getMessage(), now);
            return null;
        }
        // udp-receiver stops reading multicast once it knows where the data ends (its end-phase select misses that
        // socket): the end marker waits until every slice is acknowledged, or a receiver still repairing one would
        // never hear the retransmissions.
        boolean holdEnd = roster.gapIntolerant() > 0 && !rounds.isEmpty();
        OutgoingSlice s = slices.next(sizer.size(), holdEnd, now);
        if (s != null && !slices.hasFec(s) && !async && s.bytes > 0 && repairByFec()) {
            s.planProactive(proactive.rows());
        }
        return s;
    }

    private int transmit(OutgoingSlice s, long now) throws IOException {
        int fecCount = slices.hasFec(s) ? fec.redundancy() * fec.stripes() : 0;
        int rehelloAt = config.streaming() ? Math.max(0, s.nrBlocks - config.rehelloOffset()) : -1;
        int sent = 0;
        int stripe;
        while (sent < BURST_PACKETS) {
            if (s.nextBlock < s.nrBlocks) {
                if (s.nextBlock == rehelloAt && !s.rehelloSent) {
                    s.rehelloSent = true;
                    sendHello(Opcode.HELLO_STREAMING, now);
                }
                if (!sendBlock(s, s.nextBlock, now)) {
                    return sent;
                }
            } else if (s.nextBlock < s.nrBlocks + fecCount) {
                if (!sendFec(s, s.nextBlock - s.nrBlocks, now)) {
                    return sent;
                }
            } else if ((stripe = s.pendingStripe()) >= 0) {
                if (!sendRepair(s, stripe, now)) {
                    return sent;
                }
                sent++;
                continue;
            } else {
                finishTransmission(s, now);
                return sent + 1;
            }
            s.nextBlock++;
            sent++;
        }
        return sent;
    }

    private boolean pace(long now, int bytes) {
        if (governor == null) {
            return true;
        }
        long delay = governor.delayNanos(now, bytes);
        if (delay > 0) {
            waitUntilNs = now + delay;
            return false;
        }
        return true;
    }

    private boolean sendBlock(OutgoingSlice s, int block, long now) throws IOException {
        int len = s.blockLength(block, blockSize);
        if (!pace(now, DataHeader.LENGTH + len)) {
            return false;
        }
        sendBuf.clear();
        DataHeader.write(sendBuf, Opcode.DATA, 0, s.sliceNo, block, s.bytes);
        sendBuf.put(DataHeader.LENGTH, slices.block(s, block), 0, len);
        return sendData(DataHeader.LENGTH + len, now);
    }

    private boolean sendFec(OutgoingSlice s, int index, long now) throws IOException {
        if (!pace(now, DataHeader.LENGTH + blockSize)) {
            return false;
        }
        sendBuf.clear();
        DataHeader.write(sendBuf, Opcode.FEC, fec.stripes(), s.sliceNo, index, s.bytes);
        sendBuf.put(DataHeader.LENGTH, slices.fecBlock(index), 0, blockSize);
        return sendData(DataHeader.LENGTH + blockSize, now);
    }

    /** Sends the next unused FEC row of {@code stripe}, computed now; udpcast receivers take it as any FEC block. */
    private boolean sendRepair(OutgoingSlice s, int stripe, long now) throws IOException {
        if (!pace(now, DataHeader.LENGTH + blockSize)) {
            return false;
        }
        int row = s.nextRow(stripe);
        slices.encodeRow(s, stripe, s.repairStripes, row, sendPayload);
        sendBuf.clear();
        DataHeader.write(sendBuf, Opcode.FEC, s.repairStripes, s.sliceNo, stripe + row * s.repairStripes, s.bytes);
        if (!sendData(DataHeader.LENGTH + blockSize, now)) {
            return false;
        }
        s.rowSent(stripe);
        return true;
    }

    private boolean sendData(int length, long now) throws IOException {
        sendBuf.limit(length).position(0);
        if (!transport.sendBatched(sendBuf, dataTarget)) {
            waitUntilNs = now + SOCKET_FULL_NS; // let the NIC drain
            return false;
        }
        return true;
    }

    private void finishTransmission(OutgoingSlice s, long now) throws IOException {
        xmit = null;
        if (async) {
            if (s.bytes == 0 && fec == null) {
                // No return channel: the end marker goes twice, as udpcast does.
                sendReqAck(s, now);
                s.rxmitId++;
                sendReqAck(s, now);
            }
            acknowledge(s, now);
            return;
        }
        rounds.add(s);
        sendReqAck(s, now);
    }

    private void sendReqAck(OutgoingSlice s, long now) throws IOException {
        controlBuf.clear();
        ReqAck.encode(controlBuf, s.sliceNo, s.bytes, s.rxmitId, s.ready.bitmap());
        controlBuf.flip();
        transport.send(controlBuf, dataTarget);
        if (s.bytes == 0 && s.timeouts > 0 && roster.gapIntolerant() > 0) {
            // A udp-receiver that has the end marker reads only its unicast socket (its end-phase select misses
            // the multicast one): after a lost final OK, only a unicast REQACK gets it to say OK again.
            for (int i = 0; i < Roster.MAX_CLIENTS; i++) {
                Participant p = roster.slot(i);
                if (p != null && p.active() && !s.ready.contains(p.number)
                        && (p.capabilities & Capabilities.JCAST_GAP_TOLERANT) == 0 && !p.address.equals(dataTarget)) {
                    controlBuf.rewind();
                    transport.send(controlBuf, p.address);
                }
            }
        }
        rounds.roundSent(s, now);
    }

    private int retransmit(OutgoingSlice s, long now) throws IOException {
        int sent = 0;
        int b;
        while (sent < BURST_PACKETS && (b = s.rexmitMap.nextSetBit(0)) >= 0) {
            if (!sendBlock(s, b, now)) {
                return sent;
            }
            s.rexmitMap.clear(b);
            s.xmitted.set(b);
            s.retransmitted = true;
            counters.add(Counter.RETRANSMITTED_BLOCKS);
            sent++;
        }
        int stripe;
        while (sent < BURST_PACKETS && s.rexmitMap.nextSetBit(0) < 0 && (stripe = s.pendingStripe()) >= 0) {
            if (!sendRepair(s, stripe, now)) {
                return sent;
            }
            s.retransmitted = true;
            counters.add(Counter.RETRANSMITTED_BLOCKS);
            sent++;
        }
        if (s.rexmitMap.nextSetBit(0) < 0 && s.pendingStripe() < 0) {
            s.needRxmit = false;
            check(s, now);
        }
        return sent;
    }

    /** After an answer or a change of membership: acknowledge the slice, or start the next round. */
    private void check(OutgoingSlice s, long now) throws IOException {
        if (!rounds.contains(s)) {
            return;
        }
        if (roster.active() == 0) {
            return;
        }
        switch (rounds.judge(s, roster.active(), now)) {
            case ACKNOWLEDGED -> acknowledge(s, now);
            case NEXT_ROUND -> {
                sizer.afterLosses(s);
                s.rxmitId++;
                sendReqAck(s, now);
            }
            case WAIT -> {
            }
        }
    }

    private void recheckAll(long now) {
        try {
            for (OutgoingSlice s : rounds.snapshot()) {
                check(s, now);
            }
        } catch (IOException e) {
            finish(ExitCode.NETWORK_ERROR, "network error: " + e.getMessage(), now);
        }
    }

    private void onTimeout(OutgoingSlice s, long now) throws IOException {
        // The same round is asked again: answers to the first REQACK that were merely slow still count.
        s.timeouts++;
        counters.add(Counter.REQACK_TIMEOUTS);
        if (s.rxmitId + s.timeouts > config.retriesUntilDrop()) {
            for (int i = 0; i < Roster.MAX_CLIENTS; i++) {
                Participant p = roster.slot(i);
                if (p != null && p.active() && !s.ready.contains(p.number)) {
                    if (hasAllData(p)) {
                        // It acknowledged every byte: only its word on the end marker is missing (a udp-receiver
                        // with unicast data reads nothing after the end, and its goodbye may be lost).
                        s.ready.add(p.number);
                        continue;
                    }
                    listener.onEvent(new TransferEvent.ReceiverDropped(p.number, TransferEvent.DropReason.TIMEOUT));
                    listener.onEvent(new TransferEvent.ReceiverLeft(p.number, p.address.getAddress()));
                    remove(p, ReceiverState.DROPPED, "no answer after " + config.retriesUntilDrop() + " rounds", now);
                }
            }
            if (phase != Phase.TRANSFERRING) {
                return;
            }
            recheckAll(now);
            if (!rounds.contains(s)) {
                return;
            }
        } else {
            for (int i = 0; i < Roster.MAX_CLIENTS; i++) {
                Participant p = roster.slot(i);
                if (p != null && p.active() && !s.ready.contains(p.number) && !p.lagging && s.timeouts >= 2) {
                    p.lagging = true;
                    listener.onReceiverChanged(p.status());
                }
            }
            if (s.timeouts % 6 == 0) {
                listener.onEvent(timeoutReport(s));
            }
            if (s.timeouts >= 3 && !config.streaming() && now - lastHelloNs >= DEFAULT_HELLO_NS) {
                helloSilentHosts(s, now);
            }
        }
        sendReqAck(s, now);
    }

    private TransferEvent timeoutReport(OutgoingSlice s) {
        List<Integer> notAnswered = new ArrayList<>();
        List<Integer> notReady = new ArrayList<>();
        for (int i = 0; i < Roster.MAX_CLIENTS; i++) {
            Participant p = roster.slot(i);
            if (p != null && p.active()) {
                if (!s.answered.contains(p.number)) {
                    notAnswered.add(p.number);
                }
                if (!s.ready.contains(p.number)) {
                    notReady.add(p.number);
                }
            }
        }
        return new TransferEvent.RoundTimedOut(s.sliceNo, notAnswered, notReady, s.answered.size(), s.ready.size(),
                roster.active(), rounds.averageAnswerNs() / 1000);
    }

    private void remove(Participant p, ReceiverState state, String reason, long now) {
        roster.leave(p, state, reason);
        if (state == ReceiverState.DROPPED) {
            counters.add(Counter.RECEIVERS_DROPPED);
        }
        for (int i = 0; i < rounds.size(); i++) {
            rounds.get(i).forget(p.number);
        }
        listener.onReceiverChanged(p.status());
        if (roster.active() == 0 && phase == Phase.TRANSFERRING && !async) {
            finish(ExitCode.INCOMPLETE, "every receiver was dropped or left before the end", now);
        }
    }

    private void acknowledge(OutgoingSlice s, long now) {
        rounds.remove(s);
        if (s.bytes > 0 && !async) {
            proactive.learn(s, roster.rawReporters() > 0);
        }
        bytesAcked += s.bytes;
        if (s.sliceNo == 0 || s.bytes == 0) {
            firstSliceAcked = true;
            nextSilentCheckNs = NO_DEADLINE;
        }
        long keepFrom = slices.nextPosition();
        if (xmit != null) {
            keepFrom = Math.min(keepFrom, xmit.base);
        }
        slices.release(rounds.keepFrom(keepFrom));
        sizer.afterAcknowledged(s);
        if (s.bytes == 0) {
            endSliceAcked = true;
        }
        slices.recycle(s);
        if (endSliceAcked && rounds.isEmpty() && xmit == null) {
            complete(now);
        }
    }

    private void complete(long now) {
        for (int i = 0; i < Roster.MAX_CLIENTS; i++) {
            Participant p = roster.slot(i);
            if (p != null && p.active()) {
                p.state = ReceiverState.COMPLETED;
                listener.onReceiverChanged(p.status());
            }
        }
        if (dataStartNs != 0) {
            // udpcast prints the final stat line before "Transfer complete."
            dataEndNs = now;
            listener.onProgress(progress(now, true));
            finalProgressSent = true;
        }
        listener.onEvent(new TransferEvent.TransferComplete());
        for (int i = 0; i < Roster.MAX_CLIENTS; i++) {
            Participant p = roster.slot(i);
            if (p != null && p.state == ReceiverState.COMPLETED) {
                listener.onEvent(new TransferEvent.ReceiverLeft(p.number, p.address.getAddress()));
            }
        }
        if (async) {
            finish(ExitCode.OK, "sent " + bytesAcked + " bytes (async: receivers do not acknowledge)", now);
        } else if (roster.leftEarly() == 0) {
            finish(ExitCode.OK, "transfer complete: " + bytesAcked + " bytes to " + roster.completed()
                    + " receiver(s)", now);
        } else {
            finish(ExitCode.RECEIVERS_DROPPED, "transfer complete for " + roster.completed() + " receiver(s); "
                    + roster.leftEarly() + " dropped or left early", now);
        }
    }

    private void finish(ExitCode code, String message, long now) {
        if (phase == Phase.DONE) {
            return;
        }
        outcome = code;
        outcomeMessage = message;
        dataEndNs = now;
        phase = Phase.DONE;
    }

    // ---- output ------------------------------------------------------------------------------

    private void sendHello(int opcode, long now) throws IOException {
        lastHelloNs = now;
        sendHelloTo(opcode, helloTarget);
    }

    private void sendHelloTo(int opcode, InetSocketAddress to) throws IOException {
        controlBuf.clear();
        new Hello(opcode, capabilities, announcedDataAddress, blockSize).encode(controlBuf);
        sendControl(to);
    }

    /**
     * A unicast HELLO to each of {@link SenderConfig#unicastHelloTo} that has not joined, or has not answered yet
     * (its CONNECT_REPLY may be lost, and it hears no group HELLO; a connected receiver ignores HELLO). It does not
     * move {@link #lastHelloNs}: {@link #replyWasLost} reads that for the group's receivers.
     */
    private void helloHostsDueBack() throws IOException {
        for (InetAddress host : config.unicastHelloTo()) {
            Participant p = roster.find(host);
            if (p == null || p.active() && p.neverAnswered()) {
                sendHelloTo(Opcode.HELLO, new InetSocketAddress(host, portBase));
            }
        }
    }

    /**
     * A silent participant may be a receiver that restarted and whose one request was lost: it looks for us, and a
     * HELLO makes it ask again (see {@link #restarted}). To the group, and to each silent host by unicast (FOG's
     * udp-receiver, with the server's own address as rendezvous, hears no group HELLO). Receivers in the data phase
     * ignore HELLO.
     */
    private void helloSilentHosts(OutgoingSlice s, long now) throws IOException {
        sendHello(Opcode.HELLO, now);
        for (int i = 0; i < Roster.MAX_CLIENTS; i++) {
            Participant p = roster.slot(i);
            if (p != null && p.active() && !s.ready.contains(p.number) && !s.answered.contains(p.number)) {
                sendHelloTo(Opcode.HELLO, p.address);
            }
        }
    }

    private void sendControl(InetSocketAddress to) throws IOException {
        controlBuf.flip();
        transport.send(controlBuf, to);
    }

    private TransferProgress progress(long now, boolean done) {
        long elapsed = (done ? dataEndNs : now) - dataStartNs;
        return new TransferProgress(bytesAcked, totalBytes, elapsed <= 0 ? 0 : bytesAcked * 1e9 / elapsed,
                counters.get(Counter.RETRANSMITTED_BLOCKS), sizer.size(), elapsed, roster.statuses(), done);
    }

    @Override
    public void close() {
        transport.close();
        slices.close();
    }
}
