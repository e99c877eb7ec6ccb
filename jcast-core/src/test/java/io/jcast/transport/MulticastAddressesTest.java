package io.jcast.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

class MulticastAddressesTest {
    /** What udp-sender 20230924 (Debian sid's 20250223 package) printed as "Using mcast address" on each address. */
    @Test
    void defaultDataAddressIsUdpcast20230924s() throws Exception {
        assertEquals("233.254.5.9", defaultFor("192.168.5.9"));
        assertEquals("233.255.7.3", defaultFor("10.9.7.3"));
        assertEquals("233.254.200.77", defaultFor("172.16.200.77"));
        assertEquals("233.255.0.1", defaultFor("10.213.0.1"));
        assertEquals("233.254.1.2", defaultFor("10.8.1.2"));
        assertEquals("233.255.128.5", defaultFor("1.3.128.5"));
        assertEquals("233.254.255.254", defaultFor("100.254.255.254"));
        assertEquals("233.254.0.1", defaultFor("127.0.0.1"));
    }

    @Test
    void onlyTheSsmRangeIsSourceSpecific() throws Exception {
        assertTrue(MulticastAddresses.isSourceSpecific(InetAddress.getByName("232.0.0.1")));
        assertTrue(MulticastAddresses.isSourceSpecific(InetAddress.getByName("232.255.255.255")));
        assertFalse(MulticastAddresses.isSourceSpecific(InetAddress.getByName("233.254.0.1")));
        assertFalse(MulticastAddresses.isSourceSpecific(InetAddress.getByName("239.255.9.9")));
        assertFalse(MulticastAddresses.isSourceSpecific(InetAddress.getByName("ff3e::8000:1")));
    }

    private static String defaultFor(String interfaceAddress) throws UnknownHostException {
        return MulticastAddresses.defaultDataAddress((Inet4Address) InetAddress.getByName(interfaceAddress))
                .getHostAddress();
    }
}
