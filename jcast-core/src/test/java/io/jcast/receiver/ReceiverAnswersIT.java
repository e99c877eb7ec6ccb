package io.jcast.receiver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.jcast.fec.ReedSolomon;
import io.jcast.protocol.BlockBitmap;
import io.jcast.protocol.Capabilities;
import io.jcast.protocol.ConnectReply;
import io.jcast.protocol.ConnectReq;
import io.jcast.protocol.DataHeader;
import io.jcast.protocol.Ok;
import io.jcast.protocol.Opcode;
import io.jcast.protocol.ReqAck;
import io.jcast.protocol.Retransmit;
import io.jcast.transfer.ExitCode;
import io.jcast.transfer.Receiver;
import io.jcast.transfer.ReceiverConfig;
import io.jcast.transfer.TransferListener;
import io.jcast.transfer.TransferResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.Selector;
import java.nio.channels.SelectionKey;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A real receiver against a scripted sender on lo (127.0.0.1 and a random group, nothing else): what its answers
 * say and when it sends them. Slice 0 has five 1000-byte blocks; blocks 1 and 3 are "lost" and one FEC row is sent.
 */
class ReceiverAnswersIT {
    private static final int BLOCK = 1000;
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final byte[] slice0 = new byte[5 * BLOCK];
    private final byte[] slice1 = new byte[BLOCK];

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void aPromptSenderGetsTheAnswerToALostReqAckAndAnOkWithoutAsking() throws Exception {
        try (ScriptedSender s = new ScriptedSender(Capabilities.JCAST_PROMPT_ANSWERS)) {
            s.sendSlice0WithLossesAndOneFecRow();
            s.sendData(1, 0, slice1, 0, slice1.length); // no REQACK for slice 0 before it: it was "lost"
            ByteBuffer answer = s.expectAnswer();
            assertEquals(Opcode.RETRANSMIT, Opcode.of(answer), "slice 1 started: slice 0's REQACK was lost");
            assertEquals(0, answer.getInt(Retransmit.SLICE_OFFSET));
            assertEquals(0, answer.getInt(Retransmit.RXMIT_OFFSET), "answered as round 0");
            assertStillNeeded(answer, 3);
            s.sendData(0, 3, slice0, 3 * BLOCK, BLOCK);
            ByteBuffer ok = s.expectAnswer();
            assertEquals(Opcode.OK, Opcode.of(ok), "complete: OK at once, no REQACK needed");
            assertEquals(0, Ok.decodeSlice(ok));
            s.finish();
        }
    }

    @Test
    void aUdpcastSenderIsAnsweredOnlyWhenItAsks() throws Exception {
        try (ScriptedSender s = new ScriptedSender(Capabilities.DEFAULT)) {
            s.sendSlice0WithLossesAndOneFecRow();
            s.sendData(1, 0, slice1, 0, slice1.length);
            assertNull(s.answer(300), "udp-sender takes answers to its REQACKs only");
            s.sendReqAck(0, slice0.length, 0);
            ByteBuffer answer = s.expectAnswer();
            assertEquals(Opcode.RETRANSMIT, Opcode.of(answer));
            assertStillNeeded(answer, 3);
            s.sendData(0, 3, slice0, 3 * BLOCK, BLOCK);
            assertNull(s.answer(300), "no OK before the next REQACK");
            s.sendReqAck(0, slice0.length, 1);
            assertEquals(Opcode.OK, Opcode.of(s.expectAnswer()));
            s.finish();
        }
    }

    /** The map counts the FEC row held as one of the two missing blocks (the first): only {@code block} is asked. */
    private static void assertStillNeeded(ByteBuffer retransmit, int block) {
        BlockBitmap map = new BlockBitmap();
        map.read(retransmit, Retransmit.MAP_OFFSET);
        for (int b = 0; b < 5; b++) {
            assertEquals(b != block, map.get(b), "block " + b);
        }
    }

    private final class ScriptedSender implements AutoCloseable {
        private final int portBase = 20000 + 2 * ThreadLocalRandom.current().nextInt(10000);
        private final DatagramChannel channel;
        private final Selector selector;
        private final Future<TransferResult> receiver;
        private final ByteArrayOutputStream output = new ByteArrayOutputStream();
        private final InetSocketAddress receiverAddress;
        private final ByteBuffer buf = ByteBuffer.allocate(2048);

