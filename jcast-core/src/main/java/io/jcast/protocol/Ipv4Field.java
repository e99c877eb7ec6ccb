package io.jcast.protocol;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

/** The 16-byte {@code mcastAddr} field: an IPv4 address in bytes 0..3, the rest unspecified (written as 0). */
final class Ipv4Field {
    static final int LENGTH = 16;

    private Ipv4Field() {
    }

    static Inet4Address read(ByteBuffer b, int offset) {
        byte[] a = new byte[4];
        b.get(offset, a);
        try {
            return (Inet4Address) InetAddress.getByAddress(a);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    static void write(ByteBuffer b, Inet4Address address) {
        b.put(address.getAddress());
        for (int i = 4; i < LENGTH; i++) {
            b.put((byte) 0);
        }
    }
}
