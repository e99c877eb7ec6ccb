package io.jcast.cli;

import java.util.Locale;

/**
 * udpcast's progress ("stat") lines, byte for byte ({@code statistics.c}, {@code log.c}), so that
 * scripts which scrape udp-sender's stderr keep working.
 */
public final class StatLines {
    private StatLines() {
    }

    /**
     * udpcast's {@code printLongNum}: three groups of three digits separated by spaces, leading zero
     * groups as four spaces, then a unit character: ' ' for bytes, 'K' (KiB) from 10^9, 'M' (MiB) above 10^12.
     */
    public static String longNum(long x) {
        long unit;
        char suffix;
        if (x > 1_000_000_000_000L) {
            unit = 1024 * 1024;
            suffix = 'M';
        } else if (x >= 1_000_000_000L) {
            unit = 1024;
            suffix = 'K';
        } else {
            unit = 1;
            suffix = ' ';
        }
        StringBuilder sb = new StringBuilder(16);
        boolean nonZero = false;
        for (long divisor = unit * 1_000_000L; divisor >= unit; divisor /= 1000) {
            int digits = (int) ((x / divisor) % 1000);
            if (nonZero) {
                sb.append(String.format(Locale.ROOT, "%03d", digits));
            } else if (digits != 0) {
                sb.append(String.format(Locale.ROOT, "%3d", digits));
                nonZero = true;
            } else {
                sb.append("    ");
            }
            if (divisor / 1000 >= unit) {
                sb.append(' ');
            }
        }
        return sb.append(suffix).toString();
    }

    /**
     * Sender line: {@code bytes=NUM re-xmits=%07d (%3d.%01d%%) slice=%04d - %3d\r}; the percentage is
     * retransmitted blocks per thousand blocks sent so far.
     */
    public static String sender(long bytes, long retransmittedBlocks, int blockSize, int sliceSize, int lastClient) {
        long blocks = blockSize <= 0 ? 0 : (bytes + blockSize - 1) / blockSize;
        long permille = blocks == 0 ? 0 : 1000 * retransmittedBlocks / blocks;
        return String.format(Locale.ROOT, "bytes=%s re-xmits=%07d (%3d.%01d%%) slice=%04d - %3d\r",
                longNum(bytes), retransmittedBlocks, permille / 10, permille % 10, sliceSize, lastClient);
    }

    /** Receiver line: {@code bytes=NUM (%3d.%02d Mbps)\r}, the average rate since the first data packet. */
    public static String receiver(long bytes, long elapsedNanos) {
        long micros = elapsedNanos / 1000;
        String rate;
        if (micros <= 0) {
            rate = "***.**";
        } else {
            int v = (int) (bytes * 800 / micros);
            rate = String.format(Locale.ROOT, "%3d.%02d", v / 100, v % 100);
        }
        return "bytes=" + longNum(bytes) + " (" + rate + " Mbps)\r";
    }
}
