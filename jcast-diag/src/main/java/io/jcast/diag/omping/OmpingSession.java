package io.jcast.diag.omping;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ProtocolFamily;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * An omping node on real sockets, on its own thread: the entry point for embedding (the doctor) and for
 * {@code jcast omping}. As omping: the unicast socket is bound to {@code local:port} and sends everything,
 * multicast Answers included; the multicast socket is bound to {@code group:port} and joined on the local
 * address's interface (once per peer as {@code (S,G)} with {@link TransportMethod#SSM}).
 *
 * <pre>{@code
 * OmpingConfig config = OmpingConfig.builder(local, List.of(Peer.of(b), Peer.of(c))).count(10).build();
 * try (OmpingSession s = OmpingSession.start(config, new OmpingListener() {})) {
 *     OmpingResult r = s.await();
 * }
 * }</pre>
 *
 * <p>Java cannot read the received TTL of a datagram (no {@code IP_RECVTTL}), so Answers report no
 * {@code dist}, as omping does on systems without it; and {@code -t} sets only the multicast TTL (the
 * unicast TTL stays the system default, 64 on Linux) and the TTL option.
 */
public final class OmpingSession implements AutoCloseable {
    private static final int MAX_DATAGRAM = 65535;

    private final OmpingEngine engine;
    private final Selector selector;
    private final DatagramChannel unicast;
    private final DatagramChannel multicast;
    private final Queue<Consumer<OmpingEngine>> commands = new ConcurrentLinkedQueue<>();
    private final CountDownLatch done = new CountDownLatch(1);
    private final Thread thread;
    private volatile OmpingResult finalResult;
    private volatile IOException failure;
    /** Only touched on the session's thread. */
    private long sendFailures;

