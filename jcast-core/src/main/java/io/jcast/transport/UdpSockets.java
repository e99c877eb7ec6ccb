package io.jcast.transport;

import io.jcast.transfer.ExitCode;
import io.jcast.transfer.TransferException;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.unix.Socket;
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
    /** Linux's UDP_SEGMENT option (linux/udp.h): one send is cut into datagrams of this size (UDP GSO). */
    private static final int SOL_UDP = 17;
    private static final int UDP_SEGMENT = 103;
    /** The kernel's UDP_MAX_SEGMENTS; a send also stays under IPv4's 65 507-byte datagram limit. */
    private static final int MAX_SEGMENTS = 64;
    private static final int MAX_SEND = 65507;
    /** The JVM option {@link #enableSegmentation} needs outside the CLI jar (whose manifest has it). */
    public static final String SEGMENTATION_JVM_OPTION = "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED";

    private final Selector selector;
    private final NetworkInterface networkInterface;
    private final DatagramChannel main;
    private final List<DatagramChannel> listeners = new ArrayList<>();
    private int next;

    /** Netty's view of the main socket's descriptor while GSO is on; null when datagrams go one by one. */
    private Socket segmenting;
    /** Datagrams waiting to leave as one send, each {@link #segmentSize} bytes but perhaps the last. */
    private ByteBuffer batch;
    private int segmentSize;
    private InetSocketAddress batchTarget;

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

    /**
     * Sends from the main socket, after any batched datagrams; false when the socket buffer is full
     * (try again later).
     */
    public boolean send(ByteBuffer buf, InetSocketAddress to) throws IOException {
        if (!flush()) {
            return false;
        }
        if (segmenting != null && buf.remaining() > segmentSize) {
            stopSegmenting(); // the kernel would cut this datagram into segments
        }
        return main.send(buf, to) > 0;
    }

    /**
     * Lets {@link #sendBatched} give the kernel runs of {@code size}-byte datagrams in one system call
     * (UDP GSO, Linux 4.18+): the send path runs once per run instead of once per datagram, and the
     * interface still puts one datagram per frame. Needs Netty's native epoll library and the main
     * socket's descriptor (java.base/sun.nio.ch exported to jcast, as the CLI's manifest does); false,
     * with nothing changed, where either is missing.
     */
    public boolean enableSegmentation(int size) {
        int segments = Math.min(MAX_SEGMENTS, MAX_SEND / size);
        if (segments < 2 || !Epoll.isAvailable()) {
            return false;
        }
        try {
            int fd = (int) Class.forName("sun.nio.ch.SelChImpl").getMethod("getFDVal").invoke(main);
            Socket socket = new Socket(fd);
            socket.setIntOpt(SOL_UDP, UDP_SEGMENT, size);
            segmenting = socket;
        } catch (ReflectiveOperationException | IOException | RuntimeException e) {
            return false;
        }
        segmentSize = size;
        batch = ByteBuffer.allocateDirect(segments * size);
        return true;
    }

    /**
     * Sends a data datagram, with GSO on perhaps a little later: datagrams of the segment size to one
     * target gather into one send, which leaves when it is full, before any other send, and on
     * {@link #flush}. A shorter datagram ends its run. False when the socket buffer is full and the
     * datagram was not taken (try again later).
     */
    public boolean sendBatched(ByteBuffer datagram, InetSocketAddress to) throws IOException {
        if (segmenting == null || datagram.remaining() > segmentSize) {
            return send(datagram, to);
        }
        int pending = batch.position();
        if (pending > 0 && (batch.remaining() < segmentSize || pending % segmentSize != 0
                || !to.equals(batchTarget)) && !flush()) {
            return false;
        }
        batch.put(datagram);
        batchTarget = to;
        return true;
    }

    /** Sends the batched datagrams now; false when the socket buffer is full (they stay batched). */
    public boolean flush() throws IOException {
        if (batch == null || batch.position() == 0) {
            return true;
        }
        batch.flip();
        try {
            if (main.send(batch, batchTarget) == 0) {
                batch.position(batch.limit()).limit(batch.capacity());
                return false;
            }
        } catch (IOException e) {
            // A device without checksum offload refuses GSO sends (EIO): from now on one by one.
            stopSegmenting();
            sendOneByOne();
        }
        batch.clear();
        return true;
    }

    private void stopSegmenting() throws IOException {
        segmenting.setIntOpt(SOL_UDP, UDP_SEGMENT, 0);
        segmenting = null;
    }

    private void sendOneByOne() throws IOException {
        int end = batch.limit();
        for (int at = 0; at < end; at += segmentSize) {
            batch.limit(Math.min(end, at + segmentSize)).position(at);
            main.send(batch, batchTarget);
        }
    }

    /** Blocks until a datagram may be waiting, {@link #wakeup} is called, or the timeout passes. */
    public void await(long timeoutNanos) throws IOException {
        // The callback forms leave the selected-key set alone: no set entry allocated per wake-up.
        long ms = timeoutNanos / 1_000_000;
        if (ms <= 0) {
            selector.selectNow(UdpSockets::ignore);
        } else {
            selector.select(UdpSockets::ignore, ms);
        }
    }

    private static void ignore(SelectionKey key) {
        // receive() polls every socket anyway
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
