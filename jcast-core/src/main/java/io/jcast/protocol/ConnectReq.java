package io.jcast.protocol;

import java.nio.ByteBuffer;

/** CONNECT_REQ, receiver to sender, 12 bytes (§5.1). */
public record ConnectReq(int capabilities, int rcvbuf) {
    public static final int LENGTH = 12;

    public static ConnectReq decode(ByteBuffer b) throws MalformedPacketException {
        // The C sender zeroes its buffer before recvfrom, so it tolerates old, shorter requests; so do we.
        Opcode.require(b, Opcode.CONNECT_REQ, 8, "CONNECT_REQ");
        int p = b.position();
        return new ConnectReq(b.getInt(p + 4), b.remaining() >= LENGTH ? b.getInt(p + 8) : 0);
    }

    public void encode(ByteBuffer b) {
        b.putShort((short) Opcode.CONNECT_REQ).putShort((short) 0).putInt(capabilities).putInt(rcvbuf);
    }
}
