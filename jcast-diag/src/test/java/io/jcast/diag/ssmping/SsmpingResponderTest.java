package io.jcast.diag.ssmping;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcast.diag.net.SourceRateLimiter;
import io.jcast.diag.ssmping.SsmpingResponder.Outcome;
import io.jcast.diag.ssmping.SsmpingResponder.Response;
import io.jcast.diag.ssmping.protocol.SsmpingMessage;
import io.jcast.testkit.Pcap;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** ssmpingd's decisions, with a test-owned clock: echo, group checks, size cap, malformed input, rate limits. */
class SsmpingResponderTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final SsmpingResponder responder = new SsmpingResponder(5, 50, 0);

    private static InetSocketAddress client(String address, int port) throws Exception {
        return new InetSocketAddress(InetAddress.getByName(address), port);
    }

    private static byte[] request(String group) throws Exception {
        return SsmpingMessage.request(42, 1, 1_000_000, false, 0, 0, InetAddress.getByName(group)).toBytes();
    }

    /** The captured request gets the captured reply, to the client and to group:client port. */
    @ParameterizedTest
    @ValueSource(strings = {"ssmping_ipv4.pcap", "asmping_ipv4.pcap", "ssmping_ipv6.pcap"})
    void answersTheFixtureRequestsAsSsmpingdDid(String pcap) {
        var capture = Captures.udp(pcap);
        Pcap.Datagram request = capture.get(0);
        Pcap.Datagram unicastReply = capture.get(1);
        Pcap.Datagram multicastReply = capture.get(2);
        InetSocketAddress from = new InetSocketAddress(request.source(), request.sourcePort());
        Response r = responder.respond(request.buffer(), from, 0);
        assertEquals(Outcome.REPLY, r.outcome());
        assertArrayEquals(unicastReply.payload(), r.reply());
        assertEquals(from, r.unicastTarget());
        assertEquals(new InetSocketAddress(multicastReply.destination(), multicastReply.destinationPort()),
                r.multicastTarget());
        assertEquals(List.of("received request from " + SsmpingGroups.text(request.source())), r.lines());
    }

    /** ssmpingd 0.9.1 turned this 48-byte request into two 100-byte replies; jcast answers with 48. */
    @Test
    void neverAnswersWithMoreBytesThanTheRequest() {
        Pcap.Datagram request = Captures.udp("ssmping_ipv4_v_s100.pcap").get(0);
        Response r = responder.respond(request.buffer(),
                new InetSocketAddress(request.source(), request.sourcePort()), 0);
        assertEquals(request.payload().length, r.reply().length);
        byte[] echo = request.payload().clone();
        echo[0] = 'A';
        assertArrayEquals(echo, r.reply());
    }

    @Test
    void defaultGroupWhenTheRequestHasNone() throws Exception {
        byte[] noGroup = HexFormat.of().parseHex("510001000400000001");
        Response r = responder.respond(ByteBuffer.wrap(noGroup), client("10.0.0.1", 5000), 0);
        assertEquals(client("232.43.211.234", 5000), r.multicastTarget());
        Response v6 = responder.respond(ByteBuffer.wrap(noGroup), client("fd00::1", 5000), 0);
        assertEquals(client("ff3e::4321:1234", 5000), v6.multicastTarget());
    }

    /** Unicast-only for groups ssmpingd would refuse, and for "groups" that are not multicast at all. */
    @ParameterizedTest
    @ValueSource(strings = {"224.0.1.1", "10.0.0.234", "ff3e::1"})
    void refusedGroupsGetOnlyTheUnicastReply(String group) throws Exception {
        byte[] req = request(group);
        Response r = responder.respond(ByteBuffer.wrap(req), client("10.0.0.1", 5000), 0);
        assertEquals(Outcome.UNICAST_ONLY, r.outcome());
        assertNull(r.multicastTarget());
        assertEquals(req.length, r.reply().length);
        assertEquals(List.of("received request from 10.0.0.1", "received request with invalid group address " + group),
                r.lines());
        assertEquals(1, responder.counters().invalidGroups());
    }

    @Test
    void repliesAndGarbageAreIgnoredSilently() throws Exception {
        byte[] reply = request("232.43.211.234");
        reply[0] = 'A';
        assertEquals(Outcome.IGNORED, responder.respond(ByteBuffer.wrap(reply), client("10.0.0.1", 1), 0).outcome());
        assertEquals(Outcome.IGNORED,
                responder.respond(ByteBuffer.wrap(new byte[] {1, 2, 3}), client("10.0.0.1", 1), 0).outcome());
        assertEquals(Outcome.IGNORED, responder.respond(ByteBuffer.allocate(0), client("10.0.0.1", 1), 0).outcome());
        assertEquals(3, responder.counters().ignored());
        assertEquals(0, responder.counters().requests());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "51ff",                              // truncated TLV header
        "510001000400",                      // PID cut short
        "510001fff000000001",                // option length far beyond the datagram
        "5100070003000064",                  // REPLYSIZE of the wrong length
        "510004000502e82bd3ea",              // GROUP: IPv6 family with 4 address bytes
        "5100010004000000010004"             // trailing half header
    })
    void malformedRequestsAreCountedAndDropped(String hex) throws Exception {
        Response r = responder.respond(ByteBuffer.wrap(HexFormat.of().parseHex(hex)), client("10.0.0.1", 1), 0);
        assertEquals(Outcome.MALFORMED, r.outcome());
        assertNull(r.reply());
        assertEquals(1, responder.counters().malformed());
    }

    @Test
    void ratePerSourceIsLimited() throws Exception {
        byte[] req = request("232.43.211.234");
        int answered = 0;
        for (int i = 0; i < 20; i++) {
            if (responder.respond(ByteBuffer.wrap(req), client("10.0.0.1", 1), 0).reply() != null) {
                answered++;
            }
        }
        assertEquals(5, answered, "a burst of the per-source rate");
        assertEquals(15, responder.counters().rateLimited());
        assertEquals(Outcome.REPLY, responder.respond(ByteBuffer.wrap(req), client("10.0.0.2", 1), 0).outcome(),
                "another source is not affected");
        assertEquals(Outcome.RATE_LIMITED,
                responder.respond(ByteBuffer.wrap(req), client("10.0.0.1", 1), SECOND / 10).outcome());
        assertEquals(Outcome.REPLY,
                responder.respond(ByteBuffer.wrap(req), client("10.0.0.1", 1), SECOND / 5 + 1).outcome(),
                "one token back after 1/5 s at 5 per second");
    }

    @Test
    void totalRateIsLimitedAcrossSpoofedSources() throws Exception {
        byte[] req = request("232.43.211.234");
        int answered = 0;
        for (int i = 0; i < 200; i++) {
            if (responder.respond(ByteBuffer.wrap(req), client("10.1." + (i / 250) + "." + (i % 250), 1), 0)
                    .reply() != null) {
                answered++;
            }
        }
        assertEquals(50, answered);
    }

    @Test
    void sourceTableIsBounded() throws Exception {
        SourceRateLimiter limiter = new SourceRateLimiter(1, 1, 1_000_000, 0);
        for (int i = 0; i < SourceRateLimiter.MAX_SOURCES + 100; i++) {
            limiter.tryAcquire(InetAddress.getByAddress(new byte[] {10, (byte) (i >> 16), (byte) (i >> 8), (byte) i}),
                    0);
        }
        assertEquals(SourceRateLimiter.MAX_SOURCES, limiter.trackedSources());
    }
}
