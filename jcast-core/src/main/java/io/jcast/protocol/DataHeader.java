package io.jcast.protocol;

import java.nio.ByteBuffer;

/**
 * The 16-byte header of DATA and FEC datagrams (§5.6, §5.7), read and written in place on the
 * per-packet path. For FEC the reserved field at offset 2 carries the number of stripes.
 */
public final class DataHeader {
    public static final int LENGTH = 16;
    public static final int STRIPES_OFFSET = 2;
    public static final int SLICE_OFFSET = 4;
    public static final int BLOCK_OFFSET = 8;
    public static final int BYTES_OFFSET = 12;

    private DataHeader() {
    }

    /** Writes a header at absolute index 0 of {@code b}. */
    public static void write(ByteBuffer b, int opcode, int stripes, int sliceNo, int blockNo, int sliceBytes) {
        b.putShort(0, (short) opcode);
        b.putShort(STRIPES_OFFSET, (short) stripes);
        b.putInt(SLICE_OFFSET, sliceNo);
        b.putShort(BLOCK_OFFSET, (short) blockNo);
        b.putShort(BLOCK_OFFSET + 2, (short) 0);
        b.putInt(BYTES_OFFSET, sliceBytes);
    }

    public static int stripes(ByteBuffer b) {
        return b.getShort(b.position() + STRIPES_OFFSET);
    }

    public static int sliceNo(ByteBuffer b) {
        return b.getInt(b.position() + SLICE_OFFSET);
    }

    public static int blockNo(ByteBuffer b) {
        return b.getShort(b.position() + BLOCK_OFFSET) & 0xffff;
    }

    public static int sliceBytes(ByteBuffer b) {
        return b.getInt(b.position() + BYTES_OFFSET);
    }
}
