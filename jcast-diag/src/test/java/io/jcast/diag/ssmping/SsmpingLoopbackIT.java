package io.jcast.diag.ssmping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** jcast ssmping/asmping against jcast ssmpingd in one JVM, on 127.0.0.1 with an ephemeral server port. */
class SsmpingLoopbackIT {
    private static SsmpingServer loopbackServer(List<String> log) throws Exception {
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        return SsmpingServer.start(SsmpingServerConfig.defaults().withPort(0).withBindAddresses(List.of(lo))
                .withMulticastInterface(NetworkInterface.getByName("lo")), log::add);
    }

    @Test
    void ssmRepliesArriveOnUnicastAndMulticast() throws Exception {
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        try (SsmpingServer server = loopbackServer(log)) {
            InetAddress lo = InetAddress.getByName("127.0.0.1");
            List<SsmpingReply> replies = new ArrayList<>();
            SsmpingResult r = new SsmpingClient(SsmpingClientConfig.ssm(lo).withPort(server.port()).withCount(3)
                    .withInterval(Duration.ofMillis(100))).run(new SsmpingListener() {
                        @Override
                        public void onReply(SsmpingReply reply) {
                            replies.add(reply);
                        }
                    });
            assertEquals(3, r.transmitted());
            assertEquals(3, r.unicast().received(), replies.toString());
            assertEquals(3, r.multicast().received(), replies.toString());
            assertEquals(1, r.firstMulticastSeq());
            assertEquals(0, r.multicastLossPercent());
            assertEquals(0, r.multicastLossOfAllPercent());
            assertTrue(r.multicastReceived());
            assertEquals(3, server.counters().requests());
            assertEquals(3, server.counters().multicastReplies());
            assertEquals(List.of("received request from 127.0.0.1", "received request from 127.0.0.1",
                    "received request from 127.0.0.1"), log);
        }
    }

    @Test
    void asmUsesTheRewrittenGroup() throws Exception {
        try (SsmpingServer server = loopbackServer(new ArrayList<>())) {
            InetAddress lo = InetAddress.getByName("127.0.0.1");
            SsmpingClientConfig config = SsmpingClientConfig.asm(lo, InetAddress.getByName("239.1.2.3"))
                    .withPort(server.port()).withCount(2).withInterval(Duration.ofMillis(100));
            assertEquals(InetAddress.getByName("239.1.2.234"), config.group());
            SsmpingResult r = new SsmpingClient(config).run(SsmpingListener.NONE);
            assertEquals(2, r.unicast().received());
            assertEquals(2, r.multicast().received());
        }
    }

    /** A client that wants large replies pads its requests: the server's echo is as large, never larger. */
    @Test
    void paddedRequestsGetRepliesOfTheSameSize() throws Exception {
        try (SsmpingServer server = loopbackServer(new ArrayList<>())) {
            InetAddress lo = InetAddress.getByName("127.0.0.1");
            List<SsmpingReply> replies = new ArrayList<>();
            SsmpingResult r = new SsmpingClient(SsmpingClientConfig.ssm(lo).withPort(server.port()).withCount(1)
                    .withInterval(Duration.ofMillis(100)).withRequestSize(1400).withReplySize(1400))
                    .run(new SsmpingListener() {
                        @Override
                        public void onReply(SsmpingReply reply) {
                            replies.add(reply);
                        }
                    });
            assertEquals(2, replies.size());
            assertEquals(1400, replies.get(0).size());
            assertEquals(1400, replies.get(1).size());
            assertEquals(1, r.multicast().received());
        }
    }
}