    private OmpingSession(OmpingConfig config, OmpingListener listener, OmpingIds ids) throws IOException {
        NetworkInterface nif = NetworkInterface.getByInetAddress(config.localAddress());
        if (nif == null) {
            throw new SocketException("no interface has address " + Addresses.format(config.localAddress()));
        }
        ProtocolFamily family = config.isIpv4() ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
        selector = Selector.open();
        unicast = DatagramChannel.open(family);
        DatagramChannel mc = null;
        try {
            setBuffers(unicast, config);
            unicast.setOption(StandardSocketOptions.IP_MULTICAST_IF, nif);
            unicast.setOption(StandardSocketOptions.IP_MULTICAST_TTL, config.ttl());
            unicast.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, config.singleAddress());
            if (config.transport() == TransportMethod.IPBC) {
                unicast.setOption(StandardSocketOptions.SO_BROADCAST, true);
            }
            unicast.bind(new InetSocketAddress(config.localAddress(), config.clientOnly() ? 0 : config.port()));
            int port = ((InetSocketAddress) unicast.getLocalAddress()).getPort();
            if (!config.remoteVersion()) {
                mc = DatagramChannel.open(family);
                setBuffers(mc, config);
                mc.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                if (mc.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)) {
                    mc.setOption(StandardSocketOptions.SO_REUSEPORT, true);
                }
                mc.bind(new InetSocketAddress(config.group(), port));
                switch (config.transport()) {
                    case ASM -> mc.join(config.group(), nif);
                    case SSM -> {
                        for (Peer p : config.peers()) {
                            mc.join(config.group(), nif, p.address());
                        }
                    }
                    case IPBC -> {
                        // a broadcast socket receives without joining
                    }
                    default -> throw new IllegalStateException(config.transport().name());
                }
                mc.configureBlocking(false);
                mc.register(selector, SelectionKey.OP_READ, Boolean.TRUE);
            }
            unicast.configureBlocking(false);
            unicast.register(selector, SelectionKey.OP_READ, Boolean.FALSE);
        } catch (IOException | RuntimeException e) {
            unicast.close();
            if (mc != null) {
                mc.close();
            }
            selector.close();
            throw e;
        }
        multicast = mc;
        long startNs = System.nanoTime();
        long epochOffsetMicros = epochMicros() - startNs / 1000;
        engine = new OmpingEngine(config, ids, this::send, listener, startNs, epochOffsetMicros);
        thread = new Thread(this::run, "omping-" + Addresses.format(config.localAddress()));
        thread.setDaemon(true);
    }

    /** Opens the sockets and starts pinging; throws if a socket cannot be set up (address, port in use). */
    public static OmpingSession start(OmpingConfig config, OmpingListener listener) throws IOException {
        return start(config, listener, OmpingIds.random());
    }

    public static OmpingSession start(OmpingConfig config, OmpingListener listener, OmpingIds ids)
            throws IOException {
        OmpingSession s = new OmpingSession(config, listener, ids);
        s.thread.start();
        return s;
    }

    private static void setBuffers(DatagramChannel ch, OmpingConfig config) throws IOException {
        if (config.sendBufferBytes() > 0) {
            ch.setOption(StandardSocketOptions.SO_SNDBUF, config.sendBufferBytes());
        }
        if (config.receiveBufferBytes() > 0) {
            ch.setOption(StandardSocketOptions.SO_RCVBUF, config.receiveBufferBytes());
        }
    }

    private static long epochMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    }

    /** The port the unicast socket is bound to (the configured port, or an ephemeral one in client mode). */
    public int localPort() throws IOException {
        return ((InetSocketAddress) unicast.getLocalAddress()).getPort();
    }

    private void send(InetSocketAddress to, ByteBuffer payload) {
        try {
            unicast.send(payload, to);
        } catch (IOException e) {
            // e.g. no route: omping goes on as well; the peer shows up as loss
            sendFailures++;
        }
    }

    private void run() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(MAX_DATAGRAM);
        List<Received> received = new ArrayList<>();
        try {
            while (!engine.isDone()) {
                Consumer<OmpingEngine> c;
                while ((c = commands.poll()) != null) {
                    c.accept(engine);
                }
                long now = System.nanoTime();
                engine.doWork(now);
                if (engine.isDone()) {
                    break;
                }
                long waitNs = engine.nextDeadlineNs() - System.nanoTime();
                if (waitNs <= 0) {
                    selector.selectNow();
                } else {
                    selector.select(Math.max(1, (waitNs + 999_999) / 1_000_000));
                }
                // Take every ready datagram with its time first: handling one (printing a line) must not
                // add to the RTT of the next.
                for (SelectionKey key : selector.selectedKeys()) {
                    receiveAll((DatagramChannel) key.channel(), (Boolean) key.attachment(), buffer, received);
                }
                selector.selectedKeys().clear();
                for (Received r : received) {
                    engine.onDatagram(r.atNs(), r.from(), r.viaMulticast(), 0, ByteBuffer.wrap(r.payload()));
                }
                received.clear();
            }
        } catch (IOException e) {
            failure = e;
        } finally {
            finalResult = withSendFailures(engine.result());
            closeQuietly();
            done.countDown();
        }
    }

    private OmpingResult withSendFailures(OmpingResult r) {
        Map<OmpingCounter, Long> c = new EnumMap<>(r.counters());
        c.put(OmpingCounter.SEND_FAILURES, sendFailures);
        return new OmpingResult(r.peers(), c);
    }

    private record Received(long atNs, InetSocketAddress from, boolean viaMulticast, byte[] payload) {
    }

    private static void receiveAll(DatagramChannel ch, boolean viaMulticast, ByteBuffer buffer, List<Received> into)
            throws IOException {
        for (int i = 0; i < 64; i++) {
            buffer.clear();
            InetSocketAddress from = (InetSocketAddress) ch.receive(buffer);
            if (from == null) {
                return;
            }
            long now = System.nanoTime();
            buffer.flip();
            byte[] payload = new byte[buffer.remaining()];
            buffer.get(payload);
            into.add(new Received(now, from, viaMulticast, payload));
        }
    }

    private void closeQuietly() {
        try {
            unicast.close();
            if (multicast != null) {
                multicast.close();
            }
            selector.close();
        } catch (IOException e) {
            // closing: nothing left to do
        }
    }

    /** Ends the run as omping's first SIGINT: the summary is final, then peers get stop replies for a while. */
    public void stop() {
        post(OmpingEngine::requestStop);
    }

    /** Ends at once, without the finishing phase. */
    public void abort() {
        post(OmpingEngine::abort);
    }

    /** The statistics so far, taken on the session's thread (completes with the final ones once ended). */
    public CompletableFuture<OmpingResult> snapshot() {
        CompletableFuture<OmpingResult> f = new CompletableFuture<>();
        if (done.getCount() == 0) {
            f.complete(finalResult);
        } else {
            post(e -> f.complete(withSendFailures(e.result())));
            if (done.getCount() == 0 && !f.isDone()) {
                f.complete(finalResult);
            }
        }
        return f;
    }

    private void post(Consumer<OmpingEngine> command) {
        commands.add(command);
        selector.wakeup();
    }

    /** Waits for the end (count, timeout, every peer stopped, or {@link #stop()}) and returns the result. */
    public OmpingResult await() throws IOException, InterruptedException {
        done.await();
        return result();
    }

    /** Waits at most {@code timeout}; returns whether the run ended. */
    public boolean await(Duration timeout) throws InterruptedException {
        return done.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** The final result; throws the socket error that ended the run, if one did. */
    public OmpingResult result() throws IOException {
        if (done.getCount() != 0) {
            throw new IllegalStateException("still running");
        }
        if (failure != null) {
            throw failure;
        }
        return finalResult;
    }

    public boolean isDone() {
        return done.getCount() == 0;
    }

    /** Stops at once (no finishing phase) and waits for the thread. */
    @Override
    public void close() {
        abort();
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the caller's to handle; the run stops by itself
        }
    }
}
