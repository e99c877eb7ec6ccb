package io.jcast.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sender's batched sends on loopback: whatever goes as one GSO send arrives as the datagrams it held. */
class GsoDatagramTransportTest {
    private static final int SEGMENT = 1472;
    private static final InetAddress GROUP = address("239.255.42.17");

    @Test
    void batchedDatagramsArriveOneByOneInOrder() throws Exception {
        ResolvedInterface lo = InterfaceResolver.resolve("lo");
        try (NioDatagramTransport opened = NioDatagramTransport.open(lo, lo.address(), 0, 1, 0, 0);
             NioDatagramTransport receiver = NioDatagramTransport.open(lo, lo.address(), 0, 1, 0, 4 << 20)) {
            int port = receiver.localAddress().getPort();
            receiver.listen(GROUP, port, 4 << 20);
            // Segmentation needs the exported descriptor (surefire's argLine) and Netty's native library.
            DatagramTransport sender = segmenting(opened, SEGMENT);
            InetSocketAddress to = new InetSocketAddress(GROUP, port);

            // 100 full datagrams (more than one send holds), then a short last one, then a control datagram.
            for (int i = 0; i < 100; i++) {
                assertTrue(sender.sendBatched(datagram(i, SEGMENT), to));
            }
            assertTrue(sender.sendBatched(datagram(100, 700), to));
            assertTrue(sender.send(datagram(101, 40), to));

            List<ByteBuffer> got = receiveAll(receiver, 102);
            for (int i = 0; i < 102; i++) {
                ByteBuffer d = got.get(i);
                assertEquals(i == 100 ? 700 : i == 101 ? 40 : SEGMENT, d.remaining(), "length of datagram " + i);
                assertEquals(i, d.getInt(0), "datagrams keep their order");
                assertEquals((byte) i, d.get(d.limit() - 1), "the last byte is the datagram's own");
            }
        }
    }

    @Test
    void pendingDatagramsLeaveOnFlush() throws Exception {
        ResolvedInterface lo = InterfaceResolver.resolve("lo");
        try (NioDatagramTransport opened = NioDatagramTransport.open(lo, lo.address(), 0, 1, 0, 0);
             NioDatagramTransport receiver = NioDatagramTransport.open(lo, lo.address(), 0, 1, 0, 4 << 20)) {
            InetSocketAddress to = receiver.localAddress();
            DatagramTransport sender = segmenting(opened, SEGMENT);
            for (int i = 0; i < 3; i++) {
                sender.sendBatched(datagram(i, SEGMENT), to);
            }
            assertEquals(null, receiver.receive(ByteBuffer.allocate(65536)), "held until flushed");
            assertTrue(sender.flush());
            assertEquals(3, receiveAll(receiver, 3).size());
        }
    }

    @Test
    void aDatagramLongerThanASegmentIsNotCut() throws Exception {
        // --blocksize 64 makes 80-byte segments; a REQACK is 144 bytes and must not leave as two datagrams.
        ResolvedInterface lo = InterfaceResolver.resolve("lo");
        try (NioDatagramTransport opened = NioDatagramTransport.open(lo, lo.address(), 0, 1, 0, 0);
             NioDatagramTransport receiver = NioDatagramTransport.open(lo, lo.address(), 0, 1, 0, 4 << 20)) {
            InetSocketAddress to = receiver.localAddress();
            DatagramTransport sender = segmenting(opened, 80);
            assertTrue(sender.sendBatched(datagram(0, 80), to));
            assertTrue(sender.sendBatched(datagram(1, 80), to));
            assertTrue(sender.send(datagram(2, 144), to));
            assertTrue(sender.sendBatched(datagram(3, 80), to));
            assertTrue(sender.sendBatched(datagram(4, 200), to));
            assertTrue(sender.flush());
            List<ByteBuffer> got = receiveAll(receiver, 5);
            int[] lengths = {80, 80, 144, 80, 200};
            for (int i = 0; i < 5; i++) {
                assertEquals(lengths[i], got.get(i).remaining(), "length of datagram " + i);
                assertEquals(i, got.get(i).getInt(0), "datagrams keep their order");
            }
        }
    }

    private static DatagramTransport segmenting(NioDatagramTransport opened, int segment) {
        DatagramTransport t = GsoDatagramTransport.segmenting(opened, segment);
        assertTrue(t instanceof GsoDatagramTransport g && g.segmentationOn(), "UDP GSO on loopback");
        return t;
    }

    private static ByteBuffer datagram(int number, int length) {
        ByteBuffer b = ByteBuffer.allocate(length);
        for (int i = 0; i < length; i++) {
            b.put(i, (byte) number);
        }
        return b.putInt(0, number);
    }

    private static List<ByteBuffer> receiveAll(DatagramTransport sockets, int count) throws IOException {
        List<ByteBuffer> got = new ArrayList<>();
        ByteBuffer buf = ByteBuffer.allocateDirect(65536);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (got.size() < count && System.nanoTime() < deadline) {
            if (sockets.receive(buf) == null) {
                sockets.await(10_000_000);
                continue;
            }
            ByteBuffer copy = ByteBuffer.allocate(buf.remaining());
            copy.put(buf).flip();
            got.add(copy);
        }
        assertEquals(count, got.size(), "datagrams received");
        return got;
    }

    private static InetAddress address(String a) {
        try {
            return InetAddress.getByName(a);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
