package io.jcast.diag.omping;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcast.diag.omping.protocol.MessageType;
import io.jcast.diag.omping.protocol.OmpingMessage;
import io.jcast.testkit.Pcap;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Plays one node of each recorded run: the other node's datagrams from the capture are fed to the engine
 * on a manual clock (no sockets, no sleeps), and what the engine sends and prints is compared with what
 * the real omping 0.0.5 node sent (capture) and printed ({@code *_nodeX.out}).
 */
class OmpingReplayTest {
    /** Peer datagrams this much before our first send were queued in our socket: omping reads them after it. */
    private static final long QUEUED_BEFORE_START_US = 5_000;
    private static final long PHASE_DRIFT_NS = 5_000_000;
    /**
     * The capture was taken on node A's interface: a datagram reaches the receiving process a little after
     * its capture time. Both nodes' recorded orders agree with 3 us < latency < 66 us.
     */
    private static final long DELIVERY_LATENCY_NS = 20_000;

    private final TreeSet<Long> phaseTimes = new TreeSet<>();

    static Stream<Arguments> nodes() {
        return Stream.of(
                Arguments.of("ipv4_default", "A"), Arguments.of("ipv4_default", "B"),
                Arguments.of("ipv6_default", "A"), Arguments.of("ipv6_default", "B"),
                Arguments.of("ipv4_m239_p5000", "A"), Arguments.of("ipv4_m239_p5000", "B"),
                Arguments.of("ipv4_late_peer", "A"), Arguments.of("ipv4_late_peer", "B"),
                Arguments.of("ipv4_peer_absent", "A"));
    }

    record Sent(InetSocketAddress to, byte[] payload) {
    }

    @ParameterizedTest(name = "{0} node {1}")
    @MethodSource("nodes")
    void shouldSendWhatTheRealNodeSentAndPrintWhatItPrinted(String run, String node) throws Exception {
        boolean v6 = run.startsWith("ipv6");
        InetAddress self = InetAddress.getByName((v6 ? "fd00:214::" : "10.214.0.") + (node.equals("A") ? 1 : 2));
        InetAddress other = InetAddress.getByName((v6 ? "fd00:214::" : "10.214.0.") + (node.equals("A") ? 2 : 1));
        List<Pcap.Datagram> capture = Captures.datagrams(run);
        List<Pcap.Datagram> own = capture.stream().filter(d -> d.source().equals(self)).toList();

        OmpingConfig.Builder b = OmpingConfig.builder(self, List.of(new Peer(Addresses.format(other), other)))
                .intervalMs(200).count(5);
        if (run.contains("m239")) {
            b.group(InetAddress.getByName("239.255.1.1")).port(5000);
        }
        if (run.contains("absent")) {
            b.timeoutMs(3000);
        }
        OmpingConfig config = b.build();

        List<Sent> sent = new ArrayList<>();
        StringWriter printed = new StringWriter();
        long startUs = own.get(0).timestampMicros();
        OmpingEngine engine = new OmpingEngine(config, recordedIds(own), (to, payload) -> {
            byte[] bytes = new byte[payload.remaining()];
            payload.get(bytes);
            sent.add(new Sent(to, bytes));
        }, new OmpingReport(config, new PrintWriter(printed), 0, false), startUs * 1000, 0);

        for (Pcap.Datagram d : own) {
            MessageType t = OmpingMessage.decode(d.buffer()).type();
            if (t == MessageType.INIT || t == MessageType.QUERY) {
                phaseTimes.add(d.timestampMicros() * 1000);
            }
        }
        long now = startUs * 1000;
        engine.doWork(now);
        for (Pcap.Datagram d : capture) {
            if (!d.source().equals(other) || d.timestampMicros() < startUs - QUEUED_BEFORE_START_US) {
                continue;
            }
            long at = Math.max(now, d.timestampMicros() * 1000 + DELIVERY_LATENCY_NS);
            now = runUntil(engine, now, at);
            engine.onDatagram(now, new InetSocketAddress(d.source(), d.sourcePort()),
                    d.destination().isMulticastAddress(), d.ttl(), d.buffer());
        }
        runUntil(engine, now, now + 30_000_000_000L);
        assertTrue(engine.isDone(), "the node ends by itself");

        assertEquals(own.size(), sent.size(), "sent " + sent.stream().map(s -> s.to() + " " + s.payload().length).toList() + " vs recorded " + own);
        for (int i = 0; i < own.size(); i++) {
            Pcap.Datagram expected = own.get(i);
            Sent actual = sent.get(i);
            assertEquals(new InetSocketAddress(expected.destination(), expected.destinationPort()), actual.to(),
                    "destination of datagram " + i);
            OmpingMessage e = OmpingMessage.decode(expected.buffer());
            OmpingMessage a = OmpingMessage.decode(ByteBuffer.wrap(actual.payload()));
            assertEquals(e.type(), a.type(), "type of datagram " + i);
            assertEquals(e.optionTypes(), a.optionTypes(), "options of datagram " + i + " " + e.type());
            assertArrayEquals(maskQueryTimestamp(e, expected.payload()), maskQueryTimestamp(a, actual.payload()),
                    "bytes of datagram " + i + " " + e.type());
        }
        assertEquals(0, engine.counter(OmpingCounter.MALFORMED_DATAGRAMS));

        String expectedOut = Captures.text(run + "_node" + node + ".out");
        assertEquals(normalise(expectedOut), normalise(printed.toString()));
    }

