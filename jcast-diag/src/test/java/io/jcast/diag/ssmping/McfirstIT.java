package io.jcast.diag.ssmping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** mcfirst on loopback: an (S,G) join receives a local sender's packets and reports them as mcfirst does. */
class McfirstIT {
    @Test
    void receivesTheFirstPacketsAndPrintsRates() throws Exception {
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        InetAddress group = InetAddress.getByName("239.213.77.1");
        NetworkInterface nif = NetworkInterface.getByName("lo");
        try (DatagramChannel sender = DatagramChannel.open(StandardProtocolFamily.INET)) {
            sender.bind(new InetSocketAddress(lo, 0));
            sender.setOption(StandardSocketOptions.IP_MULTICAST_IF, nif);
            int port;
            try (DatagramChannel probe = DatagramChannel.open(StandardProtocolFamily.INET)) {
                probe.bind(new InetSocketAddress(lo, 0));
                port = ((InetSocketAddress) probe.getLocalAddress()).getPort();
            }
            McfirstReceiver receiver = new McfirstReceiver(new McfirstConfig(group, lo, port, nif, 3,
                    Duration.ofSeconds(10)));
            CountDownLatch joined = new CountDownLatch(1);
            List<McfirstReceiver.Packet> packets = new ArrayList<>();
            CompletableFuture<McfirstResult> result = CompletableFuture.supplyAsync(() -> {
                try {
                    return receiver.run(joined::countDown, packets::add);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertTrue(joined.await(5, TimeUnit.SECONDS));
            for (int i = 0; i < 3; i++) {
                sender.send(ByteBuffer.wrap(new byte[100]), new InetSocketAddress(group, port));
                Thread.sleep(20);
            }
            McfirstResult r = result.get(10, TimeUnit.SECONDS);
            assertEquals(3, r.packets());
            assertEquals(300, r.bytes());
            assertEquals("mcfirst joined (S,G) = (127.0.0.1,239.213.77.1)", receiver.joinedLine());
            assertTrue(packets.get(0).line().matches("Received 100 bytes from 127\\.0\\.0\\.1 after \\d+\\.\\d{3} ms "
                    + "\\(ttl/hops -1\\)"), packets.get(0).line());
            String[] summary = r.summary().split("\n");
            assertTrue(summary[0].matches("300 bytes \\(payload\\) and 3 packets received in \\d+\\.\\d{3} seconds"),
                    summary[0]);
            assertTrue(summary[1].matches("Average rate: \\d+\\.\\d{3} kbits of payload per second"), summary[1]);
            assertTrue(summary[2].matches("Estimated average rate including all headers: \\d+\\.\\d{3} kbits per "
                    + "second"), summary[2]);
        }
    }

    @Test
    void summaryArithmeticIsMcfirsts() {
        // 2 packets of 1000 bytes, 10 ms apart: (1000 * 8) / 10 ms = 800 kbit/s; with 28 header bytes 822.400
        McfirstResult r = new McfirstResult(2, 2000, 1000, 1_234_567, 10_000, true);
        assertEquals("2000 bytes (payload) and 2 packets received in 1.235 seconds\n"
                + "Average rate: 800.000 kbits of payload per second\n"
                + "Estimated average rate including all headers: 822.400 kbits per second\n", r.summary());
        assertEquals("0 bytes (payload) and 0 packets received in 0.000 seconds\n",
                new McfirstResult(0, 0, 0, 0, 0, true).summary());
    }
}
