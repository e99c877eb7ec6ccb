package io.jcast.diag.ssmping;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * mcfirst: joins a group, with or without a source, and waits for the first packets of any
 * application; sends nothing. {@link #stop()} ends the wait from another thread.
 */
public final class McfirstReceiver {
    /** One received datagram; {@code hops} is the received TTL, -1 (unknown) on a plain JVM. */
    public record Packet(int size, InetAddress from, long afterJoinMicros, int hops) {
        /** {@code Received 100 bytes from 10.0.0.1 after 1.234 ms (ttl/hops -1)}. */
        public String line() {
            return "Received " + size + " bytes from " + SsmpingGroups.text(from) + " after "
                    + afterJoinMicros / 1000 + "." + String.format("%03d", afterJoinMicros % 1000)
                    + " ms (ttl/hops " + hops + ")";
        }
    }

    /** Wake up at least hourly even without a run time (select takes a long, but keep it sane). */
    private static final long MAX_WAIT_NANOS = TimeUnit.HOURS.toNanos(1);

    private final McfirstConfig config;
    private volatile boolean stopped;
    private volatile Selector selector;

    public McfirstReceiver(McfirstConfig config) {
        this.config = config;
    }

    public void stop() {
        stopped = true;
        Selector s = selector;
        if (s != null) {
            s.wakeup();
        }
    }

    /** The join line mcfirst prints. */
    public String joinedLine() {
        String g = SsmpingGroups.text(config.group());
        return config.source() == null ? "mcfirst joined (*,G) = (*," + g + ")"
                : "mcfirst joined (S,G) = (" + SsmpingGroups.text(config.source()) + "," + g + ")";
    }

    /**
     * Joins, then calls {@code onJoined} and {@code onPacket} per datagram until the count or the run
     * time is reached.
     */
    public McfirstResult run(Runnable onJoined, Consumer<Packet> onPacket) throws IOException {
        long startNanos = System.nanoTime();
        long endNanos = config.runTime() == null ? Long.MAX_VALUE : startNanos + config.runTime().toNanos();
        boolean ipv4 = config.group() instanceof Inet4Address;
        ProtocolFamily family = ipv4 ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
        try (Selector sel = Selector.open(); DatagramChannel c = DatagramChannel.open(family)) {
            c.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            // bound to the group, not the wildcard as mcfirst 0.9.1: without IP_MULTICAST_ALL (not in
            // java.nio) a wildcard socket would also get other groups joined on this port
            c.bind(new InetSocketAddress(config.group(), config.port()));
            NetworkInterface nif = config.joinInterface() != null ? config.joinInterface() : routeInterface(family);
            if (config.source() != null) {
                c.join(config.group(), nif, config.source());
            } else {
                c.join(config.group(), nif);
            }
            c.configureBlocking(false);
            c.register(sel, SelectionKey.OP_READ);
            selector = sel;
            long joinNanos = System.nanoTime();
            onJoined.run();
            ByteBuffer buffer = ByteBuffer.allocateDirect(65535);
            long packets = 0;
            long bytes = 0;
            long firstBytes = 0;
            long firstNanos = 0;
            long lastNanos = joinNanos;
            while (!stopped && (config.count() == 0 || packets < config.count())) {
                long now = System.nanoTime();
                if (now - endNanos >= 0) {
                    break;
                }
                long waitMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(Math.min(endNanos - now, MAX_WAIT_NANOS)));
                sel.select(waitMillis);
                sel.selectedKeys().clear();
                while (!stopped && (config.count() == 0 || packets < config.count())) {
                    buffer.clear();
                    SocketAddress from = c.receive(buffer);
                    if (from == null) {
                        break;
                    }
                    long at = System.nanoTime();
                    int size = buffer.position();
                    if (packets == 0) {
                        firstNanos = at;
                        firstBytes = size;
                    }
                    packets++;
                    bytes += size;
                    lastNanos = at;
                    onPacket.accept(new Packet(size, ((InetSocketAddress) from).getAddress(),
                            (at - joinNanos) / 1000, -1));
                }
            }
            return new McfirstResult(packets, bytes, firstBytes, packets == 0 ? 0 : (lastNanos - joinNanos) / 1000,
                    packets == 0 ? 0 : (lastNanos - firstNanos) / 1000, ipv4);
        } finally {
            selector = null;
        }
    }

    /** The interface the kernel would send to the group from: the one holding that route's source address. */
    private NetworkInterface routeInterface(ProtocolFamily family) throws IOException {
        try (DatagramChannel probe = DatagramChannel.open(family)) {
            probe.connect(new InetSocketAddress(config.group(), config.port()));
            InetAddress local = ((InetSocketAddress) probe.getLocalAddress()).getAddress();
            NetworkInterface nif = NetworkInterface.getByInetAddress(local);
            if (nif == null) {
                throw new IOException("no route to " + SsmpingGroups.text(config.group()) + "; give an interface");
            }
            return nif;
        }
    }
}
