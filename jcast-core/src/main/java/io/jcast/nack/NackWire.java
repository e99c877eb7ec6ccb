package io.jcast.nack;

import io.jcast.protocol.MalformedPacketException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The jcast protocol's datagrams, read and written in place (absolute indexes from the buffer's position, as the
 * udpcast codecs do). Every datagram starts with a 12-byte header, then the body of its type; a keyed session adds
 * a 16-byte tag after the body ({@link DatagramSeal}). Integers are big-endian.
 *
 * <pre>
 * header   0 u16 magic 0x4A43 ("JC", never a udpcast opcode)   2 u8 version (1)   3 u8 type   4 u64 session id
 * ANNOUNCE 12 u16 block size  14 u8 blocks per stripe  15 u8 flags  16 i64 total bytes (-1 = not known yet)
 *          24 u32 data blocks sent in this lap  28 u16 lap  30 32 bytes SHA-256 (when FLAG_DIGEST)
 *          62 u16 name length  64 name (UTF-8)
 * DATA     12 u32 block number   16 payload (the last block of the stream may be short)
 * PARITY   12 u32 stripe  16 u8 row   17 payload (one block; a short stripe is coded as if zero-padded)
 * NACK     12 u32 receiver id  16 u16 entries  18 entries of (u32 stripe, u8 blocks still needed)
 * STATUS   12 u32 receiver id  16 u8 state  17 i64 bytes written  25 32 bytes SHA-256 (state COMPLETE)
 * STATUS_ACK 12 u32 receiver id  16 u8 state acknowledged
 * </pre>
 */
public final class NackWire {
    public static final int MAGIC = 0x4A43;
    public static final int VERSION = 1;
    public static final int HEADER = 12;

    public static final int ANNOUNCE = 1;
    public static final int DATA = 2;
    public static final int PARITY = 3;
    public static final int NACK = 4;
    public static final int STATUS = 5;
    public static final int STATUS_ACK = 6;

    /** ANNOUNCE: the sender has read all its input; total bytes are final. */
    public static final int FLAG_END = 1;
    /** ANNOUNCE: the SHA-256 field holds the stream's digest. */
    public static final int FLAG_DIGEST = 2;
    /** ANNOUNCE: the sender repeats the data in laps until it is stopped. */
    public static final int FLAG_CAROUSEL = 4;
    /** ANNOUNCE: every datagram of the session carries an HMAC tag. */
    public static final int FLAG_KEYED = 8;

    public static final int STATE_RECEIVING = 0;
    public static final int STATE_COMPLETE = 1;
    public static final int STATE_FAILED = 2;

    public static final int DATA_HEADER = HEADER + 4;
    public static final int PARITY_HEADER = HEADER + 5;
    public static final int DIGEST_BYTES = 32;
    public static final int NACK_ENTRY = 5;
    /** Entries per NACK: keeps it inside one 1500-byte frame with a tag. */
    public static final int MAX_NACK_ENTRIES = 250;
    public static final int MAX_NAME_BYTES = 255;
    private static final int ANNOUNCE_FIXED = HEADER + 52;
    private static final int STATUS_LENGTH = HEADER + 13 + DIGEST_BYTES;

    private NackWire() {
    }

    /**
     * Where receivers multicast their NACKs: the data group's address, the next port. The sender listens there and
     * not on the data port, so it does not read back every datagram it sends.
     */
    public static InetSocketAddress nackAddress(InetSocketAddress group) {
        return new InetSocketAddress(group.getAddress(), group.getPort() + 1);
    }

    /** The type of a jcast-protocol datagram, or -1 if it is not one (udpcast, foreign, too short). */
    public static int type(ByteBuffer d) {
        int p = d.position();
        if (d.remaining() < HEADER || (d.getShort(p) & 0xffff) != MAGIC || (d.get(p + 2) & 0xff) != VERSION) {
            return -1;
        }
        return d.get(p + 3) & 0xff;
    }

    public static long session(ByteBuffer d) {
        return d.getLong(d.position() + 4);
    }

    /** Writes the header at index 0 and sets the position after it. */
    public static void header(ByteBuffer b, int type, long session) {
        b.clear();
        b.putShort((short) MAGIC).put((byte) VERSION).put((byte) type).putLong(session);
    }

    /** The session as announced: everything a receiver needs to take part. */
    public record Announce(long session, int blockSize, int stripeBlocks, int flags, long totalBytes,
                           long blocksSent, int lap, byte[] digest, String name) {
        public boolean ended() {
            return (flags & FLAG_END) != 0;
        }

        public boolean carousel() {
            return (flags & FLAG_CAROUSEL) != 0;
        }

        public boolean keyed() {
            return (flags & FLAG_KEYED) != 0;
        }

        public boolean hasDigest() {
            return (flags & FLAG_DIGEST) != 0;
        }
    }

    public static void writeAnnounce(ByteBuffer b, Announce a) {
        header(b, ANNOUNCE, a.session());
        byte[] name = a.name().getBytes(StandardCharsets.UTF_8);
        b.putShort((short) a.blockSize()).put((byte) a.stripeBlocks()).put((byte) a.flags())
                .putLong(a.totalBytes()).putInt((int) a.blocksSent()).putShort((short) a.lap());
        if (a.digest() != null) {
            b.put(a.digest(), 0, DIGEST_BYTES);
        } else {
            b.position(b.position() + DIGEST_BYTES);
        }
        b.putShort((short) name.length).put(name).flip();
    }

