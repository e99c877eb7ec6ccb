package io.jcast.receiver;

import io.jcast.diskio.OutputSink;
import io.jcast.diskio.OutputWriter;
import io.jcast.fec.ReedSolomon;
import io.jcast.protocol.Capabilities;
import io.jcast.protocol.ConnectReply;
import io.jcast.protocol.ConnectReq;
import io.jcast.protocol.DataHeader;
import io.jcast.protocol.Hello;
import io.jcast.protocol.MalformedPacketException;
import io.jcast.protocol.Opcode;
import io.jcast.protocol.ReqAck;
import io.jcast.protocol.ShortMessage;
import io.jcast.transfer.Counter;
import io.jcast.transfer.Counters;
import io.jcast.transfer.ExitCode;
import io.jcast.transfer.ReceiverConfig;
import io.jcast.transfer.TransferEvent;
import io.jcast.transfer.TransferException;
import io.jcast.transfer.TransferListener;
import io.jcast.transfer.TransferProgress;
import io.jcast.transfer.TransferResult;
import io.jcast.transport.InterfaceResolver;
import io.jcast.transport.MulticastAddresses;
import io.jcast.transport.ResolvedInterface;
import io.jcast.transport.DatagramTransport;
import io.jcast.transport.NioDatagramTransport;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The receiver's duty cycle (udpcast's udpr-negotiate.c and receivedata.c): find the sender, join,
 * collect each slice's blocks (repairing with FEC), answer REQACK with OK or RETRANSMIT, hand
 * completed slices to the writer in order, and after the end linger for {@code exit-wait} so a
 * lost final OK can be repeated. The result is OK only if every byte reached the output. All the while
 * it re-joins its multicast groups every {@code reannounce-interval}, so that snooping switches keep
 * forwarding them.
 *
 * <p>The engine never reads a clock or opens a socket: {@link #run} drives it in real time over the
 * transport {@link #open} made, and a simulation drives {@link #doWork} on its own clock over any
 * {@link DatagramTransport} ({@link #over}).
 */
public final class ReceiverEngine implements AutoCloseable {
    /** With no --receive-timeout, a sender silent this long during the transfer is taken as gone. */
    public static final Duration DEFAULT_RECEIVE_TIMEOUT = Duration.ofSeconds(60);
    private static final long MS = 1_000_000L;
    private static final long CONNECT_RETRY_NS = 1000 * MS;
    private static final long FLOWING_NS = 2 * MS;
    private static final long PARK_NS = 250_000;

    private enum Phase { LOCATING, RECEIVING, LINGERING, DONE }

    private final ReceiverConfig config;
    private final TransferListener listener;
    private final DatagramTransport transport;
    private final InetAddress localAddress;
    private final InetSocketAddress controlTarget;
    private final Inet4Address controlAddress;
    private final OutputSink sink;
    private final int portBase;
    private final ByteBuffer receiveBuf = ByteBuffer.allocateDirect(65536);
    private final ByteBuffer controlBuf = ByteBuffer.allocate(256);

    private volatile boolean cancelled;
    private volatile boolean startRequested;

    private Phase phase = Phase.LOCATING;
    private ExitCode outcome;
    private String outcomeMessage;
    private InetSocketAddress server;
    private int blockSize = 1456;
    private Inet4Address dataAddress;
    private boolean passive;
    private boolean streaming;
    private boolean goSent;
    /** The sender takes answers no REQACK asked for (a jcast sender: {@link Capabilities#JCAST_PROMPT_ANSWERS}). */
    private boolean promptSender;

    private OutputWriter<IncomingSlice> writer;
    private SliceWindow window;
    private Answerer answerer;

    private long startNs;
    private long connectedNs;
    private long nextConnectReqNs;
    private long dataStartNs;
    private long dataEndNs;
    private boolean finalProgressSent;
    private long lastServerPacketNs;
    private long nextStatNs = Long.MAX_VALUE;
    private long nextReannounceNs = Long.MAX_VALUE;
    private final Counters counters = new Counters();

    private ReceiverEngine(ReceiverConfig config, TransferListener listener, DatagramTransport transport,
                           InetAddress localAddress, Inet4Address controlAddress, OutputSink sink) {
        this.config = config;
        this.listener = listener;
        this.transport = transport;
        this.localAddress = localAddress;
        this.controlAddress = controlAddress;
        this.controlTarget = new InetSocketAddress(controlAddress, config.portBase() + 1);
        this.sink = sink;
        this.portBase = config.portBase();
        this.passive = config.passive();
    }

    /** Resolves the interface, binds the sockets and opens (truncates) the output. */
    public static ReceiverEngine open(ReceiverConfig config, TransferListener listener) throws TransferException {
        ResolvedInterface nif;
        NioDatagramTransport sockets;
        InetAddress local;
        int rcvbuf = config.receiveBufferBytes() > 0 ? config.receiveBufferBytes() : 4 << 20;
        try {
            nif = InterfaceResolver.resolve(config.interfaceName());
            local = config.localAddress() != null ? config.localAddress() : nif.address();
            sockets = NioDatagramTransport.open(nif, local, config.portBase(), config.ttl(), 0, rcvbuf);
        } catch (IOException e) {
            throw TransferException.network(e);
        }
        Inet4Address control = MulticastAddresses.controlAddress(nif, config.ttl(),
                (Inet4Address) config.rendezvousAddress());
        OutputSink sink;
        try {
            if (control.isMulticastAddress() || control.equals(nif.broadcast())) {
                sockets.listen(control, config.portBase(), rcvbuf);
            }
            sink = OutputSink.open(config.file(), config.pipe(), config.output());
        } catch (IOException e) {
            sockets.close();
            throw new TransferException(ExitCode.NETWORK_ERROR, e.getMessage(), e);
        } catch (TransferException e) {
            sockets.close();
            throw e;
        }
        listener.onEvent(new TransferEvent.ReceiverOpened(config.file(), !config.pipe().isEmpty(), local, nif.name()));
        ReedSolomon.warmUpInBackground();
        return new ReceiverEngine(config, listener, sockets, local, control, sink);
    }

    /**
     * An engine over a transport of the caller's (a simulated network, say), bound to the receiver's port
     * (portBase) at {@code localAddress} and listening where the sender's HELLO goes. The engine owns
     * {@code transport} from now on and closes it and the sink.
     *
     * @param controlAddress where CONNECT_REQ goes (the rendezvous address, a broadcast or a multicast group)
     */
    public static ReceiverEngine over(DatagramTransport transport, ReceiverConfig config, TransferListener listener,
                                      InetAddress localAddress, Inet4Address controlAddress, OutputSink sink) {
        return new ReceiverEngine(config, listener, transport, localAddress, controlAddress, sink);
    }

    public void requestStart() {
        startRequested = true;
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
            if (doWork(System.nanoTime()) == 0 && !isDone()) {
                try {
                    idle(System.nanoTime());
                } catch (IOException e) {
                    abort(ExitCode.NETWORK_ERROR, "network error: " + e.getMessage(), System.nanoTime());
                }
            }
        }
        return result();
    }

    /** Begins at {@code now}: the first CONNECT_REQ goes out (unless passive). */
    public void start(long now) {
        startNs = now;
        nextReannounceNs = reannounceAfter(now);
        if (!passive) {
            try {
                sendConnectReq(controlTarget);
            } catch (IOException e) {
                abort(ExitCode.NETWORK_ERROR, "network error: " + e.getMessage(), now);
            }
            nextConnectReqNs = now + CONNECT_RETRY_NS;
        }
    }

    /** True once the session has ended; {@link #result} says how. */
    public boolean isDone() {
        return phase == Phase.DONE;
    }

    /** One pass of the duty cycle at time {@code now}; returns the amount of work done (0 = idle). */
    public int doWork(long now) {
        if (phase == Phase.DONE) {
            return 0;
        }
        if (cancelled) {
            abort(ExitCode.INTERRUPTED, "cancelled", now);
            return 1;
        }
        try {
            return poll(now) + timers(now);
        } catch (IOException e) {
            abort(ExitCode.NETWORK_ERROR, "network error: " + e.getMessage(), now);
        } catch (RuntimeException e) {
            abort(ExitCode.INTERNAL_ERROR, "internal error: " + e, now);
        }
        return 1;
    }

    /**
     * When {@link #doWork} next has something to do without a datagram arriving: a CONNECT_REQ, a statistics line,
     * a re-announcement, a timeout, the end of the linger. Never more than 200 ms ahead (as {@link #run} waits at
     * most).
     */
    public long nextDeadlineNs(long now) {
        // Statistics are printed while receiving only: their deadline in another phase would wake the engine at
        // once, for nothing, again and again (a receiver lingering after the transfer spun a CPU that way).
        long next = Math.min(now + 200 * MS, nextReannounceNs);
        long startTimeout = config.startTimeout().toNanos();
        switch (phase) {
            case LOCATING -> {
                if (!passive) {
                    next = Math.min(next, nextConnectReqNs);
                }
                if (startTimeout > 0) {
                    next = Math.min(next, startNs + startTimeout);
                }
            }
            case RECEIVING -> {
                next = Math.min(next, nextStatNs);
                if (startRequested && !goSent) {
                    next = now;
                } else if (dataStartNs == 0) {
                    if (startTimeout > 0) {
                        next = Math.min(next, connectedNs + startTimeout);
                    }
                } else {
                    next = Math.min(next, lastServerPacketNs + receiveTimeout().toNanos());
                }
            }
            case LINGERING -> next = Math.min(next, lastServerPacketNs + config.exitWait().toNanos());
            default -> {
            }
        }
        return Math.max(now, next);
    }

    /** How the session ended (call once {@link #isDone}); reports ignored datagrams and the final progress. */
    public TransferResult result() {
        if (counters.get(Counter.INVALID_DATAGRAMS) > 0) {
            listener.onEvent(new TransferEvent.DatagramsIgnored(counters.get(Counter.INVALID_DATAGRAMS)));
        }
        if (counters.get(Counter.OUTPUT_BEHIND_DROPS) > 0) {
            listener.onEvent(new TransferEvent.OutputBehind(counters.get(Counter.OUTPUT_BEHIND_DROPS)));
        }
        long written = writer == null ? 0 : writer.bytesWritten();
        if (dataStartNs != 0 && !finalProgressSent) {
            finalProgressSent = true;
            listener.onProgress(finalProgress(written));
        }
        return new TransferResult(outcome, outcomeMessage, written, counters.get(Counter.RETRANSMIT_REQUESTS),
                dataStartNs == 0 ? 0 : dataEndNs - dataStartNs, List.of(), counters.snapshot());
    }

    /**
     * While data flows, sleeps a fixed short while instead of waiting on the sockets: a receiver
     * woken by every datagram costs the sender's CPU a cross-core wake-up per datagram, which on a
     * fast link is more than the rest of the delivery. A quiet sender puts us back on the transport.
     */
    private void idle(long now) throws IOException {
        if (phase == Phase.RECEIVING && dataStartNs != 0 && now - lastServerPacketNs < FLOWING_NS) {
            LockSupport.parkNanos(PARK_NS);
        } else {
            transport.await(nextDeadlineNs(now) - now);
        }
    }

    private int poll(long now) throws IOException {
        int n = 0;
        InetSocketAddress from;
        while (n < 256 && phase != Phase.DONE && (from = transport.receive(receiveBuf)) != null) {
            n++;
            try {
                if (phase == Phase.LOCATING) {
                    locate(from, receiveBuf, now);
                } else {
                    receive(from, receiveBuf, now);
                }
            } catch (MalformedPacketException e) {
                counters.add(Counter.INVALID_DATAGRAMS);
            }
        }
        return n;
    }

    // ---- locating the sender -----------------------------------------------------------------

    private void locate(InetSocketAddress from, ByteBuffer b, long now) throws MalformedPacketException,
            IOException {
        if (from.getPort() != portBase + 1) {
            counters.add(Counter.INVALID_DATAGRAMS);
            return;
        }
        int op = Opcode.of(b);
        if (Opcode.isHello(op)) {
            Hello hello = Hello.decode(b);
            if (op == Opcode.HELLO_STREAMING) {
                streaming = true;
            }
            if ((hello.capabilities() & Capabilities.NEW_GEN) != 0) {
                dataAddress = hello.dataAddress();
                blockSize = hello.blockSize();
            }
            if ((hello.capabilities() & Capabilities.ASYNC) != 0 || passive) {
                passive = true;
                connected(from, 0, now);
            } else {
                sendConnectReq(from);
            }
        } else if (op == Opcode.CONNECT_REPLY) {
            ConnectReply reply = ConnectReply.decode(b);
            if (reply.clientNumber() < 0) {
                abort(ExitCode.INCOMPLETE, "the sender refused us: it is full, or its transfer started without us",
                        now);
                return;
            }
            blockSize = reply.blockSize();
            promptSender = (reply.capabilities() & Capabilities.JCAST_PROMPT_ANSWERS) != 0;
            if ((reply.capabilities() & Capabilities.NEW_GEN) != 0) {
                dataAddress = reply.dataAddress();
            }
            listener.onEvent(new TransferEvent.SenderCapabilities(reply.capabilities()));
            connected(from, reply.clientNumber(), now);
        } else if (op != Opcode.DATA && op != Opcode.FEC && op != Opcode.CONNECT_REQ && op != Opcode.REQACK) {
            counters.add(Counter.INVALID_DATAGRAMS);
        }
    }

    private void connected(InetSocketAddress from, int number, long now) throws IOException {
        if (blockSize < 4 || blockSize > 65000) {
            abort(ExitCode.INCOMPLETE, "the sender announced an unusable block size " + blockSize, now);
            return;
        }
        server = from;
        connectedNs = now;
        lastServerPacketNs = now;
        if (!passive) {
            listener.onEvent(new TransferEvent.Connected(number, from.getAddress()));
        }
        if (dataAddress != null && !dataAddress.isAnyLocalAddress() && !dataAddress.equals(localAddress)
                && !dataAddress.equals(controlAddress)) {
            int buffer = config.receiveBufferBytes() > 0 ? config.receiveBufferBytes() : 4 << 20;
            try {
                if (MulticastAddresses.isSourceSpecific(dataAddress)) {
                    transport.listenSourceSpecific(dataAddress, from.getAddress(), portBase, buffer);
                } else {
                    transport.listen(dataAddress, portBase, buffer);
                }
            } catch (IOException e) {
                abort(ExitCode.NETWORK_ERROR, e.getMessage(), now);
                return;
            }
            listener.onEvent(new TransferEvent.ListeningTo(dataAddress));
        }
        warnIfReceiveBufferCapped();
        try {
            sink.begin();
        } catch (IOException e) {
            abort(ExitCode.IO_ERROR, "cannot write output: " + e.getMessage(), now);
            return;
        }
        writer = sink.inline()
                ? OutputWriter.inline(sink.channel(), SliceWindow.SLOTS, slot -> slot.state = IncomingSlice.State.FREE)
                : new OutputWriter<>(sink.channel(), sink.file(), config.sync(), SliceWindow.SLOTS,
                        slot -> slot.state = IncomingSlice.State.FREE);
        window = new SliceWindow(blockSize, writer, counters);
        answerer = new Answerer(window, this::sendToServer, config.passive(), number, promptSender, counters);
        phase = Phase.RECEIVING;
        if (startRequested) {
            sendGo();
        }
    }

    /**
     * Linux caps SO_RCVBUF at net.core.rmem_max (212992 by default) for unprivileged requests; a
     * small buffer loses bursts while the JVM pauses, which async transfers cannot recover.
     */
    private void warnIfReceiveBufferCapped() {
        int wanted = config.receiveBufferBytes() > 0 ? config.receiveBufferBytes() : 4 << 20;
        int got = transport.receiveBufferBytes();
        if (got > 0 && got < wanted) {
            listener.onEvent(new TransferEvent.ReceiveBufferCapped(got, wanted));
        }
    }

    // ---- the data phase ----------------------------------------------------------------------

    private void receive(InetSocketAddress from, ByteBuffer b, long now) throws MalformedPacketException,
            IOException {
        int op = Opcode.of(b);
        if (op != Opcode.DATA && op != Opcode.FEC && op != Opcode.REQACK) {
            if (!Opcode.isHello(op) && op != Opcode.CONNECT_REPLY) {
                counters.add(Counter.INVALID_DATAGRAMS);
            }
            return;
        }
        if (!from.equals(server)) {
            counters.add(Counter.INVALID_DATAGRAMS); // udpcast's "Rogue packet": only the sender we joined may feed us
            return;
        }
        lastServerPacketNs = now;
        if (dataStartNs == 0) {
            dataStartNs = now;
            nextStatNs = now + config.statPeriod().toNanos();
            listener.onTransferStarted();
        }
        if (op == Opcode.REQACK) {
            ReqAck.validate(b);
            onReqAck(b, now);
            return;
        }
        if (b.remaining() < DataHeader.LENGTH) {
            throw new MalformedPacketException("DATA/FEC: " + b.remaining() + " bytes");
        }
        int sliceNo = DataHeader.sliceNo(b);
        int bytes = DataHeader.sliceBytes(b);
        IncomingSlice slot = slotFor(sliceNo, now);
        if (slot == null) {
            return;
        }
        if (!(op == Opcode.DATA && bytes == 0) && !slot.setBytes(bytes)) {
            counters.add(Counter.INVALID_DATAGRAMS); // "Byte number mismatch"
            return;
        }
        int payload = b.position() + DataHeader.LENGTH;
        if (op == Opcode.DATA) {
            slot.addData(DataHeader.blockNo(b), b, payload);
        } else {
            slot.addFec(DataHeader.stripes(b), DataHeader.blockNo(b), b, payload);
        }
        answerer.afterBlock(slot);
        deliver(now);
    }

    /** The slot for {@code sliceNo}, set up if new; null if the packet is old, too far ahead, or the slot busy. */
    private IncomingSlice slotFor(int sliceNo, long now) {
        window.seen(sliceNo, streaming);
        if (window.done(sliceNo)) {
            return null;
        }
        while (window.outruns(sliceNo)) {
            // A sender keeps two slices in flight: a slice this far ahead means it went on without us.
            if (window.mayRestartAt(sliceNo, streaming)) {
                break;
            }
            if (!config.ignoreLostData()) {
                abort(ExitCode.INCOMPLETE, "dropped by the sender (now at slice " + sliceNo + ", we miss slice "
                        + window.nextToDeliver() + ")", now);
                return null;
            }
            IncomingSlice lost = window.giveUpOldest();
            if (lost != null) {
                listener.onEvent(new TransferEvent.SliceAbandoned(lost.sliceNo));
            }
        }
        return window.slot(sliceNo);
    }

    private void onReqAck(ByteBuffer b, long now) throws IOException {
        if (!answerer.beforeReqAck(b)) {
            return; // the sender already has our OK for this slice
        }
        int p = b.position();
        int sliceNo = b.getInt(p + ReqAck.SLICE_OFFSET);
        int bytes = b.getInt(p + ReqAck.BYTES_OFFSET);
        int rxmit = b.getInt(p + ReqAck.RXMIT_OFFSET);
        if (window.done(sliceNo)) {
            answerer.ok(sliceNo);
            return;
        }
        IncomingSlice slot = slotFor(sliceNo, now);
        if (slot == null) {
            return;
        }
        if (!slot.setBytes(bytes)) {
            counters.add(Counter.INVALID_DATAGRAMS);
            return;
        }
        deliver(now);
        if (phase == Phase.DONE) {
            return;
        }
        if (window.done(sliceNo)) {
            answerer.ok(sliceNo);
        } else if (slot.bytes > 0) {
            answerer.answer(slot, rxmit);
        }
        // An end marker (bytes 0) behind an incomplete slice gets no answer yet: the sender asks again.
    }

    /** Hands completed slices to the writer in order; at the end marker, says OK and lingers. */
    private void deliver(long now) throws IOException {
        if (phase == Phase.RECEIVING && window.deliver()) {
            answerer.ok(window.endSliceNo());
            phase = Phase.LINGERING;
            dataEndNs = now;
        }
    }

    private int timers(long now) throws IOException {
        if (phase == Phase.DONE) {
            return 0;
        }
        if (writer != null && writer.error() != null) {
            abort(ExitCode.IO_ERROR, "cannot write output: " + writer.error().getMessage(), now);
            return 1;
        }
        if (now >= nextReannounceNs) {
            // In every phase: a receiver may wait long for its sender on a multicast rendezvous address too.
            transport.rejoinGroups();
            nextReannounceNs = reannounceAfter(now);
            return 1;
        }
        if (now >= nextStatNs && phase == Phase.RECEIVING) {
            long written = writer.bytesWritten();
            listener.onProgress(new TransferProgress(written, -1, rate(written, now), counters.get(Counter.RETRANSMIT_REQUESTS), 0,
                    now - dataStartNs, List.of(), false));
            nextStatNs = now + config.statPeriod().toNanos();
        }
        long startTimeout = config.startTimeout().toNanos();
        switch (phase) {
            case LOCATING -> {
                if (startTimeout > 0 && now - startNs >= startTimeout) {
                    abort(ExitCode.START_TIMEOUT, "no sender found within " + config.startTimeout().toSeconds() + " s",
                            now);
                    return 1;
                }
                if (!passive && now >= nextConnectReqNs) {
                    sendConnectReq(controlTarget);
                    nextConnectReqNs = now + CONNECT_RETRY_NS;
                    return 1;
                }
            }
            case RECEIVING -> {
                if (startRequested && !goSent) {
                    sendGo();
                    return 1;
                }
                if (dataStartNs == 0) {
                    if (startTimeout > 0 && now - connectedNs >= startTimeout) {
                        abort(ExitCode.START_TIMEOUT, "the sender did not start within "
                                + config.startTimeout().toSeconds() + " s", now);
                        return 1;
                    }
                } else {
                    Duration t = receiveTimeout();
                    if (now - lastServerPacketNs >= t.toNanos()) {
                        abort(ExitCode.INCOMPLETE, "the sender fell silent for " + t.toSeconds() + " s", now);
                        return 1;
                    }
                }
            }
            case LINGERING -> {
                if (now - lastServerPacketNs >= config.exitWait().toNanos()) {
                    finishOk(now);
                    return 1;
                }
            }
            default -> {
            }
        }
        return 0;
    }

    private void finishOk(long now) throws IOException {
        try {
            writer.finish();
            sink.channel().close();
            if (sink.pipe() != null) {
                int code = sink.pipe().waitFor();
                if (code != 0) {
                    sendDisconnect();
                    done(ExitCode.PIPE_FAILED, "the --pipe command exited with " + code, now);
                    return;
                }
            }
        } catch (IOException e) {
            sendDisconnect();
            done(ExitCode.IO_ERROR, "cannot write output: " + e.getMessage(), now);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            done(ExitCode.INTERRUPTED, "interrupted while flushing", now);
            return;
        }
        // Our last OKs may have been lost and a udpcast-style sender cannot tell a goodbye from a failure:
        // say them once more (a late OK is always accepted) before the goodbye.
        for (int k = Math.max(0, window.endSliceNo() - 2); k <= window.endSliceNo(); k++) {
            answerer.ok(k);
        }
        sendDisconnect();
        if (dataStartNs != 0) {
            // udpcast prints the final stat line before "Transfer complete."
            dataEndNs = dataEndNs == 0 ? now : dataEndNs;
            listener.onProgress(finalProgress(writer.bytesWritten()));
            finalProgressSent = true;
        }
        listener.onEvent(new TransferEvent.TransferComplete());
        done(ExitCode.OK, "received " + writer.bytesWritten() + " bytes", now);
    }

    private TransferProgress finalProgress(long written) {
        return new TransferProgress(written, -1, rate(written, dataEndNs), counters.get(Counter.RETRANSMIT_REQUESTS), 0,
                dataEndNs - dataStartNs, List.of(), true);
    }

    private void abort(ExitCode code, String message, long now) {
        if (phase == Phase.DONE) {
            return;
        }
        if (server != null) {
            try {
                sendDisconnect();
            } catch (IOException ignored) {
                // the sender will drop us anyway
            }
        }
        if (dataEndNs == 0) {
            dataEndNs = now;
        }
        done(code, message, now);
    }

    private void done(ExitCode code, String message, long now) {
        outcome = code;
        outcomeMessage = message;
        if (dataEndNs == 0 || code == ExitCode.OK) {
            dataEndNs = dataEndNs == 0 ? now : dataEndNs;
        }
        phase = Phase.DONE;
    }

    /** How long the sender may fall silent during the data: --receive-timeout, or 60 s without it. */
    private Duration receiveTimeout() {
        return config.receiveTimeout().isZero() ? DEFAULT_RECEIVE_TIMEOUT : config.receiveTimeout();
    }

    private long reannounceAfter(long now) {
        return config.reannounceInterval().isZero() ? Long.MAX_VALUE : now + config.reannounceInterval().toNanos();
    }

    private double rate(long bytes, long now) {
        long elapsed = now - dataStartNs;
        return elapsed <= 0 ? 0 : bytes * 1e9 / elapsed;
    }

    // ---- sending -----------------------------------------------------------------------------

    private void sendConnectReq(InetSocketAddress to) throws IOException {
        controlBuf.clear();
        new ConnectReq(Capabilities.DEFAULT | Capabilities.JCAST_GAP_TOLERANT | Capabilities.JCAST_NET_NEED,
                transport.receiveBufferBytes())
                .encode(controlBuf);
        send(to);
    }

    private void sendGo() throws IOException {
        goSent = true;
        if (passive) {
            return;
        }
        listener.onEvent(new TransferEvent.GoSent());
        controlBuf.clear();
        ShortMessage.encode(controlBuf, Opcode.GO);
        send(server);
    }

    private void sendDisconnect() throws IOException {
        if (config.passive() || server == null) {
            return;
        }
        controlBuf.clear();
        ShortMessage.encode(controlBuf, Opcode.DISCONNECT);
        send(server);
    }

    private void send(InetSocketAddress to) throws IOException {
        controlBuf.flip();
        transport.send(controlBuf, to);
    }

    private void sendToServer(ByteBuffer message) throws IOException {
        transport.send(message, server);
    }

    @Override
    public void close() {
        transport.close();
        try {
            if (writer != null) {
                writer.close();
            }
        } catch (IOException ignored) {
            // errors were reported by run()
        }
        sink.destroy();
    }
}
