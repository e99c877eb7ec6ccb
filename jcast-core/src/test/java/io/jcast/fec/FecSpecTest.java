package io.jcast.fec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FecSpecTest {
    @Test
    void parsesUdpcastSyntaxWithItsDefaults() {
        assertEquals(new FecSpec(8, 8, 64), FecSpec.parse("8x8/64"));
        assertEquals(new FecSpec(8, 4, 128), FecSpec.parse("4"));
        assertEquals(new FecSpec(2, 2, 128), FecSpec.parse("2x2"));
        assertEquals(new FecSpec(8, 8, 32), FecSpec.parse("8/32"));
        assertEquals("8x8/64", FecSpec.parse("8x8/64").toString());
    }

    @Test
    void sliceSizeIsStripesTimesStripeSizeCappedAt1024() {
        assertEquals(512, FecSpec.parse("8x8/64").sliceSizeBlocks());
        assertEquals(1024, FecSpec.parse("8").sliceSizeBlocks());
        assertEquals(1024, FecSpec.parse("16x8/128").sliceSizeBlocks());
    }

    @ParameterizedTest
    @ValueSource(strings = {"x", "8x", "0", "8x8/200", "abc", "", "8x8/", "8x8x8", "0x8", "8x129"})
    void rejectsBadInputWithAMessageNamingIt(String bad) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FecSpec.parse(bad));
        assertTrue(e.getMessage().startsWith("invalid --fec '" + bad + "': "), e.getMessage());
    }

    @Test
    void messagesSayWhatIsWrong() {
        assertEquals("invalid --fec '8x8/200': FEC stripe size must be 1..128, got 200",
                assertThrows(IllegalArgumentException.class, () -> FecSpec.parse("8x8/200")).getMessage());
        assertEquals("invalid --fec '0': FEC redundancy must be 1..128, got 0",
                assertThrows(IllegalArgumentException.class, () -> FecSpec.parse("0")).getMessage());
        assertEquals("invalid --fec 'abc': expected [stripes x]redundancy[/stripesize], e.g. 8x8/64",
                assertThrows(IllegalArgumentException.class, () -> FecSpec.parse("abc")).getMessage());
    }
}
