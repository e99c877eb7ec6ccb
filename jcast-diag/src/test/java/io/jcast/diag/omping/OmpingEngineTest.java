package io.jcast.diag.omping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcast.diag.omping.protocol.MessageType;
import io.jcast.diag.omping.protocol.OmpingMessage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The engine alone on a manual clock: handshake, statistics, and the responder's abuse limits. */
class OmpingEngineTest {
    private static final long MS = 1_000_000L;

    record Sent(InetSocketAddress to, OmpingMessage message, int length) {
    }

    private final List<Sent> sent = new ArrayList<>();
    private final StringWriter printed = new StringWriter();
    private InetAddress a;
    private InetAddress b;
    private InetAddress group;
    private long now = 1_000 * MS;

    @BeforeEach
    void addresses() throws Exception {
        a = InetAddress.getByName("10.0.0.1");
        b = InetAddress.getByName("10.0.0.2");
        group = InetAddress.getByName("232.43.211.234");
    }

    private OmpingEngine engine(OmpingConfig config) {
        return new OmpingEngine(config, OmpingIds.random(), (to, payload) -> {
            int n = payload.remaining();
            try {
                sent.add(new Sent(to, OmpingMessage.decode(payload), n));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }, new OmpingReport(config, new PrintWriter(printed), 0, false), now, 0);
    }

    private OmpingConfig config() {
        return OmpingConfig.builder(a, List.of(Peer.of(b))).intervalMs(200).count(3).build();
    }

    private void deliver(OmpingEngine e, InetAddress from, OmpingMessage m, boolean multicast) {
        e.onDatagram(now, new InetSocketAddress(from, 4321), multicast, 64, ByteBuffer.wrap(m.toBytes()));
    }

    private List<Sent> drain() {
        List<Sent> copy = new ArrayList<>(sent);
        sent.clear();
        return copy;
    }

    /** Plays peer B by hand: it answers A's Init, then every Query, unicast and multicast. */
    @Test
    void shouldPingAPeerAndSummariseAsOmping() {
        OmpingEngine e = engine(config());
        e.doWork(now);
        Sent init = drain().get(0);
        assertEquals(MessageType.INIT, init.message().type());
        assertEquals(new InetSocketAddress(b, 4321), init.to());
        byte[] sid = new byte[16];
        deliver(e, b, OmpingMessage.response(init.message().clientId(), group, null, sid), false);
        for (int i = 0; i < 10 && !e.isDone(); i++) {
            for (Sent s : drain()) {
                if (s.message().type() == MessageType.QUERY) {
                    now += MS / 10;
                    OmpingMessage answer = OmpingMessage.answer(s.message(), 64, -1);
                    deliver(e, b, answer, false);
                    deliver(e, b, answer, true);
                    if (s.message().sequenceNumber() == 2) {
                        deliver(e, b, answer, false); // a duplicate
                    }
                }
            }
            now += 200 * MS;
            e.doWork(now);
        }
        now += 2000 * MS;
        e.doWork(now);
        assertTrue(e.isDone());
        String out = OmpingReplayTest.maskTimes(printed.toString());
        assertEquals("""
                10.0.0.2 : waiting for response msg
                10.0.0.2 : joined (S,G) = (*, 232.43.211.234), pinging
                10.0.0.2 :   unicast, seq=1, size=69 bytes, dist=0, time=T
                10.0.0.2 : multicast, seq=1, size=69 bytes, dist=0, time=T
                10.0.0.2 :   unicast, seq=2, size=69 bytes, dist=0, time=T
                10.0.0.2 : multicast, seq=2, size=69 bytes, dist=0, time=T
                10.0.0.2 :   unicast, seq=2 (dup), size=69 bytes, dist=0, time=T
                10.0.0.2 :   unicast, seq=3, size=69 bytes, dist=0, time=T
                10.0.0.2 : multicast, seq=3, size=69 bytes, dist=0, time=T
                10.0.0.2 : given amount of query messages was sent

                10.0.0.2 :   unicast, xmt/rcv/%loss = 3/3+1/0%, min/avg/max/std-dev = T
                10.0.0.2 : multicast, xmt/rcv/%loss = 3/3/0%, min/avg/max/std-dev = T
                """, out);
        PeerResult r = e.result().peers().get(0);
        assertEquals(3, r.unicast().sent());
        assertEquals(1, r.unicast().duplicates());
        assertEquals(0.1, r.unicast().avgMs(), 0.0001, "RTT = receive time - Client Timestamp");
    }

    @Test
    void shouldReportLateMulticastFromItsFirstSequence() {
        OmpingConfig config = config();
        OmpingEngine e = engine(config);
        e.doWork(now);
        OmpingMessage init = drain().get(0).message();
        deliver(e, b, OmpingMessage.response(init.clientId(), group, null, new byte[16]), false);
        for (int i = 0; i < 6 && !e.isDone(); i++) {
            for (Sent s : drain()) {
                if (s.message().type() == MessageType.QUERY) {
                    OmpingMessage answer = OmpingMessage.answer(s.message(), 64, -1);
                    deliver(e, b, answer, false);
                    if (s.message().sequenceNumber() >= 2) {
                        deliver(e, b, answer, true);
                    }
                }
            }
            now += 200 * MS;
            e.doWork(now);
        }
        assertTrue(printed.toString().contains(
                "10.0.0.2 : multicast, xmt/rcv/%loss = 3/2/33% (seq>=2 0%), min/avg/max/std-dev = "),
                printed.toString());
    }

    @Test
    void shouldSayNeverReceivedWhenThePeerIsAbsent() {
        OmpingEngine e = engine(OmpingConfig.builder(a, List.of(Peer.of(b))).intervalMs(200).timeoutMs(3000).build());
        for (int i = 0; i < 60 && !e.isDone(); i++) {
            e.doWork(now);
            now += 100 * MS;
        }
        assertTrue(e.isDone());
        assertEquals(3, drain().size(), "an Init every second for 3 s");
        assertEquals("""
                10.0.0.2 : waiting for response msg
                10.0.0.2 : waiting for response msg
                10.0.0.2 : waiting for response msg

                10.0.0.2 : response message never received
                """, printed.toString());
    }

    @Test
    void shouldAnswerAConfiguredPeerAndTellItToStopWhenFinishing() {
        OmpingEngine e = engine(config());
        e.doWork(now);
        drain();
        byte[] cid = new byte[24];
        OmpingMessage init = OmpingMessage.init(cid, group, false);
        deliver(e, b, init, false);
        Sent response = drain().get(0);
        assertEquals(List.of(0, 1, 4, 11), response.message().optionTypes());
        OmpingMessage query = OmpingMessage.query(cid, 1, 0, group, response.message().sessionId());
        deliver(e, b, query, false);
        List<Sent> answers = drain();
        assertEquals(2, answers.size());
        assertEquals(new InetSocketAddress(b, 4321), answers.get(0).to());
        assertEquals(new InetSocketAddress(group, 4321), answers.get(1).to());
        assertTrue(answers.get(0).length() < query.encodedLength());
        // A second Init within a second is ignored; a Query with a wrong Session ID is told to stop.
        deliver(e, b, init, false);
        assertTrue(drain().isEmpty());
        deliver(e, b, OmpingMessage.query(cid, 2, 0, group, new byte[16]), false);
        assertEquals(42, drain().get(0).length());

        e.requestStop();
        e.doWork(now);
        assertFalse(e.isDone(), "finishing");
        now += 10 * MS;
        deliver(e, b, OmpingMessage.query(cid, 3, 0, group, response.message().sessionId()), false);
        Sent stop = drain().get(0);
        assertEquals(List.of(0, 1, 2), stop.message().optionTypes());
        now += 1000 * MS;
        e.doWork(now);
        assertTrue(e.isDone());
    }

    @Test
    void shouldCountAndDropMalformedDatagramsWithoutReplying() {
        OmpingEngine e = engine(config());
        e.doWork(now);
        drain();
        e.onDatagram(now, new InetSocketAddress(b, 4321), false, 64, ByteBuffer.wrap(new byte[] {'Q', 0, 1, 0, 99}));
        e.onDatagram(now, new InetSocketAddress(b, 4321), false, 64, ByteBuffer.allocate(0));
        assertEquals(2, e.counter(OmpingCounter.MALFORMED_DATAGRAMS));
        assertTrue(drain().isEmpty());
    }

    @Test
    void shouldNeverReplyWithMoreBytesThanItReceived() throws Exception {
        OmpingEngine e = engine(config());
        e.doWork(now);
        drain();
        Random random = new Random(7);
        byte[] cid = new byte[24];
        List<OmpingMessage> templates = List.of(OmpingMessage.init(cid, group, false),
                OmpingMessage.init(cid, InetAddress.getByName("239.1.1.1"), true),
                OmpingMessage.query(cid, 1, 0, group, new byte[16]), OmpingMessage.stopResponse(
                        OmpingMessage.query(cid, 1, 0, group, new byte[16])));
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = templates.get(random.nextInt(templates.size())).toBytes();
            int flips = random.nextInt(4);
            for (int f = 0; f < flips; f++) {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            }
            InetAddress from = InetAddress.getByAddress(new byte[] {10, 9, (byte) random.nextInt(4), 1});
            e.onDatagram(now, new InetSocketAddress(from, 4321), false, 64, ByteBuffer.wrap(bytes));
            for (Sent s : drain()) {
                assertTrue(s.length() <= bytes.length, "reply " + s.length() + " B to a " + bytes.length + " B request");
            }
            now += MS / 10;
        }
        assertTrue(e.counter(OmpingCounter.REPLIES_RATE_LIMITED) > 0);
    }

