package io.jcast.nack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class DatagramSealTest {
    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes();

    private static ByteBuffer datagram(int payload, boolean direct) {
        ByteBuffer b = direct ? ByteBuffer.allocateDirect(2048) : ByteBuffer.allocate(2048);
        NackWire.writeDataHeader(b, 99, 5);
        for (int i = 0; i < payload; i++) {
            b.put((byte) i);
        }
        b.flip();
        return b;
    }

    @Test
    void aSealedDatagramOpensWithTheSameKeyAndLosesItsTag() {
        for (boolean direct : new boolean[] {false, true}) {
            ByteBuffer d = datagram(100, direct);
            int length = d.remaining();
            DatagramSeal.withKey(KEY).seal(d);
            assertEquals(length + DatagramSeal.TAG, d.remaining());
            assertTrue(DatagramSeal.withKey(KEY).open(d));
            assertEquals(length, d.remaining());
        }
    }

    @Test
    void anyFlippedBitOrOtherKeyFails() {
        DatagramSeal seal = DatagramSeal.withKey(KEY);
        ByteBuffer sealed = datagram(50, false);
        seal.seal(sealed);
        for (int bit = 0; bit < sealed.remaining() * 8; bit++) {
            ByteBuffer d = ByteBuffer.allocate(sealed.remaining());
            d.put(sealed.duplicate()).flip();
            d.put(bit / 8, (byte) (d.get(bit / 8) ^ (1 << (bit % 8))));
            int limit = d.limit();
            assertFalse(seal.open(d), "bit " + bit);
            assertEquals(limit, d.limit(), "a failed open leaves the datagram as it was");
        }
        byte[] other = KEY.clone();
        other[0] ^= 1;
        ByteBuffer d = sealed.duplicate();
        assertFalse(DatagramSeal.withKey(other).open(d));
        ByteBuffer unsealed = datagram(50, false);
        assertFalse(seal.open(unsealed), "no tag at all");
        ByteBuffer tiny = ByteBuffer.allocate(8);
        assertFalse(seal.open(tiny));
    }

    @Test
    void withoutAKeyNothingIsAddedOrChecked() {
        ByteBuffer d = datagram(10, false);
        int length = d.remaining();
        DatagramSeal.none().seal(d);
        assertEquals(length, d.remaining());
        assertTrue(DatagramSeal.none().open(d));
        assertEquals(0, DatagramSeal.none().overhead());
    }

    @Test
    void shortKeysAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> DatagramSeal.withKey(new byte[15]));
    }
}
