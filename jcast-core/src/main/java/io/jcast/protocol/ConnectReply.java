package io.jcast.protocol;

import java.net.Inet4Address;
import java.nio.ByteBuffer;

/**
 * CONNECT_REPLY, sender to one receiver, 32 bytes (§5.3).
 *
 * @param clientNumber participant slot 0..1023, or -1 when refused
 */
public record ConnectReply(int clientNumber, int blockSize, int capabilities, Inet4Address dataAddress) {
    public static final int LENGTH = 32;

    public static ConnectReply decode(ByteBuffer b) throws MalformedPacketException {
        Opcode.require(b, Opcode.CONNECT_REPLY, LENGTH, "CONNECT_REPLY");
        int p = b.position();
        return new ConnectReply(b.getInt(p + 4), b.getInt(p + 8), b.getInt(p + 12), Ipv4Field.read(b, p + 16));
    }

    public void encode(ByteBuffer b) {
        b.putShort((short) Opcode.CONNECT_REPLY).putShort((short) 0).putInt(clientNumber).putInt(blockSize)
                .putInt(capabilities);
        Ipv4Field.write(b, dataAddress);
    }
}