    @Test
    void shouldRateLimitRepliesPerSource() throws Exception {
        OmpingEngine e = engine(config());
        e.doWork(now);
        drain();
        InetAddress stranger = InetAddress.getByName("10.9.9.9");
        OmpingMessage init = OmpingMessage.init(new byte[24], group, false);
        for (int i = 0; i < 1000; i++) {
            deliver(e, stranger, init, false);
            now += MS; // 1000 Inits a second
        }
        List<Sent> replies = drain();
        assertTrue(replies.stream().allMatch(s -> s.length() == 34 && s.to().getAddress().equals(stranger)));
        // a burst, then the rate for the second the 1000 took
        long allowed = 2 * OmpingEngine.REPLIES_PER_SOURCE_PER_SECOND;
        assertTrue(replies.size() <= allowed, replies.size() + " stop replies in a second");
        assertEquals(1000 - replies.size(), e.counter(OmpingCounter.REPLIES_RATE_LIMITED));
        // another source is not starved by the first
        deliver(e, InetAddress.getByName("10.9.9.8"), init, false);
        assertEquals(1, drain().size());
    }

    @Test
    void shouldDropQueriesBeyondThePeersRateLimit() {
        OmpingEngine e = engine(config());
        e.doWork(now);
        drain();
        byte[] cid = new byte[24];
        deliver(e, b, OmpingMessage.init(cid, group, false), false);
        byte[] sid = drain().get(0).message().sessionId();
        for (int seq = 1; seq <= 20; seq++) {
            deliver(e, b, OmpingMessage.query(cid, seq, 0, group, sid), false);
        }
        assertEquals(2 * 6, drain().size(), "burst 5 over a 200 ms interval: 6 Queries answered");
        assertEquals(14, e.counter(OmpingCounter.QUERIES_RATE_LIMITED));
    }

