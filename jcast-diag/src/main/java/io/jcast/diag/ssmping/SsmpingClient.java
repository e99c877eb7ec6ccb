package io.jcast.diag.ssmping;

import io.jcast.diag.ssmping.protocol.SsmpingMessage;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.PortUnreachableException;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * The ssmping/asmping client. It sends one request per interval from an ephemeral port P to
 * {@code server:4321}, listens for the unicast reply on that socket and for the multicast copy on a
 * second socket bound to {@code group:P}, joined (S,G) or (*,G).
 *
 * <pre>{@code
 * SsmpingResult r = new SsmpingClient(SsmpingClientConfig.ssm(server).withCount(5)).run(SsmpingListener.NONE);
 * r.unicast().received(); r.multicastLossPercent(); r.multicast().avgMicros();
 * }</pre>
 *
 * One run per instance; {@link #stop()} may be called from any thread and ends the run as SIGINT
 * ends ssmping (the statistics are still produced).
 */
public final class SsmpingClient {
    private static final int MAX_DATAGRAM = 65535;
    /** errno the C client prints with "Connection refused" (Linux ECONNREFUSED). */
    private static final int ECONNREFUSED = 111;

    private final SsmpingClientConfig config;
    /** Wall clock: the TIMESTAMP option carries Unix time, and the RTT is taken against it. */
    private final Clock clock = Clock.systemUTC();
    private volatile boolean stopped;
    private volatile Selector selector;

    public SsmpingClient(SsmpingClientConfig config) {
        this.config = config;
    }

    /** Ends the run at the next wake-up; {@link #run} then returns the statistics so far. */
    public void stop() {
        stopped = true;
        Selector s = selector;
        if (s != null) {
            s.wakeup();
        }
    }

    /**
     * Runs to the end (count reached, or {@link #stop()}) and returns the statistics.
     *
     * @throws IOException if the sockets cannot be set up (no route, unknown interface, join refused)
     */
    public SsmpingResult run(SsmpingListener listener) throws IOException {
        InetAddress server = config.server();
        ProtocolFamily family = server instanceof Inet4Address ? StandardProtocolFamily.INET
                : StandardProtocolFamily.INET6;
        InetSocketAddress serverAddress = new InetSocketAddress(server, config.port());
        InetAddress localSource = findSource(family, serverAddress);
        try (Selector sel = Selector.open();
             DatagramChannel unicast = DatagramChannel.open(family);
             DatagramChannel multicast = DatagramChannel.open(family)) {
            unicast.bind(new InetSocketAddress(localSource, 0));
            unicast.connect(serverAddress);
            int port = ((InetSocketAddress) unicast.getLocalAddress()).getPort();
            multicast.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            multicast.bind(new InetSocketAddress(config.group(), port));
            NetworkInterface nif = joinInterface(localSource);
            if (config.sourceSpecific()) {
                multicast.join(config.group(), nif, server);
            } else {
                multicast.join(config.group(), nif);
            }
            unicast.configureBlocking(false);
            multicast.configureBlocking(false);
            unicast.register(sel, SelectionKey.OP_READ);
            multicast.register(sel, SelectionKey.OP_READ);
            selector = sel;
            listener.onJoined(config, localSource);
            SsmpingResult result = new Run(listener, unicast, multicast, sel).loop();
            listener.onFinished(result);
            return result;
        } finally {
            selector = null;
        }
    }

    /** The address the kernel would send from, as ssmping's {@code findsrc}: connect a scratch socket. */
    private static InetAddress findSource(ProtocolFamily family, InetSocketAddress server) throws IOException {
        try (DatagramChannel probe = DatagramChannel.open(family)) {
            probe.connect(server);
            return ((InetSocketAddress) probe.getLocalAddress()).getAddress();
        }
    }

    private NetworkInterface joinInterface(InetAddress localSource) throws IOException {
        if (config.joinInterface() != null) {
            return config.joinInterface();
        }
        NetworkInterface nif = NetworkInterface.getByInetAddress(localSource);
        if (nif == null) {
            throw new IOException("no interface holds the source address " + SsmpingGroups.text(localSource));
        }
        return nif;
    }

    /** The sending side of one run; owned by the calling thread. */
    private final class Run {
        private final SsmpingListener listener;
        private final DatagramChannel unicast;
        private final DatagramChannel multicast;
        private final Selector sel;
        private final ByteBuffer buffer = ByteBuffer.allocateDirect(MAX_DATAGRAM);
        private final ReplyTracker tracker;
        private long seq;

        Run(SsmpingListener listener, DatagramChannel unicast, DatagramChannel multicast, Selector sel) {
            this.listener = listener;
            this.unicast = unicast;
            this.multicast = multicast;
            this.sel = sel;
            this.tracker = new ReplyTracker(config, listener);
        }

        SsmpingResult loop() throws IOException {
            long intervalNanos = config.interval().toNanos();
            long start = System.nanoTime();
            long nextPing = start;
            while (!stopped) {
                if (System.nanoTime() - nextPing >= 0) {
                    if (config.count() > 0 && seq >= config.count()) {
                        break;
                    }
                    nextPing += intervalNanos;
                    send();
                }
                // rounded up, so that the loop sleeps through the last fraction of a millisecond
                long waitMillis = (nextPing - System.nanoTime() + 999_999) / 1_000_000;
                if (waitMillis > 0) {
                    sel.select(waitMillis);
                } else {
                    sel.selectNow();
                }
                sel.selectedKeys().clear();
                drain(unicast, false);
                drain(multicast, true);
            }
            return tracker.result(seq, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        }

        private void send() throws IOException {
            seq++;
            byte[] request = SsmpingMessage.request(config.pid(), seq, wallMicros(), config.requestVersion(),
                    config.replySize(), config.requestSize(), config.group()).toBytes();
            tracker.onRequestSent(request.length);
            try {
                unicast.write(ByteBuffer.wrap(request));
            } catch (PortUnreachableException e) {
                // a queued ICMP error from an earlier request; the C client reports it on recv
                listener.onReceiveError("recv failed: Connection refused", ECONNREFUSED);
            }
        }

        private void drain(DatagramChannel channel, boolean mc) throws IOException {
            while (true) {
                buffer.clear();
                SocketAddress from;
                try {
                    from = channel.receive(buffer);
                } catch (PortUnreachableException e) {
                    listener.onReceiveError("recv failed: Connection refused", ECONNREFUSED);
                    continue;
                }
                if (from == null) {
                    return;
                }
                long receivedMicros = wallMicros();
                buffer.flip();
                // java.nio cannot read the received TTL (no IP_RECVTTL), so dist is "unknown" (-1)
                tracker.onDatagram(buffer, ((InetSocketAddress) from).getAddress(), mc, receivedMicros, -1);
            }
        }

        private long wallMicros() {
            Instant now = clock.instant();
            return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
        }
    }
}
