package io.jcast.transport;

import io.jcast.transfer.ExitCode;
import io.jcast.transfer.TransferException;
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
                                            int sendBufferBytes, int receiveBufferBytes) throws TransferException {
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
            ch.register(selector, SelectionKey.OP_READ);
            return new NioDatagramTransport(selector, nif.networkInterface(), ch);
        } catch (IOException e) {
            closeQuietly(ch);
            closeQuietly(selector);
            throw new TransferException(ExitCode.NETWORK_ERROR, "cannot open socket: " + e.getMessage(), e);
        } catch (TransferException e) {
            closeQuietly(ch);
            closeQuietly(selector);
            throw e;
        }
    }

    private static void bind(DatagramChannel ch, InetSocketAddress at) throws TransferException, IOException {
        try {
            ch.bind(at);
        } catch (BindException e) {
            throw new TransferException(ExitCode.NETWORK_ERROR,
                    "cannot bind " + at.getAddress().getHostAddress() + ":" + at.getPort() + ": " + e.getMessage()
                            + (e.getMessage() != null && e.getMessage().contains("in use")
                            ? " (another sender or receiver uses this port base?)" : ""), e);
        }
    }

    /**
     * Adds a listening socket bound to {@code address:port}; joins the group when the address is
     * multicast. SO_REUSEADDR lets several receivers share one host (udpcast cannot).
     */
    @Override
    public void listen(InetAddress address, int port, int receiveBufferBytes) throws IOException {
        DatagramChannel ch = null;
        try {
            ch = DatagramChannel.open(StandardProtocolFamily.INET);
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            if (receiveBufferBytes > 0) {
                ch.setOption(StandardSocketOptions.SO_RCVBUF, receiveBufferBytes);
            }
            ch.bind(new InetSocketAddress(address, port));
            MembershipKey membership = address.isMulticastAddress() ? ch.join(address, networkInterface) : null;
            ch.configureBlocking(false);
            ch.register(selector, SelectionKey.OP_READ);
            listeners.add(ch);
            if (membership != null) {
                memberships.add(membership);
            }
        } catch (IOException e) {
            closeQuietly(ch);
            throw new IOException("cannot listen on " + address.getHostAddress() + ":" + port + " via "
                    + networkInterface.getName() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void rejoinGroups() throws IOException {
        for (int i = 0; i < memberships.size(); i++) {
            MembershipKey left = memberships.get(i);
            left.drop();
            try {
                memberships.set(i, left.channel().join(left.group(), networkInterface));
            } catch (IOException e) {
                throw new IOException("cannot re-join " + left.group().getHostAddress() + " via "
                        + networkInterface.getName() + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public InetSocketAddress receive(ByteBuffer buf) throws IOException {
        int n = listeners.size() + 1;
        for (int i = 0; i < n; i++) {
            DatagramChannel ch = channel((next + i) % n);
            buf.clear();
            SocketAddress from = ch.receive(buf);
            if (from != null) {
                // Stay on the socket that delivered: during a burst the next datagram is there too,
                // and every empty recvfrom on another socket is a wasted system call.
                next = (next + i) % n;
                buf.flip();
                return (InetSocketAddress) from;
            }
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
        if (ms <= 0) {
            selector.selectNow(NioDatagramTransport::ignore);
        } else {
            selector.select(NioDatagramTransport::ignore, ms);
        }
    }

    private static void ignore(SelectionKey key) {
        // receive() polls every socket anyway
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