    @Test
    void shouldIgnoreEverythingButAnswersOnTheGroupAndForeignClientIds() {
        OmpingEngine e = engine(config());
        e.doWork(now);
        drain();
        deliver(e, b, OmpingMessage.init(new byte[24], group, false), true);
        deliver(e, b, OmpingMessage.answer(OmpingMessage.query(new byte[24], 1, 0, group, new byte[16]), 64, -1), true);
        assertTrue(drain().isEmpty());
        assertEquals(2, e.counter(OmpingCounter.IGNORED_MESSAGES));
    }

    @Test
    void shouldPingItselfInSingleAddressMode() {
        OmpingConfig config = OmpingConfig.builder(a, List.of(Peer.of(a))).intervalMs(200).count(2).build();
        assertTrue(config.singleAddress());
        OmpingEngine e = engine(config);
        for (int i = 0; i < 30 && !e.isDone(); i++) {
            e.doWork(now);
            for (Sent s : drain()) {
                // the kernel loops both the unicast and (multicast loop on) the multicast copy back
                e.onDatagram(now, new InetSocketAddress(a, 4321), s.to().getAddress().isMulticastAddress(), 0,
                        ByteBuffer.wrap(s.message().toBytes()));
                sent.addAll(drain().stream().filter(x -> !x.equals(s)).toList());
            }
            now += 100 * MS;
        }
        assertTrue(e.isDone());
        assertTrue(printed.toString().contains("10.0.0.1 : multicast, xmt/rcv/%loss = 2/2/0%"), printed.toString());
        assertTrue(printed.toString().contains("10.0.0.1 :   unicast, seq=1, size=69 bytes, time="),
                "no dist when the received TTL is unknown");
    }
}
