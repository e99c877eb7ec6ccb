package io.jcast.transport;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

/** Address rules of udpcast (§2.3, §2.5). */
public final class MulticastAddresses {
    /** 224.0.0.1: the rendezvous address when the broadcast address cannot be used (udpcast's getMcastAllAddress). */
    public static final Inet4Address ALL_HOSTS = fromInt(0xE000_0001);
    public static final Inet4Address ANY = fromInt(0);

    private MulticastAddresses() {
    }

    /**
     * The default data address, as udp-sender 20230924 and later derive it: 233.254.0.0/15 plus the interface
     * address's low 17 bits (192.168.5.9 gives 233.254.5.9, 10.9.7.3 gives 233.255.7.3). udpcast 20120424 put the
     * low 27 bits under 232.0.0.0/5, which lands every 192.168 network in 232/8, the source-specific range, where
     * routers and IGMPv3 switches ignore the receivers' any-source joins. Receivers learn the address from the
     * sender, so either rule works with every udp-receiver.
     */
    public static Inet4Address defaultDataAddress(Inet4Address interfaceAddress) {
        int ip = ByteBuffer.wrap(interfaceAddress.getAddress()).getInt();
        return fromInt((ip & 0x0001FFFF) | 0xE9FE0000);
    }

    /** True for 232.0.0.0/8, where a receiver joins the data group for its sender only (udpcast 20230924 too). */
    public static boolean isSourceSpecific(InetAddress group) {
        return group instanceof Inet4Address && (group.getAddress()[0] & 0xFF) == 232;
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
}
