package io.jcast.transport;

import io.jcast.transfer.ExitCode;
import io.jcast.transfer.TransferException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.InternetProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.unix.SegmentedDatagramPacket;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.Closeable;
import java.io.IOException;
import java.lang.invoke.VarHandle;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The sockets of one UDPcast endpoint: a main socket that sends everything and receives unicast,
 * plus listening sockets bound to a broadcast or multicast address (§2.2, §2.4).
 *
 * <p>On Linux the sockets are Netty epoll channels on one I/O thread: runs of data datagrams leave as one UDP GSO
 * send ({@link #sendBatched}), and receiving sockets take UDP GRO, so a burst of a jcast sender's datagrams arrives
 * in one system call. Elsewhere Netty's NIO channels do the same work one datagram per call. The I/O thread copies
 * every datagram into a fixed ring the engine thread reads ({@link #receive}), so memory stays bounded and the
 * engine keeps its single-threaded duty cycle: receive, work, {@link #await}.
 */
public final class UdpSockets implements Closeable {
    /** Datagrams, and bytes, the ring holds before the I/O thread drops (as a full socket buffer would). */
    private static final int RING_SLOTS = 16_384;
    private static final int RING_BYTES = 16 << 20;
    private static final int MAX_DATAGRAM = 65_536;
    /** Linux's cap on segments per GSO send is 64; 40 segments of 1472 bytes stay inside one 64 KiB datagram. */
    private static final int MAX_SEGMENTS = 40;
    private static final int MAX_GSO_BYTES = 65_000;
    private static final boolean EPOLL = Epoll.isAvailable();
    private static final boolean GSO = EPOLL && EpollDatagramChannel.isSegmentedDatagramPacketSupported();

    private final EventLoopGroup loop;
    private final NetworkInterface networkInterface;
    private final Channel main;
    private final List<Channel> listeners = new ArrayList<>();

    // Ring from the I/O thread (producer) to the engine thread (consumer).
    private final ByteBuffer ring = ByteBuffer.allocateDirect(RING_BYTES);
    private final long[] starts = new long[RING_SLOTS];
    private final int[] lengths = new int[RING_SLOTS];
    /** Byte positions in the ring, counted from the start and never wrapped: where the next datagram goes and
     * where the oldest unread one begins. */
    private long writePos;
    private final AtomicLong readPos = new AtomicLong();
    private final InetSocketAddress[] sources = new InetSocketAddress[RING_SLOTS];
    private final AtomicLong head = new AtomicLong();
    private final AtomicLong tail = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile Thread parked;

    // Batch of equal-sized datagrams to one destination, sent as one GSO write (engine thread only).
    private ByteBuf batch;
    private InetSocketAddress batchTarget;
    private int batchSegment;
    private int batchCount;
    private volatile Throwable sendError;

    private UdpSockets(EventLoopGroup loop, NetworkInterface networkInterface, Channel main) {
        this.loop = loop;
        this.networkInterface = networkInterface;
        this.main = main;
    }

    /** Opens the main socket bound to {@code address:port}, multicast going out of {@code nif}. */
    public static UdpSockets open(ResolvedInterface nif, InetAddress address, int port, int ttl, int sendBufferBytes,
                                  int receiveBufferBytes) throws TransferException {
        EventLoopGroup loop = EPOLL ? new EpollEventLoopGroup(1, new DefaultThreadFactory("jcast-io", true))
                : new NioEventLoopGroup(1, new DefaultThreadFactory("jcast-io", true));
        UdpSockets sockets = null;
        try {
            DatagramChannel ch = newChannel();
            ch.config().setOption(ChannelOption.SO_BROADCAST, true);
            ch.config().setOption(ChannelOption.IP_MULTICAST_IF, nif.networkInterface());
            ch.config().setOption(ChannelOption.IP_MULTICAST_TTL, ttl);
            ch.config().setOption(ChannelOption.IP_MULTICAST_LOOP_DISABLED, false);
            // Back-pressure for the data path: sendBatched refuses while this much waits for the socket.
            ch.config().setWriteBufferWaterMark(new WriteBufferWaterMark(256 * 1024, 1024 * 1024));
            if (sendBufferBytes > 0) {
                ch.config().setOption(ChannelOption.SO_SNDBUF, sendBufferBytes);
            }
            sockets = new UdpSockets(loop, nif.networkInterface(), ch);
            sockets.start(ch, new InetSocketAddress(address, port), receiveBufferBytes, "");
            return sockets;
        } catch (TransferException e) {
            if (sockets != null) {
                sockets.close();
            } else {
                loop.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            }
            throw e;
        }
    }

    private static DatagramChannel newChannel() {
        return EPOLL ? new EpollDatagramChannel() : new NioDatagramChannel(InternetProtocolFamily.IPv4);
    }

    /** Registers, configures receiving and binds {@code ch}; {@code what} prefixes a failure message. */
    private void start(DatagramChannel ch, InetSocketAddress at, int receiveBufferBytes, String what)
            throws TransferException {
        ch.config().setAllocator(PooledByteBufAllocator.DEFAULT);
        if (EPOLL) {
            ch.config().setOption(EpollChannelOption.UDP_GRO, true);
            ch.config().setRecvByteBufAllocator(new FixedRecvByteBufAllocator(65_536));
        } else {
            ch.config().setRecvByteBufAllocator(new FixedRecvByteBufAllocator(MAX_DATAGRAM));
        }
        if (receiveBufferBytes > 0) {
            ch.config().setOption(ChannelOption.SO_RCVBUF, receiveBufferBytes);
        }
        ch.pipeline().addLast(new Inbound());
        Throwable failed = loop.register(ch).awaitUninterruptibly().cause();
        if (failed == null) {
            failed = ch.bind(at).awaitUninterruptibly().cause();
        }
        if (failed != null) {
            ch.close().awaitUninterruptibly();
            String reason = String.valueOf(failed.getMessage()).replaceFirst("^bind\\(\\.\\.\\) failed: ", "");
            throw new TransferException(ExitCode.NETWORK_ERROR, what + "cannot bind " + at.getAddress().getHostAddress()
                    + ":" + at.getPort() + ": " + reason
                    + (reason.contains("in use") ? " (another sender or receiver uses this port base?)" : ""), failed);
        }
    }

    /**
     * Adds a listening socket bound to {@code address:port}; joins the group when the address is
     * multicast. SO_REUSEADDR lets several receivers share one host (udpcast cannot).
     */
    public void listen(InetAddress address, int port, int receiveBufferBytes) throws TransferException {
        DatagramChannel ch = newChannel();
        ch.config().setOption(ChannelOption.SO_REUSEADDR, true);
        String what = "cannot listen on " + address.getHostAddress() + ":" + port + " via "
                + networkInterface.getName() + ": ";
        start(ch, new InetSocketAddress(address, port), receiveBufferBytes, what);
        if (address.isMulticastAddress()) {
            Throwable failed = ch.joinGroup(new InetSocketAddress(address, port), networkInterface).awaitUninterruptibly().cause();
            if (failed != null) {
                ch.close().awaitUninterruptibly();
                throw new TransferException(ExitCode.NETWORK_ERROR, what + failed.getMessage(), failed);
            }
        }
        listeners.add(ch);
    }

    /** Runs on the I/O thread: copies each datagram into the ring and frees Netty's buffer at once. */
    private final class Inbound extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            DatagramPacket packet = (DatagramPacket) msg;
            try {
                ByteBuf content = packet.content();
                int n = content.readableBytes();
                long start = writePos;
                if (start % RING_BYTES + n > RING_BYTES) {
                    start += RING_BYTES - start % RING_BYTES; // no room before the end: continue at the beginning
                }
                long t = tail.get();
                if (t - head.get() >= RING_SLOTS || start + n - readPos.get() > RING_BYTES) {
                    dropped.incrementAndGet();
                    return;
                }
                int slot = (int) (t % RING_SLOTS);
                content.getBytes(content.readerIndex(), ring.slice((int) (start % RING_BYTES), n));
                writePos = start + n;
                starts[slot] = start;
                lengths[slot] = n;
                sources[slot] = packet.sender();
                tail.lazySet(t + 1);
            } finally {
                packet.release();
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            VarHandle.fullFence(); // the tail we published must be seen before we look for a parked engine
            Thread waiter = parked;
            if (waiter != null) {
                LockSupport.unpark(waiter);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            sendError = cause; // reported by the next send; receive errors of UDP sockets are not fatal
        }
    }

    /**
     * Receives one datagram from any socket into {@code buf} (cleared first, flipped after).
     * Returns the source, or null when nothing is waiting.
     */
    public InetSocketAddress receive(ByteBuffer buf) {
        long h = head.get();
        if (h == tail.get()) {
            return null;
        }
        int slot = (int) (h % RING_SLOTS);
        buf.clear();
        int n = Math.min(lengths[slot], buf.remaining());
        buf.put(buf.position(), ring, (int) (starts[slot] % RING_BYTES), n);
        buf.limit(n);
        InetSocketAddress from = sources[slot];
        sources[slot] = null;
        readPos.lazySet(starts[slot] + lengths[slot]);
        head.lazySet(h + 1);
        return from;
    }

    /** Datagrams dropped because the engine did not keep up with the ring. */
    public long droppedDatagrams() {
        return dropped.get();
    }

    /** Sends from the main socket (after any batch, to keep the order); false when the socket is backed up. */
    public boolean send(ByteBuffer buf, InetSocketAddress to) throws IOException {
        flush();
        if (!main.isWritable()) {
            return false;
        }
        ByteBuf out = main.alloc().directBuffer(buf.remaining());
        out.writeBytes(buf);
        main.writeAndFlush(new DatagramPacket(out, to), main.voidPromise());
        return true;
    }

    /**
     * Queues a datagram for a batch of equal-sized ones to the same destination (only the last may be shorter);
     * the batch leaves as one GSO send when full, on {@link #flush}, or before any other send. False when the
     * socket is backed up: try again later.
     */
    public boolean sendBatched(ByteBuffer buf, InetSocketAddress to) throws IOException {
        int n = buf.remaining();
        if (batch != null && (!to.equals(batchTarget) || n > batchSegment || batchCount == maxSegments())) {
            flush();
        }
        if (batch == null) {
            checkSendError();
            if (!main.isWritable()) {
                return false;
            }
            batch = main.alloc().directBuffer(Math.max(n, Math.min(MAX_GSO_BYTES, n * MAX_SEGMENTS)));
            batchTarget = to;
            batchSegment = n;
            batchCount = 0;
        }
        batch.writeBytes(buf);
        batchCount++;
        if (n < batchSegment || batchCount == maxSegments()) {
            flush();
        }
        return true;
    }

    private int maxSegments() {
        return Math.max(1, Math.min(MAX_SEGMENTS, MAX_GSO_BYTES / batchSegment));
    }

    /** Sends the pending batch, if any. */
    public void flush() throws IOException {
        checkSendError();
        if (batch == null) {
            return;
        }
        ByteBuf b = batch;
        batch = null;
        if (batchCount == 1) {
            main.write(new DatagramPacket(b, batchTarget), main.voidPromise());
        } else if (GSO) {
            main.write(new SegmentedDatagramPacket(b, batchSegment, batchTarget), main.voidPromise());
        } else {
            // No GSO: one write per datagram, which epoll still hands to the kernel in one sendmmsg.
            while (b.isReadable()) {
                main.write(new DatagramPacket(b.readRetainedSlice(Math.min(batchSegment, b.readableBytes())),
                        batchTarget), main.voidPromise());
            }
            b.release();
        }
        main.flush();
    }

    private void checkSendError() throws IOException {
        Throwable e = sendError;
        if (e != null) {
            sendError = null;
            throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        }
    }

    /** Blocks until a datagram may be waiting, {@link #wakeup} is called, or the timeout passes. */
    public void await(long timeoutNanos) throws IOException {
        flush();
        if (timeoutNanos <= 0 || head.get() != tail.get()) {
            return;
        }
        parked = Thread.currentThread();
        if (head.get() == tail.get()) {
            LockSupport.parkNanos(this, timeoutNanos);
        }
        parked = null;
    }

    public void wakeup() {
        Thread waiter = parked;
        if (waiter != null) {
            LockSupport.unpark(waiter);
        }
    }

    public int receiveBufferBytes() {
        return main.config().getOption(ChannelOption.SO_RCVBUF);
    }

    @Override
    public void close() {
        try {
            flush();
        } catch (IOException ignored) {
            // closing anyway
        }
        // Closing a channel discards what still waits for the socket: give the last datagrams a moment to leave.
        long deadline = System.nanoTime() + 500_000_000L;
        while (main.isActive() && main.bytesBeforeUnwritable() <= main.config().getWriteBufferHighWaterMark()
                && System.nanoTime() < deadline) {
            LockSupport.parkNanos(1_000_000);
        }
        for (Channel ch : listeners) {
            ch.close().awaitUninterruptibly();
        }
        main.close().awaitUninterruptibly();
        loop.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).awaitUninterruptibly();
    }
}
