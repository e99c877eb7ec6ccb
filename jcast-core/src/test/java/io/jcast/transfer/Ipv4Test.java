package io.jcast.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class Ipv4Test {
    @Test
    void dottedDecimal() {
        assertArrayEquals(new byte[] {(byte) 239, (byte) 255, 0, 1}, Ipv4.parse("239.255.0.1").getAddress());
        assertArrayEquals(new byte[] {10, 0, 0, 1}, Ipv4.parse(" 10.0.0.1 ").getAddress());
        assertArrayEquals(new byte[] {0, 0, 0, 0}, Ipv4.parse("0.0.0.0").getAddress());
    }

    /** Everything else is refused at once, with the text: out of range, short, signs, names, IPv6. */
    @Test
    void anythingElseIsAOneLineError() {
        for (String bad : new String[] {"300.1.1.1", "1.2.3", "1.2.3.4.5", "1..3.4", "+1.2.3.4", "-1.2.3.4",
                "0x7f.0.0.1", "1.2.3.4 5", "localhost", "::1", "", "0001.2.3.4"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ipv4.parse(bad), bad);
            assertEquals("invalid IPv4 address '" + bad + "'", e.getMessage());
        }
        assertEquals("invalid IPv4 address 'null'",
                assertThrows(IllegalArgumentException.class, () -> Ipv4.parse(null)).getMessage());
    }
}
