package io.jcast.nack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcast.protocol.MalformedPacketException;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NackWireTest {
    private static final long SESSION = 0x0123_4567_89ab_cdefL;
    private final ByteBuffer b = ByteBuffer.allocate(2048);

    @Test
    void announceRoundTrips() throws MalformedPacketException {
        byte[] digest = new byte[32];
        new Random(1).nextBytes(digest);
        NackWire.Announce a = new NackWire.Announce(SESSION, 1440, 64, NackWire.FLAG_END | NackWire.FLAG_DIGEST
                | NackWire.FLAG_KEYED, 5_000_000_000L, 3_472_000, 7, digest, "sda1 – root");
        NackWire.writeAnnounce(b, a);
        assertEquals(NackWire.ANNOUNCE, NackWire.type(b));
        assertEquals(SESSION, NackWire.session(b));
        NackWire.Announce read = NackWire.readAnnounce(b);
        assertEquals(a.name(), read.name());
        assertEquals(a.totalBytes(), read.totalBytes());
        assertEquals(a.blocksSent(), read.blocksSent());
        assertEquals(7, read.lap());
        assertArrayEquals(digest, read.digest());
        assertTrue(read.ended() && read.hasDigest() && read.keyed() && !read.carousel());
    }

    @Test
    void announceWithoutDigestHasNone() throws MalformedPacketException {
        NackWire.writeAnnounce(b, new NackWire.Announce(SESSION, 512, 8, NackWire.FLAG_CAROUSEL, -1, 0, 0, null, ""));
        NackWire.Announce read = NackWire.readAnnounce(b);
        assertEquals(null, read.digest());
        assertEquals(-1, read.totalBytes());
        assertTrue(read.carousel());
    }

    @Test
    void dataParityNackStatusRoundTrip() throws MalformedPacketException {
        NackWire.writeDataHeader(b, SESSION, 4_000_000_000L);
        b.put(new byte[100]).flip();
        assertEquals(NackWire.DATA, NackWire.type(b));
        assertEquals(4_000_000_000L, NackWire.dataBlock(b));

        NackWire.writeParityHeader(b, SESSION, 77, 127);
        b.flip();
        assertEquals(77, NackWire.parityStripe(b));
        assertEquals(127, NackWire.parityRow(b));

        NackWire.writeNackHeader(b, SESSION, -5);
        for (int i = 0; i < NackWire.MAX_NACK_ENTRIES; i++) {
            assertTrue(NackWire.addNackEntry(b, 1000L + i, 300));
        }
        assertFalse(NackWire.addNackEntry(b, 1, 1), "a full NACK takes no more");
        b.flip();
        assertTrue(b.remaining() + DatagramSeal.TAG <= 1472, "one frame");
        assertEquals(-5, NackWire.nackReceiver(b));
        assertEquals(NackWire.MAX_NACK_ENTRIES, NackWire.nackEntries(b));
        assertEquals(1249, NackWire.nackStripe(b, 249));
        assertEquals(255, NackWire.nackNeeded(b, 0), "a need beyond 255 says 255");

        byte[] digest = new byte[32];
        digest[31] = 9;
        NackWire.writeStatus(b, SESSION, 42, NackWire.STATE_COMPLETE, 123_456_789_012L, digest);
        NackWire.Status st = NackWire.readStatus(b);
        assertEquals(42, st.receiverId());
        assertEquals(NackWire.STATE_COMPLETE, st.state());
        assertEquals(123_456_789_012L, st.bytes());
        assertArrayEquals(digest, st.digest());

        NackWire.writeStatusAck(b, SESSION, 42, NackWire.STATE_RECEIVING);
        assertEquals(42, NackWire.statusAckReceiver(b));
        assertEquals(NackWire.STATE_RECEIVING, NackWire.statusAckState(b));
    }

    @Test
    void udpcastAndForeignDatagramsAreNotOurs() {
        b.clear();
        b.putShort((short) 0x0006).put(new byte[20]).flip(); // udpcast HELLO
        assertEquals(-1, NackWire.type(b));
        b.clear();
        b.putShort((short) NackWire.MAGIC).put((byte) 2).put((byte) 1).putLong(1).flip(); // a later version
        assertEquals(-1, NackWire.type(b));
        b.clear().limit(5);
        assertEquals(-1, NackWire.type(b));
    }

    @Test
    void malformedBodiesAreRefused() {
        NackWire.header(b, NackWire.ANNOUNCE, SESSION);
        b.flip();
        assertThrows(MalformedPacketException.class, () -> NackWire.readAnnounce(b));

        NackWire.writeAnnounce(b, new NackWire.Announce(SESSION, 1440, 64, 0, 10, 0, 0, null, "name"));
        b.limit(b.limit() - 1); // the name runs past the end
        assertThrows(MalformedPacketException.class, () -> NackWire.readAnnounce(b));

        NackWire.writeAnnounce(b, new NackWire.Announce(SESSION, 1440, 0, 0, 10, 0, 0, null, ""));
        assertThrows(MalformedPacketException.class, () -> NackWire.readAnnounce(b), "no blocks per stripe");

        NackWire.writeNackHeader(b, SESSION, 1);
        NackWire.addNackEntry(b, 1, 1);
        b.flip();
        b.limit(b.limit() - 1);
        assertThrows(MalformedPacketException.class, () -> NackWire.nackEntries(b));

        NackWire.writeStatus(b, SESSION, 1, 9, 0, null);
        assertThrows(MalformedPacketException.class, () -> NackWire.readStatus(b), "unknown state");
    }

    /** Whatever arrives, reading it either works or says MalformedPacketException: never anything else. */
    @Test
    void randomBytesNeverCrashTheReaders() {
        Random r = new Random(12);
        for (int i = 0; i < 200_000; i++) {
            b.clear();
            int length = r.nextInt(400);
            byte[] junk = new byte[length];
            r.nextBytes(junk);
            b.put(junk);
            if (length >= 4 && r.nextBoolean()) {
                b.putShort(0, (short) NackWire.MAGIC).put(2, (byte) NackWire.VERSION).put(3, (byte) (1 + r.nextInt(6)));
            }
            b.flip();
            int type = NackWire.type(b);
            try {
                switch (type) {
                    case NackWire.ANNOUNCE -> NackWire.readAnnounce(b);
                    case NackWire.NACK -> {
                        int n = NackWire.nackEntries(b);
                        for (int e = 0; e < n; e++) {
                            NackWire.nackStripe(b, e);
                            NackWire.nackNeeded(b, e);
                        }
                    }
                    case NackWire.STATUS -> NackWire.readStatus(b);
                    case NackWire.STATUS_ACK -> NackWire.statusAckReceiver(b);
                    default -> { }
                }
            } catch (MalformedPacketException expected) {
                // counted and dropped by the engines
            }
        }
    }
}
