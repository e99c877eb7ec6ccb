package io.jcast.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class StatLinesTest {
    @Test
    void longNumMatchesUdpcastExamples() {
        assertEquals(" ".repeat(15), StatLines.longNum(0));
        assertEquals(" ".repeat(12) + "5 ", StatLines.longNum(5));
        assertEquals("       5 000 ", StatLines.longNum(5000));
        assertEquals("123 456 789 ", StatLines.longNum(123_456_789));
        assertEquals("     976 562K", StatLines.longNum(1_000_000_000L));
        assertEquals("  4 768 371M", StatLines.longNum(5_000_000_000_000L));
    }

    @Test
    void longNumKeepsInnerZeroGroups() {
        assertEquals("  1 000 000 ", StatLines.longNum(1_000_000));
        assertEquals("     100 000 ", StatLines.longNum(100_000));
        assertEquals("      99 008 ", StatLines.longNum(99_008));
        // 10^12 itself still counts in KiB; only above it in MiB
        assertEquals("976 562 500K", StatLines.longNum(1_000_000_000_000L));
    }

    @Test
    void senderLineAsInTheFixtures() {
        assertEquals("bytes=     100 000  re-xmits=0000000 (  0.0%) slice=0112 -   0\r",
                StatLines.sender(100_000, 0, 1456, 112, 0));
        assertEquals("bytes=     100 000  re-xmits=0000000 (  0.0%) slice=0512 -   0\r",
                StatLines.sender(100_000, 0, 1456, 512, 0));
    }

    @Test
    void senderRetransmissionPercentIsPerThousandBlocks() {
        // the reference's verified example: 17 of ceil(300000/1456) = 207 blocks is 8.2 %
        assertEquals("bytes=     300 000  re-xmits=0000017 (  8.2%) slice=0075 -   0\r",
                StatLines.sender(300_000, 17, 1456, 75, 0));
        assertEquals("bytes=" + " ".repeat(15) + " re-xmits=0000000 (  0.0%) slice=0016 -  12\r",
                StatLines.sender(0, 0, 1456, 16, 12));
    }

    @Test
    void receiverLineAsInTheFixtures() {
        assertEquals("bytes=      99 008  (1326.74 Mbps)\r", StatLines.receiver(99_008, 597_000));
        assertEquals("bytes=     100 000  (  1.59 Mbps)\r", StatLines.receiver(100_000, 502_000_000));
        assertEquals("bytes=  2 000 000  ( 30.52 Mbps)\r", StatLines.receiver(2_000_000, 524_246_000));
    }

    @Test
    void receiverLineBeforeAnyTimeHasPassed() {
        assertEquals("bytes=" + " ".repeat(15) + " (***.** Mbps)\r", StatLines.receiver(0, 0));
    }
}
