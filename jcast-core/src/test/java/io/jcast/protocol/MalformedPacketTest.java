package io.jcast.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.nio.ByteBuffer;
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

    @Test
    void shouldNeverThrowAnythingButMalformedOnRandomBytes() {
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = new byte[random.nextInt(200)];
            random.nextBytes(bytes);
            if (bytes.length >= 2 && random.nextBoolean()) {
                bytes[0] = 0;
                bytes[1] = (byte) random.nextInt(12);
            }
            ByteBuffer b = ByteBuffer.wrap(bytes);
            try {
                Hello.decode(b);
                ConnectReq.decode(b);
                ConnectReply.decode(b);
                Ok.decodeSlice(b);
                ReqAck.validate(b);
                Retransmit.validate(b);
            } catch (MalformedPacketException expected) {
                // counted and dropped by the engines
            }
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
