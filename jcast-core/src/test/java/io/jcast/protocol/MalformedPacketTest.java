package io.jcast.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Short, foreign or random datagrams give MalformedPacketException, never anything else. */
class MalformedPacketTest {
    @Test
    void shouldRejectEveryTruncationOfEveryMessage() throws Exception {
        ByteBuffer full = ByteBuffer.allocate(64);
        new ConnectReply(3, 1456, Capabilities.DEFAULT, (java.net.Inet4Address) InetAddress.getByName("239.0.0.1"))
                .encode(full);
        for (int len = 0; len < ConnectReply.LENGTH; len++) {
            ByteBuffer b = ByteBuffer.wrap(full.array(), 0, len).slice();
            assertThrows(MalformedPacketException.class, () -> ConnectReply.decode(b), "length " + len);
        }
        for (int len = 0; len < 26; len++) {
            ByteBuffer b = ByteBuffer.allocate(len);
            if (len >= 2) {
                b.putShort(0, (short) Opcode.HELLO);
            }
            assertThrows(MalformedPacketException.class, () -> Hello.decode(b), "length " + len);
        }
        assertThrows(MalformedPacketException.class, () -> ReqAck.validate(ByteBuffer.allocate(16).putShort(0,
                (short) Opcode.REQACK)));
        assertThrows(MalformedPacketException.class, () -> Retransmit.validate(ByteBuffer.allocate(12)));
        assertThrows(MalformedPacketException.class, () -> Ok.decodeSlice(ByteBuffer.allocate(7)));
    }

    @Test
    void shouldRejectAForeignOpcode() {
        ByteBuffer b = ByteBuffer.allocate(32).putShort(0, (short) 0x1234);
        assertThrows(MalformedPacketException.class, () -> ConnectReply.decode(b));
        assertThrows(MalformedPacketException.class, () -> Hello.decode(b));
    }

    /** A decoder under test: decodes or validates, throwing MalformedPacketException for what it refuses. */
    private interface Decoder {
        void decode(ByteBuffer b) throws MalformedPacketException;
    }

    private record Named(String name, int opcode, Decoder decoder) {
    }

    @Test
    void shouldNeverThrowAnythingButMalformedOnRandomBytes() {
        List<Named> decoders = List.of(
                new Named("Hello", Opcode.HELLO, Hello::decode),
                new Named("HelloStreaming", Opcode.HELLO_STREAMING, Hello::decode),
                new Named("ConnectReq", Opcode.CONNECT_REQ, ConnectReq::decode),
                new Named("ConnectReply", Opcode.CONNECT_REPLY, ConnectReply::decode),
                new Named("Ok", Opcode.OK, Ok::decodeSlice),
                new Named("ReqAck", Opcode.REQACK, ReqAck::validate),
                new Named("Retransmit", Opcode.RETRANSMIT, Retransmit::validate));
        Random random = new Random(42);
        for (Named d : decoders) {
            int accepted = 0;
            int refused = 0;
            for (int i = 0; i < 5_000; i++) {
                byte[] bytes = new byte[random.nextInt(200)];
                random.nextBytes(bytes);
                // Most inputs carry the decoder's own opcode, so that it gets past its first check and meets
                // random lengths and fields; the rest are foreign or too short for an opcode.
                if (bytes.length >= 2 && random.nextInt(4) != 0) {
                    bytes[0] = (byte) (d.opcode() >> 8);
                    bytes[1] = (byte) d.opcode();
                }
                ByteBuffer b = ByteBuffer.wrap(bytes);
                try {
                    d.decoder().decode(b);
                    accepted++;
                } catch (MalformedPacketException expected) {
                    refused++; // counted and dropped by the engines
                } catch (RuntimeException e) {
                    throw new AssertionError(d.name() + " threw " + e + " on " + bytes.length + " bytes", e);
                }
                assertEquals(0, b.position(), d.name() + " must not move the buffer");
            }
            assertTrue(accepted > 0, d.name() + " accepted none: the inputs never got past its opcode check");
            assertTrue(refused > 0, d.name() + " refused none");
        }
    }

    @Test
    void shouldWriteBitmapsLeastSignificantBitFirst() {
        BlockBitmap map = new BlockBitmap();
        map.set(0);
        map.set(9);
        map.set(1023);
        ByteBuffer b = ByteBuffer.allocate(BlockBitmap.BYTES);
        map.write(b);
        assertEquals(0x01, b.get(0));
        assertEquals(0x02, b.get(1));
        assertEquals((byte) 0x80, b.get(127));
        BlockBitmap back = new BlockBitmap();
        back.read(b, 0);
        assertEquals(3, back.cardinality());
        assertEquals(9, back.nextSetBit(1));
    }

    @Test
    void shouldAddOnlyBlocksNeitherReceivedNorAlreadyResent() {
        BlockBitmap received = new BlockBitmap();
        BlockBitmap resent = new BlockBitmap();
        BlockBitmap wish = new BlockBitmap();
        for (int i = 0; i < 130; i++) {
            if (i != 97 && i != 5) {
                received.set(i);
            }
        }
        resent.set(5);
        assertEquals(1, wish.addMissing(received, resent, 130));
        assertEquals(97, wish.nextSetBit(0));
        assertEquals(-1, wish.nextSetBit(98));
    }
}
