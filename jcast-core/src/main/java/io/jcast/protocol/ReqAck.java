package io.jcast.protocol;

import java.nio.ByteBuffer;

/**
 * REQACK, sender to receivers, always the full 144 bytes (§5.8): a C receiver reads the ready set
 * from its payload buffer, so a short REQACK would be judged against stale bytes.
 */
public final class ReqAck {
    public static final int LENGTH = 16 + BlockBitmap.BYTES;
    public static final int SLICE_OFFSET = 4;
    public static final int BYTES_OFFSET = 8;
    public static final int RXMIT_OFFSET = 12;
    public static final int READY_SET_OFFSET = 16;

    private ReqAck() {
    }

    public static void validate(ByteBuffer b) throws MalformedPacketException {
        Opcode.require(b, Opcode.REQACK, LENGTH, "REQACK");
    }

    public static void encode(ByteBuffer b, int sliceNo, int bytes, int rxmit, BlockBitmap readySet) {
        b.putShort((short) Opcode.REQACK).putShort((short) 0).putInt(sliceNo).putInt(bytes).putInt(rxmit);
        readySet.write(b);
    }
}
