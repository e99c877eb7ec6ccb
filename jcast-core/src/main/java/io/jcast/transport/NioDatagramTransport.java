package io.jcast.transport;

import java.io.Closeable;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.MembershipKey;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The sockets of one UDPcast endpoint (§2.2, §2.4): a main socket that sends everything and
 * receives unicast, plus listening sockets bound to a broadcast or multicast address. One
 * datagram per system call; {@link GsoDatagramTransport} batches the sender's data.
 */
public class NioDatagramTransport implements DatagramTransport {
    private final Selector selector;
    private final NetworkInterface networkInterface;
    /** The main socket; {@link GsoDatagramTransport} sends its batches through it. */
    protected final DatagramChannel main;
    private final List<DatagramChannel> listeners;
    private final List<MembershipKey> memberships;
    /**
     * The sockets (bit i: {@link #channel}(i)) the last select found readable and not read empty since: receive
     * reads only these, so an idle socket costs no system call per datagram on the busy one.
     */
    private long ready;
    private final Consumer<SelectionKey> markReady = key -> ready |= 1L << (Integer) key.attachment();
    private int next;

    /** Takes over the sockets of {@code opened}, listeners included; use only the new object from now on. */
    protected NioDatagramTransport(NioDatagramTransport opened) {
        this.selector = opened.selector;
        this.networkInterface = opened.networkInterface;
        this.main = opened.main;
        this.listeners = opened.listeners;
        this.memberships = opened.memberships;
    }

    private NioDatagramTransport(Selector selector, NetworkInterface networkInterface, DatagramChannel main) {
        this.selector = selector;
        this.networkInterface = networkInterface;
        this.main = main;
        this.listeners = new ArrayList<>();
        this.memberships = new ArrayList<>();
    }

