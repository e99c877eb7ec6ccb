package io.jcast.protocol;

import java.nio.ByteBuffer;

/** RETRANSMIT, receiver to sender, 140 bytes (§5.10): which data blocks of a slice arrived. */
public final class Retransmit {
    public static final int LENGTH = 12 + BlockBitmap.BYTES;
    public static final int SLICE_OFFSET = 4;
    public static final int RXMIT_OFFSET = 8;
    public static final int MAP_OFFSET = 12;

    private Retransmit() {
    }

    public static void validate(ByteBuffer b) throws MalformedPacketException {
        Opcode.require(b, Opcode.RETRANSMIT, LENGTH, "RETRANSMIT");
    }

    public static void encode(ByteBuffer b, int sliceNo, int rxmit, BlockBitmap received) {
        b.putShort((short) Opcode.RETRANSMIT).putShort((short) 0).putInt(sliceNo).putInt(rxmit);
        received.write(b);
    }
}
