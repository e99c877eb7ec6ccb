package io.jcast.transport;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.unix.Socket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * The real network with UDP GSO for data (Linux 4.18+): {@link #sendBatched} gives the kernel runs
 * of equal-sized datagrams in one system call, and the interface still puts one datagram per
 * frame. It needs Netty's native epoll library (an optional dependency of jcast-core: embedders
 * without it get {@link NioDatagramTransport}) and the main socket's descriptor, i.e.
 * java.base/sun.nio.ch exported to jcast, as the CLI jar's manifest does.
 */
public final class GsoDatagramTransport extends NioDatagramTransport {
    /** The JVM option segmentation needs outside the CLI jar (whose manifest has it). */
    public static final String SEGMENTATION_JVM_OPTION = "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED";
    /** Linux's UDP_SEGMENT option (linux/udp.h): one send is cut into datagrams of this size. */
    private static final int SOL_UDP = 17;
    private static final int UDP_SEGMENT = 103;
    /** The kernel's UDP_MAX_SEGMENTS; a send also stays under IPv4's 65 507-byte datagram limit. */
    private static final int MAX_SEGMENTS = 64;
    private static final int MAX_SEND = 65507;

    /** Netty's view of the main socket's descriptor while GSO is on; null once datagrams go one by one. */
    private Socket segmenting;
    /** Datagrams waiting to leave as one send, each {@link #segmentSize} bytes but perhaps the last. */
    private final ByteBuffer batch;
    private final int segmentSize;
    private InetSocketAddress batchTarget;

    private GsoDatagramTransport(NioDatagramTransport opened, Socket segmenting, int segmentSize, int segments) {
        super(opened);
        this.segmenting = segmenting;
        this.segmentSize = segmentSize;
        this.batch = ByteBuffer.allocateDirect(segments * segmentSize);
    }

    /**
     * {@code opened} with data datagrams of {@code size} bytes segmented by the kernel; {@code opened}
     * itself, with nothing changed, where Netty's native library, the descriptor or the option is
     * missing.
     */
    public static NioDatagramTransport segmenting(NioDatagramTransport opened, int size) {
        int segments = Math.min(MAX_SEGMENTS, MAX_SEND / size);
        if (segments < 2 || !nettyPresent() || !Epoll.isAvailable()) {
            return opened;
        }
        try {
            int fd = (int) Class.forName("sun.nio.ch.SelChImpl").getMethod("getFDVal").invoke(opened.main);
            Socket socket = new Socket(fd);
            socket.setIntOpt(SOL_UDP, UDP_SEGMENT, size);
            return new GsoDatagramTransport(opened, socket, size, segments);
        } catch (ReflectiveOperationException | IOException | RuntimeException e) {
            return opened;
        }
    }

    private static boolean nettyPresent() {
        try {
            Class.forName("io.netty.channel.epoll.Epoll", false, GsoDatagramTransport.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    @Override
    public boolean send(ByteBuffer datagram, InetSocketAddress to) throws IOException {
        if (!flush()) {
            return false;
        }
        if (segmenting != null && datagram.remaining() > segmentSize) {
            stopSegmenting(); // the kernel would cut this datagram into segments
        }
        return super.send(datagram, to);
    }

    @Override
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

    @Override
    public boolean flush() throws IOException {
        if (batch.position() == 0) {
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
        if (segmenting != null) {
            segmenting.setIntOpt(SOL_UDP, UDP_SEGMENT, 0);
            segmenting = null;
        }
    }

    private void sendOneByOne() throws IOException {
        int end = batch.limit();
        for (int at = 0; at < end; at += segmentSize) {
            batch.limit(Math.min(end, at + segmentSize)).position(at);
            main.send(batch, batchTarget);
        }
    }

    /** True while the kernel segments the batches (false after a refusal or without GSO). */
    public boolean segmentationOn() {
        return segmenting != null;
    }
}
