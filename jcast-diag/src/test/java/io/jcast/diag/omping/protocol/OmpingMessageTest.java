package io.jcast.diag.omping.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jcast.diag.net.MalformedPacketException;
import io.jcast.testkit.Pcap;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OmpingMessageTest {
    private static List<Pcap.Datagram> capture(String run) throws IOException, URISyntaxException {
        return Pcap.readUdp(Path.of(OmpingMessageTest.class.getResource("/captures/omping/" + run + ".pcap").toURI()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ipv4_default", "ipv6_default", "ipv4_m239_p5000", "ipv4_peer_absent", "ipv4_late_peer"})
    void shouldReencodeEveryCapturedDatagramByteForByte(String run) throws Exception {
        List<Pcap.Datagram> datagrams = capture(run);
        assertFalse(datagrams.isEmpty());
        for (Pcap.Datagram d : datagrams) {
            OmpingMessage m = OmpingMessage.decode(d.buffer());
            assertNotNull(m.type(), d.toString());
            assertArrayEquals(d.payload(), m.toBytes(), d.toString());
            assertEquals(d.payload().length, m.encodedLength());
            assertEquals(2, m.version(), d.toString());
            assertEquals(64, d.ttl(), "IP TTL of " + d);
            assertEquals(d.sourcePort(), d.destinationPort(), "omping uses one port for both ends: " + d);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ipv4_default", "ipv6_default", "ipv4_m239_p5000", "ipv4_late_peer"})
    void shouldMatchTheFixedLayoutOfEveryMessageType(String run) throws Exception {
        List<Pcap.Datagram> datagrams = capture(run);
        int extra = datagrams.get(0).source() instanceof Inet4Address ? 0 : 12;
        for (int i = 0; i < datagrams.size(); i++) {
            Pcap.Datagram d = datagrams.get(i);
            OmpingMessage m = OmpingMessage.decode(d.buffer());
            int n = d.payload().length;
            switch (m.type()) {
                case INIT -> {
                    assertEquals(List.of(0, 1, 10), m.optionTypes());
                    assertEquals(45 + extra, n);
                    assertTrue(m.prefixCovers(group(run)), "Init prefix covers the group");
                }
                case RESPONSE -> {
                    if (m.multicastGroup() != null) {
                        assertEquals(List.of(0, 1, 4, 11), m.optionTypes());
                        assertEquals(64 + extra, n);
                        assertEquals(group(run), m.multicastGroup());
                    } else if (m.sequenceNumber() >= 0) {
                        assertEquals(List.of(0, 1, 2), m.optionTypes());
                        assertEquals(42, n);
                    } else {
                        assertEquals(List.of(0, 1), m.optionTypes());
                        assertEquals(34, n);
                    }
                    assertEquals(24, m.clientId().length);
                }
                case QUERY -> {
                    assertEquals(List.of(0, 1, 2, 3, 4, 11), m.optionTypes());
                    assertEquals(84 + extra, n);
                    assertEquals(16, m.sessionId().length);
                    assertEquals(24, m.clientId().length);
                }
                case ANSWER -> {
                    assertEquals(List.of(0, 1, 2, 3, 4, 9), m.optionTypes());
                    assertEquals(69 + extra, n);
                    assertEquals(64, m.ttl());
                    if (d.destination().isMulticastAddress()) {
                        assertEquals(group(run), d.destination());
                        assertTrue(datagrams.stream().anyMatch(u -> !u.destination().isMulticastAddress()
                                && u.source().equals(d.source()) && Arrays.equals(u.payload(), d.payload())),
                                "multicast copy of a unicast Answer: " + d);
                    } else {
                        Pcap.Datagram query = queryFor(datagrams, m);
                        byte[] expected = Arrays.copyOf(query.payload(), n);
                        expected[0] = 'A';
                        System.arraycopy(HexFormat.of().parseHex("0009000140"), 0, expected, n - 5, 5);
                        assertArrayEquals(expected, d.payload(), "Answer = Query prefix + TTL option");
                        assertArrayEquals(expected, OmpingMessage.answer(OmpingMessage.decode(query.buffer()), 64, 0)
                                .toBytes(), "our Answer to the recorded Query");
                    }
                }
                default -> fail("unexpected " + m);
            }
        }
    }

    private static Pcap.Datagram queryFor(List<Pcap.Datagram> datagrams, OmpingMessage answer) throws Exception {
        for (Pcap.Datagram d : datagrams) {
            OmpingMessage q = OmpingMessage.decode(d.buffer());
            if (q.type() == MessageType.QUERY && Arrays.equals(q.clientId(), answer.clientId())
                    && q.sequenceNumber() == answer.sequenceNumber()) {
                return d;
            }
        }
        throw new AssertionError("no Query for " + answer);
    }

    private static InetAddress group(String run) throws IOException {
        return InetAddress.getByName(run.startsWith("ipv6") ? "ff3e::4321:1234"
                : run.contains("m239") ? "239.255.1.1" : "232.43.211.234");
    }

    @Test
    void shouldBuildTheMessagesOmpingSendsWithTheSameBytes() throws Exception {
        List<Pcap.Datagram> d = capture("ipv4_default");
        OmpingMessage recordedInit = OmpingMessage.decode(d.get(0).buffer());
        InetAddress group = InetAddress.getByName("232.43.211.234");
        assertArrayEquals(d.get(0).payload(), OmpingMessage.init(recordedInit.clientId(), group, false).toBytes());
        OmpingMessage recordedResponse = OmpingMessage.decode(d.get(2).buffer());
        assertArrayEquals(d.get(2).payload(), OmpingMessage.response(recordedResponse.clientId(), group, null,
                recordedResponse.sessionId()).toBytes());
        OmpingMessage q = OmpingMessage.decode(d.get(4).buffer());
        assertArrayEquals(d.get(4).payload(), OmpingMessage.query(q.clientId(), q.sequenceNumber(),
                q.clientTimestampMicros(), group, q.sessionId()).toBytes());
    }

    @Test
    void shouldBuildStopResponsesOf34And42Bytes() throws Exception {
        byte[] cid = new byte[24];
        InetAddress group = InetAddress.getByName("232.43.211.234");
        OmpingMessage init = OmpingMessage.init(cid, group, false);
        OmpingMessage query = OmpingMessage.query(cid, 4, 0, group, new byte[16]);
        assertEquals(34, OmpingMessage.stopResponse(init).encodedLength());
        assertEquals(42, OmpingMessage.stopResponse(query).encodedLength());
        assertEquals(List.of(0, 1, 2), OmpingMessage.stopResponse(query).optionTypes());
        assertEquals(4, OmpingMessage.stopResponse(query).sequenceNumber());
    }

    @Test
    void shouldRejectTruncatedDatagramsNamingTypeAndLength() throws Exception {
        byte[] query = capture("ipv4_default").get(4).payload();
        for (int n = 0; n < query.length; n++) {
            byte[] cut = Arrays.copyOf(query, n);
            // a cut exactly between two options is a shorter but well-formed message
            try {
                OmpingMessage m = OmpingMessage.decode(ByteBuffer.wrap(cut));
                assertEquals(n, m.encodedLength());
            } catch (MalformedPacketException e) {
                if (n > 0) {
                    assertTrue(e.getMessage().contains("0x51") && e.getMessage().contains(n + " bytes"), e.getMessage());
                }
            }
        }
        MalformedPacketException e = assertThrows(MalformedPacketException.class,
                () -> OmpingMessage.decode(ByteBuffer.wrap(new byte[] {'Q', 0, 1, 0, 24, 1, 2})));
        assertTrue(e.getMessage().contains("option 1 declares 24 bytes"), e.getMessage());
    }

    @Test
    void shouldNeverThrowAnythingButMalformedOnRandomBytes() {
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            byte[] b = new byte[random.nextInt(120)];
            random.nextBytes(b);
            if (b.length > 0 && random.nextBoolean()) {
                b[0] = (byte) "ISQA".charAt(random.nextInt(4));
            }
            try {
                OmpingMessage m = OmpingMessage.decode(ByteBuffer.wrap(b));
                assertArrayEquals(b, m.toBytes());
                m.version();
                m.clientId();
                m.sequenceNumber();
                m.clientTimestampMicros();
                m.multicastGroup();
                m.requestedOptions();
                m.prefixCovers(InetAddress.getLoopbackAddress());
            } catch (MalformedPacketException expected) {
                // counted and dropped by the engine
            }
        }
    }

    @Test
    void shouldApplyOmpingsOptionAcceptanceRules() throws Exception {
        // Version of length 2 and a group with a wrong family/length are ignored; the last Client ID wins.
        byte[] raw = HexFormat.of().parseHex("51" + "00000002" + "0202" + "00010001aa" + "00010001bb"
                + "00040006" + "0002" + "e82bd3ea" + "000a0003" + "000100");
        OmpingMessage m = OmpingMessage.decode(ByteBuffer.wrap(raw));
        assertEquals(-1, m.version());
        assertArrayEquals(new byte[] {(byte) 0xbb}, m.clientId());
        assertEquals(null, m.multicastGroup());
        assertTrue(m.prefixCovers(InetAddress.getByName("239.1.2.3")), "prefix length 0 covers every group");
        assertFalse(m.prefixCovers(InetAddress.getByName("ff3e::1")), "but only of its family");
    }
}
