package io.jcast.protocol;

import java.nio.ByteBuffer;

/** UDPcast opcodes (udpcast-protocol.md §4), with the exact datagram size each message has on the wire. */
public final class Opcode {
    public static final int OK = 0x0000;
    public static final int RETRANSMIT = 0x0001;
    public static final int GO = 0x0002;
    public static final int CONNECT_REQ = 0x0003;
    public static final int DISCONNECT = 0x0004;
    public static final int REQACK = 0x0006;
    public static final int CONNECT_REPLY = 0x0007;
    public static final int DATA = 0x0008;
    public static final int FEC = 0x0009;
    public static final int HELLO_NEW = 0x000A;
    public static final int HELLO_STREAMING = 0x000B;
    /** The HELLO 20120424 actually sends: the legacy value, old opcode 5 little-endian. */
    public static final int HELLO = 0x0500;

    private Opcode() {
    }

    /** Opcode of a datagram, or -1 if it is shorter than an opcode. */
    public static int of(ByteBuffer datagram) {
        return datagram.remaining() < 2 ? -1 : datagram.getShort(datagram.position()) & 0xffff;
    }

    public static boolean isHello(int opcode) {
        return opcode == HELLO || opcode == HELLO_NEW || opcode == HELLO_STREAMING;
    }

    static void require(ByteBuffer b, int expected, int minLength, String name) throws MalformedPacketException {
        int op = of(b);
        if (op != expected) {
            throw new MalformedPacketException(name + ": opcode " + String.format("%04x", op));
        }
        if (b.remaining() < minLength) {
            throw new MalformedPacketException(name + ": " + b.remaining() + " bytes, need " + minLength);
        }
    }
}
