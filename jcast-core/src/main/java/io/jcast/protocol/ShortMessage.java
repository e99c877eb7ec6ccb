package io.jcast.protocol;

import java.nio.ByteBuffer;

/** GO and DISCONNECT: an opcode and a reserved field, 4 bytes (§5.4, §5.5). */
public final class ShortMessage {
    public static final int LENGTH = 4;

    private ShortMessage() {
    }

    public static void encode(ByteBuffer b, int opcode) {
        b.putShort((short) opcode).putShort((short) 0);
    }
}
