package io.jcast.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BitrateTest {
    @Test
    void udpcastSuffixesAndDecimals() {
        assertEquals(500_000_000L, Bitrate.parse("500m"));
        assertEquals(500_000_000L, Bitrate.parse(" 500M "));
        assertEquals(800_000L, Bitrate.parse("800k"));
        assertEquals(1_500_000L, Bitrate.parse("1.5m"));
        assertEquals(1_500_000_000L, Bitrate.parse("1.5G"));
        assertEquals(12_345L, Bitrate.parse("12345"));
        assertEquals(0L, Bitrate.parse("0"));
    }

    @Test
    void anythingElseIsRefusedWithTheText() {
        for (String bad : new String[] {"", "fast", "-5m", "1.5", "0.0001k", "9223372036854775808", "99999999999g",
                "m", "1e3", "1,5m"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Bitrate.parse(bad), bad);
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
    }
}