    /**
     * Runs the engine's due work up to {@code until}. omping's send phases drift by its processing time
     * (about 0.4 ms per 200 ms), so a phase is run when the recorded node sent its Init or Query, if it did
     * so within {@link #PHASE_DRIFT_NS} of the engine's deadline; else at the deadline.
     */
    private long runUntil(OmpingEngine engine, long now, long until) {
        for (int guard = 0; guard < 100_000 && !engine.isDone(); guard++) {
            long deadline = Math.max(now, engine.nextDeadlineNs());
            Long recorded = phaseTimes.ceiling(deadline);
            long phase = recorded != null && recorded - deadline <= PHASE_DRIFT_NS ? recorded : deadline;
            if (phase > until) {
                break;
            }
            now = phase;
            engine.doWork(now);
        }
        return Math.max(now, until);
    }

    /** The Client Timestamp of our Queries is our clock's, not the recorded one. */
    private static byte[] maskQueryTimestamp(OmpingMessage m, byte[] payload) {
        byte[] copy = payload.clone();
        if (m.type() == MessageType.QUERY) {
            Arrays.fill(copy, 46, 54, (byte) 0);
        }
        return copy;
    }

    /** The IDs the recorded node used, in the order it generated them. */
    private static OmpingIds recordedIds(List<Pcap.Datagram> own) throws Exception {
        Deque<byte[]> clientIds = new ArrayDeque<>();
        Deque<byte[]> sessionIds = new ArrayDeque<>();
        for (Pcap.Datagram d : own) {
            OmpingMessage m = OmpingMessage.decode(d.buffer());
            if (m.type() == MessageType.INIT && (clientIds.isEmpty() || !Arrays.equals(clientIds.peekLast(),
                    m.clientId()))) {
                clientIds.add(m.clientId());
            }
            if (m.type() == MessageType.RESPONSE && m.sessionId() != null) {
                sessionIds.add(m.sessionId());
            }
        }
        return new OmpingIds() {
            @Override
            public byte[] clientId(InetAddress local) {
                return clientIds.isEmpty() ? new byte[24] : clientIds.poll();
            }

            @Override
            public byte[] sessionId() {
                return sessionIds.poll();
            }
        };
    }

    /**
     * Masks what varies between runs (README "Varies"): RTT values, and the order of the unicast and the
     * multicast line of one sequence number.
     */
    static String normalise(String out) {
        List<String> lines = new ArrayList<>(List.of(maskTimes(out).split("\n", -1)));
        for (int i = 0; i + 1 < lines.size(); i++) {
            String a = lines.get(i);
            String c = lines.get(i + 1);
            if (a.contains(": multicast, seq=") && c.contains(":   unicast, seq=")
                    && seq(a).equals(seq(c))) {
                lines.set(i, c);
                lines.set(i + 1, a);
            }
        }
        return String.join("\n", lines);
    }

    /** Masks the RTT values only. */
    static String maskTimes(String out) {
        return out.replaceAll("time=\\d+\\.\\d{3}ms", "time=T")
                .replaceAll("std-dev = \\d+\\.\\d{3}/\\d+\\.\\d{3}/\\d+\\.\\d{3}/\\d+\\.\\d{3}", "std-dev = T");
    }

    private static String seq(String line) {
        return line.replaceAll(".*seq=(\\d+).*", "$1");
    }
}
