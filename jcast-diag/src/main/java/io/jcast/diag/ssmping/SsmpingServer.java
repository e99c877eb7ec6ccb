package io.jcast.diag.ssmping;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * ssmpingd: answers every request with a unicast reply and a copy to {@code group:client port},
 * both sent with TTL/hop limit 64 (the client's dist assumes it). Runs on its own thread until
 * {@link #close()}:
 *
 * <pre>{@code
 * try (SsmpingServer server = SsmpingServer.start(SsmpingServerConfig.defaults(), line -> {})) {
 *     ... server.counters().requests() ...
 * }
 * }</pre>
 *
 * With no bind address it listens on one dual-stack {@code [::]} socket (IPv4 arrives mapped), or
 * on {@code 0.0.0.0} where IPv6 is not available. See {@link SsmpingResponder} for what it refuses.
 */
public final class SsmpingServer implements AutoCloseable {
    /** ssmpingd's TTL for both replies. */
    public static final int HOPS = 64;
    private static final int MAX_DATAGRAM = 65535;

    private final List<DatagramChannel> channels;
    private final Selector selector;
    private final SsmpingResponder responder;
    private final Consumer<String> log;
    private final Thread thread;
    private volatile boolean closed;

    private SsmpingServer(List<DatagramChannel> channels, Selector selector, SsmpingServerConfig config,
                          Consumer<String> log) {
        this.channels = channels;
        this.selector = selector;
        this.responder = new SsmpingResponder(config.perSourceRate(), config.totalRate(), System.nanoTime());
        this.log = log;
        this.thread = new Thread(this::serve, "ssmpingd");
        this.thread.setDaemon(true);
    }

    /**
     * Binds and starts serving.
     *
     * @param log receives ssmpingd's output lines ({@code received request from ...})
     * @throws IOException if no socket could be bound (port in use, address not local)
     */
    public static SsmpingServer start(SsmpingServerConfig config, Consumer<String> log) throws IOException {
        List<DatagramChannel> channels = new ArrayList<>();
        Selector selector = Selector.open();
        try {
            if (config.bindAddresses().isEmpty()) {
                channels.add(openWildcard(config));
            } else {
                for (InetAddress a : config.bindAddresses()) {
                    channels.add(open(config, a));
                }
            }
            for (DatagramChannel c : channels) {
                c.configureBlocking(false);
                c.register(selector, SelectionKey.OP_READ);
            }
        } catch (IOException | RuntimeException e) {
            for (DatagramChannel c : channels) {
                c.close();
            }
            selector.close();
            throw e;
        }
        SsmpingServer server = new SsmpingServer(channels, selector, config, log);
        server.thread.start();
        return server;
    }

    private static DatagramChannel openWildcard(SsmpingServerConfig config) throws IOException {
        try {
            return open(config, InetAddress.getByName("::"));
        } catch (UnsupportedOperationException | IOException e) {
            // no IPv6 here: serve IPv4 only, as ssmpingd does when its v6 bind fails
            return open(config, InetAddress.getByName("0.0.0.0"));
        }
    }

    private static DatagramChannel open(SsmpingServerConfig config, InetAddress address) throws IOException {
        DatagramChannel c = DatagramChannel.open(address instanceof Inet4Address ? StandardProtocolFamily.INET
                : StandardProtocolFamily.INET6);
        try {
            c.bind(new InetSocketAddress(address, config.port()));
            c.setOption(StandardSocketOptions.IP_MULTICAST_TTL, HOPS);
            c.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, true);
            NetworkInterface nif = config.multicastInterface();
            if (nif == null && !address.isAnyLocalAddress()) {
                nif = NetworkInterface.getByInetAddress(address);
            }
            if (nif != null) {
                c.setOption(StandardSocketOptions.IP_MULTICAST_IF, nif);
            }
            return c;
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** The port of the first socket (useful with port 0). */
    public int port() {
        try {
            return ((InetSocketAddress) channels.get(0).getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public SsmpingServerCounters counters() {
        return responder.counters();
    }

    private void serve() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(MAX_DATAGRAM);
        try {
            while (!closed) {
                selector.select();
                selector.selectedKeys().clear();
                for (DatagramChannel c : channels) {
                    drain(c, buffer);
                }
            }
        } catch (IOException e) {
            if (!closed) {
                log.accept("ssmpingd stopped: " + e.getMessage());
            }
        }
    }

    private void drain(DatagramChannel channel, ByteBuffer buffer) throws IOException {
        while (!closed) {
            buffer.clear();
            InetSocketAddress from;
            try {
                from = (InetSocketAddress) channel.receive(buffer);
            } catch (IOException e) {
                // an ICMP error queued for an earlier reply; the next datagram is unaffected
                continue;
            }
            if (from == null) {
                return;
            }
            buffer.flip();
            SsmpingResponder.Response r = responder.respond(buffer, unmapped(from), System.nanoTime());
            if (r.reply() == null) {
                continue;
            }
            r.lines().forEach(log);
            send(channel, r.reply(), r.unicastTarget());
            if (r.multicastTarget() != null) {
                send(channel, r.reply(), r.multicastTarget());
            }
        }
    }

    private void send(DatagramChannel channel, byte[] reply, InetSocketAddress target) {
        try {
            if (channel.send(ByteBuffer.wrap(reply), target) == 0) {
                responder.countSendError();
            }
        } catch (IOException | RuntimeException e) {
            responder.countSendError();
        }
    }

    /** A request from {@code ::ffff:a.b.c.d} on the dual-stack socket is an IPv4 request. */
    private static InetSocketAddress unmapped(InetSocketAddress from) {
        InetAddress a = from.getAddress();
        if (a instanceof Inet6Address) {
            byte[] b = a.getAddress();
            boolean mapped = b[10] == (byte) 0xff && b[11] == (byte) 0xff;
            for (int i = 0; i < 10 && mapped; i++) {
                mapped = b[i] == 0;
            }
            if (mapped) {
                try {
                    return new InetSocketAddress(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}),
                            from.getPort());
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return from;
    }

    @Override
    public void close() {
        closed = true;
        selector.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (DatagramChannel c : channels) {
            try {
                c.close();
            } catch (IOException ignored) {
                // closing: nothing more to do with this socket
            }
        }
        try {
            selector.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