        ScriptedSender(int capabilities) throws Exception {
            new Random(7).nextBytes(slice0);
            new Random(8).nextBytes(slice1);
            InetAddress group = InetAddress.getByName("239.255." + (40 + ThreadLocalRandom.current().nextInt(200))
                    + "." + (1 + ThreadLocalRandom.current().nextInt(250)));
            NetworkInterface lo = NetworkInterface.getByName("lo");
            channel = DatagramChannel.open(StandardProtocolFamily.INET)
                    .setOption(StandardSocketOptions.SO_REUSEADDR, true)
                    .bind(new InetSocketAddress(portBase + 1));
            channel.setOption(StandardSocketOptions.IP_MULTICAST_IF, lo);
            channel.join(group, lo);
            channel.configureBlocking(false);
            selector = Selector.open();
            channel.register(selector, SelectionKey.OP_READ);
            Receiver r = Receiver.open(ReceiverConfig.builder().interfaceName("lo")
                    .localAddress(InetAddress.getByName("127.0.0.2")).portBase(portBase).rendezvousAddress(group)
                    .output(output).exitWait(Duration.ofMillis(200)).startTimeout(Duration.ofSeconds(10))
                    .receiveTimeout(Duration.ofSeconds(10)).build(),
                    TransferListener.NONE);
            receiver = pool.submit(() -> {
                try (r) {
                    return r.run();
                }
            });
            ByteBuffer req = expectAnswer();
            assertEquals(Opcode.CONNECT_REQ, Opcode.of(req));
            assertNotEquals(0, ConnectReq.decode(req).capabilities() & Capabilities.JCAST_NET_NEED,
                    "a jcast receiver says its maps count the FEC it holds");
            receiverAddress = new InetSocketAddress("127.0.0.2", portBase);
            buf.clear();
            new ConnectReply(0, BLOCK, capabilities | Capabilities.DEFAULT,
                    (Inet4Address) InetAddress.getByName("0.0.0.0")).encode(buf);
            send();
        }

        void sendSlice0WithLossesAndOneFecRow() throws Exception {
            for (int b : new int[] {0, 2, 4}) {
                sendData(0, b, slice0, b * BLOCK, BLOCK);
            }
            ByteBuffer[] blocks = new ByteBuffer[5];
            for (int b = 0; b < 5; b++) {
                blocks[b] = ByteBuffer.wrap(slice0, b * BLOCK, BLOCK).slice();
            }
            ByteBuffer row = ByteBuffer.allocate(BLOCK);
            new ReedSolomon(BLOCK).encode(blocks, 5, 0, row);
            buf.clear();
            DataHeader.write(buf, Opcode.FEC, 1, 0, 0, slice0.length);
            buf.put(DataHeader.LENGTH, row.array(), 0, BLOCK).limit(DataHeader.LENGTH + BLOCK);
            send();
        }

        void sendData(int sliceNo, int block, byte[] bytes, int from, int length) throws Exception {
            buf.clear();
            int sliceBytes = sliceNo == 0 ? slice0.length : slice1.length;
            DataHeader.write(buf, Opcode.DATA, 0, sliceNo, block, sliceBytes);
            buf.put(DataHeader.LENGTH, bytes, from, length).limit(DataHeader.LENGTH + length);
            send();
        }

        void sendReqAck(int sliceNo, int bytes, int rxmit) throws Exception {
            buf.clear();
            ReqAck.encode(buf, sliceNo, bytes, rxmit, new BlockBitmap());
            buf.flip();
            send();
        }

        /** Slice 1's REQACK, then the end marker; the receiver must deliver both slices whole. */
        void finish() throws Exception {
            sendReqAck(1, slice1.length, 0);
            assertEquals(Opcode.OK, Opcode.of(expectAnswer()));
            sendReqAck(2, 0, 0);
            TransferResult result = receiver.get(10, TimeUnit.SECONDS);
            assertEquals(ExitCode.OK, result.exitCode(), result.message());
            byte[] all = new byte[slice0.length + slice1.length];
            System.arraycopy(slice0, 0, all, 0, slice0.length);
            System.arraycopy(slice1, 0, all, slice0.length, slice1.length);
            assertArrayEquals(all, output.toByteArray());
        }

        private void send() throws Exception {
            if (buf.position() != 0) {
                buf.flip();
            }
            channel.send(buf, receiverAddress);
        }

        ByteBuffer expectAnswer() throws Exception {
            ByteBuffer b = answer(5000);
            assertFalse(b == null, "no answer within 5 s");
            return b;
        }

        /** The next datagram from the receiver within {@code ms}, or null. */
        ByteBuffer answer(long ms) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
            while (true) {
                ByteBuffer b = ByteBuffer.allocate(2048);
                if (channel.receive(b) != null) {
                    return b.flip();
                }
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return null;
                }
                selector.select(left);
                selector.selectedKeys().clear();
            }
        }

        @Override
        public void close() throws IOException {
            selector.close();
            channel.close();
        }
    }
}
