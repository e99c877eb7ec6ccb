package io.jcast.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcast.testkit.Pcap;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every datagram udp-sender and udp-receiver 20120424 exchanged decodes, and re-encodes to the same bytes. */
class ProtocolCaptureTest {
    static Path capture(String name) throws Exception {
        return Path.of(ProtocolCaptureTest.class.getResource("/captures/udpcast/" + name).toURI());
    }

    @ParameterizedTest
    @ValueSource(strings = {"fullduplex.pcap", "nopointopoint.pcap", "fec8x8_64.pcap", "async_fec8x8_64_10m.pcap"})
    void shouldRoundTripEveryControlMessageAndReassembleTheData(String name) throws Exception {
        List<Pcap.Datagram> datagrams = Pcap.readUdp(capture(name));
        TreeMap<Long, byte[]> blocks = new TreeMap<>();
        TreeMap<Integer, Integer> sliceBytes = new TreeMap<>();
        int controlMessages = 0;
        for (Pcap.Datagram d : datagrams) {
            ByteBuffer b = d.buffer();
            ByteBuffer out = ByteBuffer.allocate(2048);
            switch (Opcode.of(b)) {
                case Opcode.HELLO, Opcode.HELLO_NEW, Opcode.HELLO_STREAMING -> {
                    Hello h = Hello.decode(b);
                    assertEquals(1456, h.blockSize());
                    assertEquals(InetAddress.getByName("234.214.0.1"), h.dataAddress());
                    h.encode(out);
                }
                case Opcode.CONNECT_REQ -> {
                    ConnectReq r = ConnectReq.decode(b);
                    assertEquals(Capabilities.DEFAULT, r.capabilities());
                    r.encode(out);
                }
                case Opcode.CONNECT_REPLY -> ConnectReply.decode(b).encode(out);
                case Opcode.OK -> Ok.encode(out, Ok.decodeSlice(b));
                case Opcode.DISCONNECT -> ShortMessage.encode(out, Opcode.DISCONNECT);
                case Opcode.REQACK -> {
                    ReqAck.validate(b);
                    BlockBitmap ready = new BlockBitmap();
                    ready.read(b, ReqAck.READY_SET_OFFSET);
                    ReqAck.encode(out, b.getInt(ReqAck.SLICE_OFFSET), b.getInt(ReqAck.BYTES_OFFSET),
                            b.getInt(ReqAck.RXMIT_OFFSET), ready);
                }
                case Opcode.DATA -> {
                    int slice = DataHeader.sliceNo(b);
                    blocks.put(((long) slice << 16) | DataHeader.blockNo(b),
                            java.util.Arrays.copyOfRange(d.payload(), DataHeader.LENGTH, d.payload().length));
                    sliceBytes.put(slice, DataHeader.sliceBytes(b));
                    continue;
                }
                case Opcode.FEC -> {
                    assertEquals(8, DataHeader.stripes(b));
                    continue;
                }
                default -> throw new AssertionError("unexpected datagram " + d);
            }
            out.flip();
            byte[] encoded = new byte[out.remaining()];
            out.get(encoded);
            assertArrayEquals(d.payload(), encoded, "re-encoded " + d);
            controlMessages++;
        }
        assertTrue(controlMessages >= 4, "control messages seen: " + controlMessages);
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        blocks.values().forEach(data::writeBytes);
        assertArrayEquals(Files.readAllBytes(capture("input_100000.bin")), data.toByteArray());
        long base = 0;
        for (int bytes : sliceBytes.values()) {
            assertEquals(0, base % 1456, "every slice but the last starts on a block boundary");
            base += bytes;
        }
    }
}
