package io.jcast.protocol;

import java.net.Inet4Address;
import java.nio.ByteBuffer;

/**
 * HELLO / HELLO_NEW / HELLO_STREAMING, sender to receivers, 28 bytes (§5.2).
 *
 * @param opcode       {@link Opcode#HELLO} normally, {@link Opcode#HELLO_STREAMING} while streaming
 * @param capabilities sender capabilities
 * @param dataAddress  multicast data address (0.0.0.0 for point-to-point)
 * @param blockSize    block size, 16 bits unsigned on the wire
 */
public record Hello(int opcode, int capabilities, Inet4Address dataAddress, int blockSize) {
    public static final int LENGTH = 28;

    public static Hello decode(ByteBuffer b) throws MalformedPacketException {
        int op = Opcode.of(b);
        if (!Opcode.isHello(op)) {
            throw new MalformedPacketException("HELLO: opcode " + String.format("%04x", op));
        }
        // Bytes 26-27 are padding the C sender leaves uninitialised; old senders may be shorter still.
        if (b.remaining() < 26) {
            throw new MalformedPacketException("HELLO: " + b.remaining() + " bytes, need 26");
        }
        int p = b.position();
        return new Hello(op, b.getInt(p + 4), Ipv4Field.read(b, p + 8), b.getShort(p + 24) & 0xffff);
    }

    public void encode(ByteBuffer b) {
        b.putShort((short) opcode).putShort((short) 0).putInt(capabilities);
        Ipv4Field.write(b, dataAddress);
        b.putShort((short) blockSize).putShort((short) 0);
    }
}
