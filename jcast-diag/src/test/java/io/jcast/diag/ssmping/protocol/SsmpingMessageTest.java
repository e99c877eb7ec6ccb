package io.jcast.diag.ssmping.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcast.diag.net.MalformedPacketException;
import io.jcast.diag.ssmping.Captures;
import io.jcast.testkit.Pcap;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The codec against the datagrams Debian's ssmping 0.9.1 and ssmpingd exchanged in the fixture captures. */
class SsmpingMessageTest {
    private static final int SERVER_PORT = 4321;

    private static List<Pcap.Datagram> requests(String pcap) {
        return Captures.udp(pcap).stream().filter(d -> d.destinationPort() == SERVER_PORT).toList();
    }

    private static List<Pcap.Datagram> replies(String pcap) {
        return Captures.udp(pcap).stream().filter(d -> d.sourcePort() == SERVER_PORT).toList();
    }

    /** Rebuilds every captured request from its PID, SEQ and TIMESTAMP: the bytes must be identical. */
    @ParameterizedTest
    @ValueSource(strings = {"ssmping_ipv4.pcap", "asmping_ipv4.pcap", "ssmping_ipv6.pcap", "ssmping_ipv4_v_s100.pcap",
        "ssmping_ipv4_noserver.pcap"})
    void requestsAreRebuiltByteForByte(String pcap) throws Exception {
        List<Pcap.Datagram> requests = requests(pcap);
        assertFalse(requests.isEmpty());
        long expectedSeq = 1;
        for (Pcap.Datagram d : requests) {
            SsmpingMessage m = SsmpingMessage.decode(d.buffer());
            assertTrue(m.isRequest());
            assertEquals(expectedSeq++, m.seq().getAsLong(), "SEQ starts at 1 and counts up");
            boolean vs100 = pcap.contains("v_s100");
            SsmpingMessage rebuilt = SsmpingMessage.request(m.pid().getAsLong(), m.seq().getAsLong(),
                    m.timestampMicros().getAsLong(), vs100, vs100 ? 100 : 0, 0, m.group().orElseThrow());
            assertArrayEquals(d.payload(), rebuilt.toBytes(), d.toString());
            assertEquals(SsmpingOption.GROUP, m.options().get(m.options().size() - 1).type(), "GROUP comes last");
        }
    }

    @Test
    void requestLengthsAndGroupsAreThoseOfTheRealClient() throws Exception {
        assertEquals(38, requests("ssmping_ipv4.pcap").get(0).payload().length);
        assertEquals(50, requests("ssmping_ipv6.pcap").get(0).payload().length);
        assertEquals(48, requests("ssmping_ipv4_v_s100.pcap").get(0).payload().length);
        assertEquals(InetAddress.getByName("232.43.211.234"),
                SsmpingMessage.decode(requests("ssmping_ipv4.pcap").get(0).buffer()).group().orElseThrow());
        assertEquals(InetAddress.getByName("224.0.1.234"),
                SsmpingMessage.decode(requests("asmping_ipv4.pcap").get(0).buffer()).group().orElseThrow());
        assertEquals(InetAddress.getByName("ff3e::4321:1234"),
                SsmpingMessage.decode(requests("ssmping_ipv6.pcap").get(0).buffer()).group().orElseThrow());
    }

    @Test
    void firstExchangeMatchesTheReadme() throws Exception {
        Pcap.Datagram request = requests("ssmping_ipv4.pcap").get(0);
        assertEquals("5100010004000052020002000400000001000300086b017a24000ca34100040005"
                + "01e82bd3ea", HexFormat.of().formatHex(request.payload()));
        SsmpingMessage m = SsmpingMessage.decode(request.buffer());
        assertEquals(0x5202, m.pid().getAsLong());
        assertEquals(0x6b017a24L * 1_000_000 + 0x0ca341, m.timestampMicros().getAsLong());
        assertFalse(m.requestsVersion());
        assertTrue(m.replySize().isEmpty());
    }