    /** Opens the main socket bound to {@code address:port}, multicast going out of {@code nif}. */
    public static NioDatagramTransport open(ResolvedInterface nif, InetAddress address, int port, int ttl,
                                            int sendBufferBytes, int receiveBufferBytes) throws IOException {
        Selector selector = null;
        DatagramChannel ch = null;
        try {
            selector = Selector.open();
            ch = DatagramChannel.open(StandardProtocolFamily.INET);
            ch.setOption(StandardSocketOptions.SO_BROADCAST, true);
            ch.setOption(StandardSocketOptions.IP_MULTICAST_IF, nif.networkInterface());
            ch.setOption(StandardSocketOptions.IP_MULTICAST_TTL, ttl);
            ch.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, true);
            if (sendBufferBytes > 0) {
                ch.setOption(StandardSocketOptions.SO_SNDBUF, sendBufferBytes);
            }
            if (receiveBufferBytes > 0) {
                ch.setOption(StandardSocketOptions.SO_RCVBUF, receiveBufferBytes);
            }
            bind(ch, new InetSocketAddress(address, port));
            ch.configureBlocking(false);
            ch.register(selector, SelectionKey.OP_READ, 0);
            return new NioDatagramTransport(selector, nif.networkInterface(), ch);
        } catch (BindException e) {
            closeQuietly(ch);
            closeQuietly(selector);
            throw e;
        } catch (IOException e) {
            closeQuietly(ch);
            closeQuietly(selector);
            throw new IOException("cannot open socket: " + e.getMessage(), e);
        }
    }

    private static void bind(DatagramChannel ch, InetSocketAddress at) throws IOException {
        try {
            ch.bind(at);
        } catch (BindException e) {
            String hint = e.getMessage() != null && e.getMessage().contains("in use")
                    ? " (another sender or receiver uses this port base?)" : "";
            BindException said = new BindException("cannot bind " + at.getAddress().getHostAddress() + ":"
                    + at.getPort() + ": " + e.getMessage() + hint);
            said.initCause(e);
            throw said;
        }
    }

    /**
     * Adds a listening socket bound to {@code address:port}; joins the group when the address is
     * multicast. SO_REUSEADDR lets several receivers share one host (udpcast cannot).
     */
    @Override
    public void listen(InetAddress address, int port, int receiveBufferBytes) throws IOException {
        open(address, null, port, receiveBufferBytes);
    }

    @Override
    public void listenSourceSpecific(InetAddress group, InetAddress source, int port, int receiveBufferBytes)
            throws IOException {
        open(group, source, port, receiveBufferBytes);
    }

    private void open(InetAddress address, InetAddress source, int port, int receiveBufferBytes) throws IOException {
        DatagramChannel ch = null;
        try {
            ch = DatagramChannel.open(StandardProtocolFamily.INET);
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            if (receiveBufferBytes > 0) {
                ch.setOption(StandardSocketOptions.SO_RCVBUF, receiveBufferBytes);
            }
            ch.bind(new InetSocketAddress(address, port));
            MembershipKey membership = !address.isMulticastAddress() ? null
                    : source == null ? ch.join(address, networkInterface) : ch.join(address, networkInterface, source);
            ch.configureBlocking(false);
            if (listeners.size() >= 63) {
                throw new IOException("too many listening sockets");
            }
            ch.register(selector, SelectionKey.OP_READ, listeners.size() + 1);
            listeners.add(ch);
            if (membership != null) {
                memberships.add(membership);
            }
        } catch (IOException e) {
            closeQuietly(ch);
            throw new IOException("cannot listen on " + address.getHostAddress() + ":" + port
                    + (source == null ? "" : " from " + source.getHostAddress()) + " via "
                    + networkInterface.getName() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void rejoinGroups() throws IOException {
        for (int i = 0; i < memberships.size(); i++) {
            MembershipKey left = memberships.get(i);
            left.drop();
            try {
                memberships.set(i, left.sourceAddress() == null
                        ? left.channel().join(left.group(), networkInterface)
                        : left.channel().join(left.group(), networkInterface, left.sourceAddress()));
            } catch (IOException e) {
                throw new IOException("cannot re-join " + left.group().getHostAddress() + " via "
                        + networkInterface.getName() + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Reads from the sockets found readable. With none known, one non-blocking select asks the kernel; a call that
     * reads the known ones empty returns null without asking again: the next call or {@link #await} will.
     */
    @Override
    public InetSocketAddress receive(ByteBuffer buf) throws IOException {
        if (ready == 0) {
            selector.selectNow(markReady);
        }
        while (ready != 0) {
            // Stay on the socket that delivered: during a burst the next datagram is there too.
            int i = (ready & (1L << next)) != 0 ? next : Long.numberOfTrailingZeros(ready);
            buf.clear();
            SocketAddress from = channel(i).receive(buf);
            if (from != null) {
                next = i;
                buf.flip();
                return (InetSocketAddress) from;
            }
            ready &= ~(1L << i);
        }
        return null;
    }

    private DatagramChannel channel(int i) {
        return i == 0 ? main : listeners.get(i - 1);
    }

    @Override
    public boolean send(ByteBuffer datagram, InetSocketAddress to) throws IOException {
        return main.send(datagram, to) > 0;
    }

    @Override
    public void await(long timeoutNanos) throws IOException {
        // The callback forms leave the selected-key set alone: no set entry allocated per wake-up.
        long ms = timeoutNanos / 1_000_000;
        if (ms > 0) {
            selector.select(markReady, ms);
            return;
        }
        selector.selectNow(markReady);
        if (ready == 0 && timeoutNanos > 0) {
            // Below the selector's millisecond: sleep it out rather than poll (a paced sender waits ~100 us
            // between datagrams at 100 Mbit/s and spun a CPU); what arrives meanwhile is read just after.
            LockSupport.parkNanos(timeoutNanos);
        }
    }

    @Override
    public void wakeup() {
        selector.wakeup();
    }

    @Override
    public int receiveBufferBytes() {
        try {
            return main.getOption(StandardSocketOptions.SO_RCVBUF);
        } catch (IOException e) {
            return 0;
        }
    }

    public InetSocketAddress localAddress() throws IOException {
        return (InetSocketAddress) main.getLocalAddress();
    }

    @Override
    public void close() {
        for (DatagramChannel ch : listeners) {
            closeQuietly(ch);
        }
        closeQuietly(main);
        closeQuietly(selector);
    }

    private static void closeQuietly(Closeable c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // nothing to do on close
            }
        }
    }
}
