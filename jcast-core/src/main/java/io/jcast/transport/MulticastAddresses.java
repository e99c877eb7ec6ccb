package io.jcast.transport;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

/** Address rules of udpcast (§2.3, §2.5). */
public final class MulticastAddresses {
    /** Rendezvous address when the broadcast address cannot be used (udpcast's getMcastAllAddress). */
    public static final Inet4Address ALL_HOSTS = parse("224.0.0.1");
    public static final Inet4Address ANY = parse("0.0.0.0");

    private MulticastAddresses() {
    }

    /** The default data address udp-sender derives: {@code (ip & 0x07FFFFFF) | 0xE8000000}. */
    public static Inet4Address defaultDataAddress(Inet4Address interfaceAddress) {
        int ip = ByteBuffer.wrap(interfaceAddress.getAddress()).getInt();
        return fromInt((ip & 0x07FFFFFF) | 0xE8000000);
    }

    /**
     * The control (rendezvous) address: the interface's broadcast address when TTL is 1 and no
     * rendezvous address is given; the interface's own address on loopback; 224.0.0.1 otherwise.
     */
    public static Inet4Address controlAddress(ResolvedInterface nif, int ttl, Inet4Address rendezvous) {
        if (rendezvous != null) {
            return rendezvous;
        }
        if (ttl == 1) {
            if (nif.broadcast() != null) {
                return nif.broadcast();
            }
            if (nif.address().getAddress()[0] == 127) {
                return nif.address();
            }
        }
        return ALL_HOSTS;
    }

    public static Inet4Address fromInt(int ip) {
        try {
            return (Inet4Address) InetAddress.getByAddress(ByteBuffer.allocate(4).putInt(ip).array());
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Inet4Address parse(String dotted) {
        String[] p = dotted.split("\\.");
        int ip = 0;
        for (String s : p) {
            ip = (ip << 8) | Integer.parseInt(s);
        }
        return fromInt(ip);
    }
}
