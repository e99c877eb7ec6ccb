package io.jcast.diag.ssmping;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jcast.diag.ssmping.protocol.SsmpingMessage;
import io.jcast.testkit.Pcap;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Replays each fixture capture through the client's receive side and printer and compares with
 * what Debian's ssmping/asmping printed. The receive times are the only thing a replay cannot
 * know (the C client used kernel timestamps): they are taken from the stored output, so the
 * reply lines and the rtt statistics (integer mean, population std-dev) must match byte for byte.
 */
class SsmpingOutputTest {
    private static final Pattern TIME = Pattern.compile(" time=(\\d+)\\.(\\d{3}) ms");
    private static final Pattern TOTAL = Pattern.compile("packets transmitted, time (\\d+) ms");

    @ParameterizedTest
    @CsvSource({
        "ssmping_ipv4, true",
        "asmping_ipv4, false",
        "ssmping_ipv6, true",
        "ssmping_ipv4_v_s100, true",
        "ssmping_ipv4_noserver, true"
    })
    void replayReproducesTheRealOutput(String run, boolean ssm) {
        String expected = Captures.text(run + "_client.out");
        List<Pcap.Datagram> capture = Captures.udp(run + ".pcap");
        Pcap.Datagram first = capture.get(0);
        SsmpingMessage firstRequest = decode(first);
        SsmpingClientConfig config = (ssm ? SsmpingClientConfig.ssm(first.destination())
                : SsmpingClientConfig.asm(first.destination(), firstRequest.group().orElseThrow()))
                .withPid(firstRequest.pid().getAsLong())
                .withRequestVersion(firstRequest.requestsVersion())
                .withReplySize(firstRequest.replySize().orElse(0));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        SsmpingPrinter printer = new SsmpingPrinter(new PrintWriter(out), new PrintWriter(err));
        printer.onJoined(config, first.source());
        ReplyTracker tracker = new ReplyTracker(config, printer);

        List<Long> printedTimes = new ArrayList<>();
        Matcher m = TIME.matcher(expected);
        while (m.find()) {
            printedTimes.add(Long.parseLong(m.group(1)) * 1000 + Long.parseLong(m.group(2)));
        }
        int requests = 0;
        int replies = 0;
        for (Pcap.Datagram d : capture) {
            if (d.destinationPort() == SsmpingGroups.PORT) {
                requests++;
                tracker.onRequestSent(d.payload().length);
                if (run.contains("noserver")) {
                    // each request drew an ICMP port unreachable (not UDP, so not in the replay)
                    printer.onReceiveError("recv failed: Connection refused", 111);
                }
                continue;
            }
            long echoed = decode(d).timestampMicros().getAsLong();
            tracker.onDatagram(d.buffer(), d.source(), d.destination().isMulticastAddress(),
                    echoed + printedTimes.get(replies++), d.ttl());
        }
        Matcher total = TOTAL.matcher(expected);
        total.find();
        printer.onFinished(tracker.result(requests, Long.parseLong(total.group(1))));

        assertEquals(expected, out.toString());
        String expectedErr = run.contains("noserver") ? Captures.text(run + "_client.err") : "";
        assertEquals(expectedErr, err.toString());
    }

    @Test
    void distFollowsTheTtlAsSsmpingComputesIt() {
        assertEquals(0, ReplyTracker.dist(64));
        assertEquals(3, ReplyTracker.dist(61));
        assertEquals(8, ReplyTracker.dist(120));
        assertEquals(-1, ReplyTracker.dist(-1));
    }

    @Test
    void duplicatesAreMarkedAndNotCounted() throws Exception {
        Pcap.Datagram request = Captures.udp("ssmping_ipv4.pcap").get(0);
        Pcap.Datagram reply = Captures.udp("ssmping_ipv4.pcap").get(1);
        SsmpingMessage r = decode(request);
        SsmpingClientConfig config = SsmpingClientConfig.ssm(request.destination()).withPid(r.pid().getAsLong());
        List<SsmpingReply> seen = new ArrayList<>();
        ReplyTracker tracker = new ReplyTracker(config, new SsmpingListener() {
            @Override
            public void onReply(SsmpingReply reply) {
                seen.add(reply);
            }
        });
        tracker.onRequestSent(request.payload().length);
        long ts = r.timestampMicros().getAsLong();
        tracker.onDatagram(reply.buffer(), reply.source(), false, ts + 200, -1);
        tracker.onDatagram(reply.buffer(), reply.source(), false, ts + 300, -1);
        assertEquals("  unicast from 10.214.0.2, seq=1 dist=-1 time=0.300 ms (DUP!)",
                SsmpingPrinter.replyLine(seen.get(1)));
        assertEquals(1, tracker.result(1, 1000).unicast().received());
    }

    @Test
    void foreignDatagramsGetSsmpingsMessages() throws Exception {
        Pcap.Datagram request = Captures.udp("ssmping_ipv4.pcap").get(0);
        Pcap.Datagram reply = Captures.udp("ssmping_ipv4.pcap").get(1);
        SsmpingClientConfig config = SsmpingClientConfig.ssm(request.destination()).withPid(1);
        List<String> lines = new ArrayList<>();
        ReplyTracker tracker = new ReplyTracker(config, new SsmpingListener() {
            @Override
            public void onIgnored(String line) {
                lines.add(line);
            }
        });
        tracker.onRequestSent(request.payload().length);
        tracker.onDatagram(reply.buffer(), reply.source(), true, 0, -1);
        tracker.onDatagram(request.buffer(), request.destination(), false, 0, -1);
        tracker.onDatagram(reply.buffer(), request.source(), false, 0, -1);
        tracker.onDatagram(java.nio.ByteBuffer.wrap(new byte[10]), reply.source(), false, 0, -1);
        assertEquals(List.of("received someone else's multicast reply", "received non-reply packet",
                "ignoring packet from wrong host (10.214.0.1)", "packet too small"), lines);
    }

    private static SsmpingMessage decode(Pcap.Datagram d) {
        try {
            return SsmpingMessage.decode(d.buffer());
        } catch (Exception e) {
            throw new AssertionError(d + ": " + e.getMessage(), e);
        }
    }
}
