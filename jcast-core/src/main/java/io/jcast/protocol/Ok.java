package io.jcast.protocol;

import java.nio.ByteBuffer;

/** OK, receiver to sender, 8 bytes: slice fully received (§5.9). */
public final class Ok {
    public static final int LENGTH = 8;

    private Ok() {
    }

    /** The acknowledged slice number. */
    public static int decodeSlice(ByteBuffer b) throws MalformedPacketException {
        Opcode.require(b, Opcode.OK, LENGTH, "OK");
        return b.getInt(b.position() + 4);
    }

    public static void encode(ByteBuffer b, int sliceNo) {
        b.putShort((short) Opcode.OK).putShort((short) 0).putInt(sliceNo);
    }
}
