package io.jcast.diag.ssmping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcast.diag.ssmping.protocol.SsmpingMessage;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Abuse of a real ssmpingd socket on 127.0.0.1 (ephemeral port): garbage, broken TLVs, floods. */
class SsmpingServerIT {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private static SsmpingServer start(int perSourceRate) throws Exception {
        return SsmpingServer.start(new SsmpingServerConfig(0, List.of(LOOPBACK), NetworkInterface.getByName("lo"),
                perSourceRate, 10 * perSourceRate), line -> { });
    }

    private static DatagramChannel client(SsmpingServer server) throws Exception {
        DatagramChannel c = DatagramChannel.open();
        c.bind(new InetSocketAddress(LOOPBACK, 0));
        c.connect(new InetSocketAddress(LOOPBACK, server.port()));
        c.configureBlocking(false);
        return c;
    }

    /** Waits up to {@code millis} for a datagram; null if none came. */
    private static byte[] receive(DatagramChannel c, long millis) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(65535);
        long end = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < end) {
            if (c.receive(b) != null) {
                b.flip();
                byte[] out = new byte[b.remaining()];
                b.get(out);
                return out;
            }
            Thread.sleep(5);
        }
        return null;
    }

    @Test
    void malformedDatagramsAreCountedAndGetNoAnswer() throws Exception {
        try (SsmpingServer server = start(100); DatagramChannel c = client(server)) {
            List<String> bad = List.of(
                    "deadbeef",                            // garbage
                    "51000100",                            // truncated TLV
                    "510001fff0000000010004000501e82bd3ea", // oversized option length
                    "5100070001ff00040005010000000000");   // REPLYSIZE of one byte
            for (String hex : bad) {
                c.write(ByteBuffer.wrap(HexFormat.of().parseHex(hex)));
            }
            byte[] good = SsmpingMessage.request(1, 1, 1_000_000, true, 1000, 0,
                    SsmpingGroups.DEFAULT_IPV4).toBytes();
            c.write(ByteBuffer.wrap(good));
            byte[] reply = receive(c, 2000);
            assertEquals(good.length, reply.length, "the only answer is to the good request, and no larger");
            assertEquals('A', reply[0]);
            assertNull(receive(c, 200));
            SsmpingServerCounters counters = server.counters();
            assertEquals(3, counters.malformed());
            assertEquals(1, counters.ignored());
            assertEquals(1, counters.requests());
        }
    }

    @Test
    void floodFromOneSourceIsRateLimited() throws Exception {
        try (SsmpingServer server = start(5); DatagramChannel c = client(server)) {
            byte[] req = SsmpingMessage.request(1, 1, 1_000_000, false, 0, 0, SsmpingGroups.DEFAULT_IPV4).toBytes();
            for (int i = 0; i < 50; i++) {
                c.write(ByteBuffer.wrap(req));
            }
            List<byte[]> replies = new ArrayList<>();
            for (byte[] r = receive(c, 1000); r != null; r = receive(c, 300)) {
                replies.add(r);
            }
            // 5 in the burst, plus at most a few refilled while the 50 requests were read
            assertTrue(replies.size() >= 5 && replies.size() <= 10, "replies: " + replies.size());
            assertEquals(50, server.counters().requests() + server.counters().rateLimited());
        }
    }
}