    /** A plain reply is the request with 'A' for 'Q'; re-encoding the decoded reply gives the same bytes. */
    @ParameterizedTest
    @ValueSource(strings = {"ssmping_ipv4.pcap", "asmping_ipv4.pcap", "ssmping_ipv6.pcap"})
    void repliesEchoTheRequest(String pcap) throws Exception {
        List<Pcap.Datagram> requests = requests(pcap);
        List<Pcap.Datagram> replies = replies(pcap);
        assertEquals(2 * requests.size(), replies.size(), "one unicast and one multicast reply per request");
        for (int i = 0; i < requests.size(); i++) {
            byte[] expected = requests.get(i).payload().clone();
            expected[0] = SsmpingMessage.REPLY;
            Pcap.Datagram unicast = replies.get(2 * i);
            Pcap.Datagram multicast = replies.get(2 * i + 1);
            assertArrayEquals(expected, unicast.payload());
            assertArrayEquals(expected, multicast.payload());
            assertEquals(requests.get(i).source(), unicast.destination());
            assertTrue(multicast.destination().isMulticastAddress());
            assertEquals(requests.get(i).sourcePort(), multicast.destinationPort(), "group:<client port>");
            assertEquals(64, unicast.ttl());
            assertEquals(64, multicast.ttl());
            SsmpingMessage reply = SsmpingMessage.decode(unicast.buffer());
            assertEquals(SsmpingMessage.REPLY, reply.type());
            assertArrayEquals(unicast.payload(), reply.toBytes());
        }
    }

    @Test
    void versionAndPadOfTheRealServer() throws Exception {
        Pcap.Datagram reply = replies("ssmping_ipv4_v_s100.pcap").get(0);
        assertEquals(100, reply.payload().length);
        SsmpingMessage m = SsmpingMessage.decode(reply.buffer());
        assertEquals("0.9.1 (20080418) [asm][size]", m.version().orElseThrow());
        assertEquals(16, m.option(SsmpingOption.PAD).orElseThrow().length());
        assertTrue(m.requestsVersion());
        assertEquals(100, m.replySize().getAsInt());
        assertArrayEquals(reply.payload(), m.toBytes());
    }

    @Test
    void paddedRequestHasTheAskedSizeAndKeepsGroupLast() throws Exception {
        InetAddress group = InetAddress.getByName("232.43.211.234");
        byte[] bytes = SsmpingMessage.request(7, 1, 1_000_000, false, 0, 1400, group).toBytes();
        assertEquals(1400, bytes.length);
        SsmpingMessage m = SsmpingMessage.decode(ByteBuffer.wrap(bytes));
        assertEquals(SsmpingOption.GROUP, m.options().get(m.options().size() - 1).type());
        assertEquals(group, m.group().orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",                                 // empty
        "ff00ff00",                         // garbage type byte
        "5100",                             // truncated option header
        "51000100",                         // header without length
        "510001ffff00000001",               // option length beyond the datagram
        "510001000500000000ff",             // PID of 5 bytes
        "5100020003000000",                 // SEQ of 3 bytes
        "51000400050200000000",             // GROUP with the IPv6 family and 4 address bytes
        "5100040001",                       // GROUP with no room for the family and address
        "5100070003000000",                 // REPLYSIZE of 3 bytes
        "51000100040000520200040011"        // GROUP claiming 17 bytes, none there
    })
    void malformedDatagramsAreRejectedWithAReason(String hex) {
        MalformedPacketException e = assertThrows(MalformedPacketException.class,
                () -> SsmpingMessage.decode(ByteBuffer.wrap(HexFormat.of().parseHex(hex))));
        assertFalse(e.getMessage().isBlank());
    }

    @Test
    void unknownOptionsAreKept() throws Exception {
        byte[] bytes = HexFormat.of().parseHex("51" + "00630003aabbcc" + "00040005" + "01e82bd3ea");
        SsmpingMessage m = SsmpingMessage.decode(ByteBuffer.wrap(bytes));
        assertEquals(99, m.options().get(0).type());
        assertArrayEquals(bytes, m.toBytes());
    }
}
