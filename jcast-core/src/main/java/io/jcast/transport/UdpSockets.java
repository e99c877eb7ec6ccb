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
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;

/**
 * The sockets of one UDPcast endpoint: a main socket that sends everything and receives unicast,
 * plus listening sockets bound to a broadcast or multicast address (§2.2, §2.4). Everything is
 * non-blocking; {@link #await} waits on all of them and can be woken from another thread.
 */
public final class UdpSockets implements Closeable {
    private final Selector selector;
    private final NetworkInterface networkInterface;
    private final DatagramChannel main;
    private final List<DatagramChannel> listeners = new ArrayList<>();
    private int next;

    private UdpSockets(Selector selector, NetworkInterface networkInterface, DatagramChannel main) {
        this.selector = selector;
        this.networkInterface = networkInterface;
        this.main = main;
    }

    /** Opens the main socket bound to {@code address:port}, multicast going out of {@code nif}. */
    public static UdpSockets open(ResolvedInterface nif, InetAddress address, int port, int ttl, int sendBufferBytes,
                                  int receiveBufferBytes) throws TransferException {
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
            return new UdpSockets(selector, nif.networkInterface(), ch);
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
    public void listen(InetAddress address, int port, int receiveBufferBytes) throws TransferException {
        DatagramChannel ch = null;
        try {
            ch = DatagramChannel.open(StandardProtocolFamily.INET);
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            if (receiveBufferBytes > 0) {
                ch.setOption(StandardSocketOptions.SO_RCVBUF, receiveBufferBytes);
            }
            bind(ch, new InetSocketAddress(address, port));
            if (address.isMulticastAddress()) {
                ch.join(address, networkInterface);
            }
            ch.configureBlocking(false);
            ch.register(selector, SelectionKey.OP_READ);
            listeners.add(ch);
        } catch (IOException e) {
            closeQuietly(ch);
            throw new TransferException(ExitCode.NETWORK_ERROR,
                    "cannot listen on " + address.getHostAddress() + ":" + port + " via " + networkInterface.getName()
                            + ": " + e.getMessage(), e);
        } catch (TransferException e) {
            closeQuietly(ch);
            throw e;
        }
    }

    /**
     * Receives one datagram from any socket into {@code buf} (cleared first, flipped after).
     * Returns the source, or null when nothing is waiting.
     */
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

    /** Sends from the main socket; false when the socket buffer is full (try again later). */
    public boolean send(ByteBuffer buf, InetSocketAddress to) throws IOException {
        return main.send(buf, to) > 0;
    }

    /** Blocks until a datagram may be waiting, {@link #wakeup} is called, or the timeout passes. */
    public void await(long timeoutNanos) throws IOException {
        long ms = timeoutNanos / 1_000_000;
        if (ms <= 0) {
            selector.selectNow();
        } else {
            selector.select(ms);
        }
        selector.selectedKeys().clear();
    }

    public void wakeup() {
        selector.wakeup();
    }

    public int receiveBufferBytes() {
        try {
            return main.getOption(StandardSocketOptions.SO_RCVBUF);
        } catch (IOException e) {
            return 0;
        }
    }

    public void setReceiveBuffer(int bytes) throws IOException {
        main.setOption(StandardSocketOptions.SO_RCVBUF, bytes);
        for (DatagramChannel ch : listeners) {
            ch.setOption(StandardSocketOptions.SO_RCVBUF, bytes);
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