    public static Announce readAnnounce(ByteBuffer d) throws MalformedPacketException {
        require(d, ANNOUNCE, ANNOUNCE_FIXED);
        int p = d.position();
        int blockSize = d.getShort(p + 12) & 0xffff;
        int stripeBlocks = d.get(p + 14) & 0xff;
        int flags = d.get(p + 15) & 0xff;
        long total = d.getLong(p + 16);
        long sent = d.getInt(p + 24) & 0xffffffffL;
        int lap = d.getShort(p + 28) & 0xffff;
        int nameLength = d.getShort(p + 62) & 0xffff;
        if (blockSize < 64 || stripeBlocks < 1 || stripeBlocks > 128 || total < -1 || nameLength > MAX_NAME_BYTES
                || d.remaining() < ANNOUNCE_FIXED + nameLength) {
            throw new MalformedPacketException("ANNOUNCE: block size " + blockSize + ", stripe " + stripeBlocks
                    + ", total " + total + ", name " + nameLength + " bytes");
        }
        byte[] digest = null;
        if ((flags & FLAG_DIGEST) != 0) {
            digest = new byte[DIGEST_BYTES];
            d.get(p + 30, digest);
        }
        byte[] name = new byte[nameLength];
        d.get(p + ANNOUNCE_FIXED, name);
        return new Announce(session(d), blockSize, stripeBlocks, flags, total, sent, lap, digest,
                new String(name, StandardCharsets.UTF_8));
    }

    /** DATA header; the caller puts the payload after it and flips. */
    public static void writeDataHeader(ByteBuffer b, long session, long block) {
        header(b, DATA, session);
        b.putInt((int) block);
    }

    public static long dataBlock(ByteBuffer d) {
        return d.getInt(d.position() + HEADER) & 0xffffffffL;
    }

    /** PARITY header; the caller puts the row after it and flips. */
    public static void writeParityHeader(ByteBuffer b, long session, long stripe, int row) {
        header(b, PARITY, session);
        b.putInt((int) stripe).put((byte) row);
    }

    public static long parityStripe(ByteBuffer d) {
        return d.getInt(d.position() + HEADER) & 0xffffffffL;
    }

    public static int parityRow(ByteBuffer d) {
        return d.get(d.position() + HEADER + 4) & 0xff;
    }

    /** NACK header with no entries yet; {@link #addNackEntry} appends, the caller flips. */
    public static void writeNackHeader(ByteBuffer b, long session, int receiverId) {
        header(b, NACK, session);
        b.putInt(receiverId).putShort((short) 0);
    }

    /** Appends an entry to a NACK being written; false when it is full. */
    public static boolean addNackEntry(ByteBuffer b, long stripe, int needed) {
        int entries = b.getShort(HEADER + 4) & 0xffff;
        if (entries == MAX_NACK_ENTRIES) {
            return false;
        }
        b.putInt((int) stripe).put((byte) Math.min(needed, 255));
        b.putShort(HEADER + 4, (short) (entries + 1));
        return true;
    }

    public static int nackReceiver(ByteBuffer d) {
        return d.getInt(d.position() + HEADER);
    }

    /** Entries of a well-formed NACK. */
    public static int nackEntries(ByteBuffer d) throws MalformedPacketException {
        require(d, NACK, HEADER + 6);
        int n = d.getShort(d.position() + HEADER + 4) & 0xffff;
        if (n > MAX_NACK_ENTRIES || d.remaining() < HEADER + 6 + n * NACK_ENTRY) {
            throw new MalformedPacketException("NACK: " + n + " entries in " + d.remaining() + " bytes");
        }
        return n;
    }

    public static long nackStripe(ByteBuffer d, int entry) {
        return d.getInt(d.position() + HEADER + 6 + entry * NACK_ENTRY) & 0xffffffffL;
    }

    public static int nackNeeded(ByteBuffer d, int entry) {
        return d.get(d.position() + HEADER + 6 + entry * NACK_ENTRY + 4) & 0xff;
    }

    public static void writeStatus(ByteBuffer b, long session, int receiverId, int state, long bytes, byte[] digest) {
        header(b, STATUS, session);
        b.putInt(receiverId).put((byte) state).putLong(bytes);
        if (digest != null) {
            b.put(digest, 0, DIGEST_BYTES);
        } else {
            b.position(b.position() + DIGEST_BYTES);
        }
        b.flip();
    }

    /** A receiver's report: joined and receiving, complete (with the digest it computed), or failed. */
    public record Status(int receiverId, int state, long bytes, byte[] digest) {
    }

    public static Status readStatus(ByteBuffer d) throws MalformedPacketException {
        require(d, STATUS, STATUS_LENGTH);
        int p = d.position();
        int state = d.get(p + 16) & 0xff;
        long bytes = d.getLong(p + 17);
        if (state > STATE_FAILED || bytes < 0) {
            throw new MalformedPacketException("STATUS: state " + state + ", bytes " + bytes);
        }
        byte[] digest = new byte[DIGEST_BYTES];
        d.get(p + 25, digest);
        return new Status(d.getInt(p + HEADER), state, bytes, digest);
    }

    public static void writeStatusAck(ByteBuffer b, long session, int receiverId, int state) {
        header(b, STATUS_ACK, session);
        b.putInt(receiverId).put((byte) state).flip();
    }

    /** The receiver id of a well-formed STATUS_ACK. */
    public static int statusAckReceiver(ByteBuffer d) throws MalformedPacketException {
        require(d, STATUS_ACK, HEADER + 5);
        return d.getInt(d.position() + HEADER);
    }

    public static int statusAckState(ByteBuffer d) {
        return d.get(d.position() + HEADER + 4) & 0xff;
    }

    private static void require(ByteBuffer d, int type, int length) throws MalformedPacketException {
        int t = type(d);
        if (t != type || d.remaining() < length) {
            throw new MalformedPacketException("type " + t + " with " + d.remaining() + " bytes, need type " + type
                    + " with " + length);
        }
    }
}
