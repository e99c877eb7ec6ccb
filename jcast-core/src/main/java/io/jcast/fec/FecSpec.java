package io.jcast.fec;

/**
 * udpcast's {@code --fec [stripes x]redundancy[/stripesize]}: each slice is cut into {@code stripes}
 * interleaved stripes of up to {@code stripeSize} data blocks, and each stripe gets
 * {@code redundancy} Reed-Solomon blocks. Defaults as udpcast: 8 stripes, stripe size 128.
 */
public record FecSpec(int stripes, int redundancy, int stripeSize) {
    public FecSpec {
        if (stripes < 1 || stripes > 256) {
            throw new IllegalArgumentException("FEC stripes must be 1..256, got " + stripes);
        }
        if (redundancy < 1 || redundancy > 128) {
            throw new IllegalArgumentException("FEC redundancy must be 1..128, got " + redundancy);
        }
        if (stripeSize < 1 || stripeSize > 128) {
            throw new IllegalArgumentException("FEC stripe size must be 1..128, got " + stripeSize);
        }
    }

    /** Parses udpcast's syntax, e.g. {@code 8x8/64}, {@code 4}, {@code 2x2}, {@code 8/32}. */
    public static FecSpec parse(String text) {
        String s = text.trim();
        int stripes = 8;
        int stripeSize = 128;
        int x = s.indexOf('x');
        if (x >= 0) {
            stripes = parsePart(s.substring(0, x), text);
            s = s.substring(x + 1);
        }
        int slash = s.indexOf('/');
        if (slash >= 0) {
            stripeSize = parsePart(s.substring(slash + 1), text);
            s = s.substring(0, slash);
        }
        int redundancy = parsePart(s, text);
        try {
            return new FecSpec(stripes, redundancy, stripeSize);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid --fec '" + text + "': " + e.getMessage());
        }
    }

    private static int parsePart(String part, String whole) {
        try {
            return Integer.parseInt(part.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "invalid --fec '" + whole + "': expected [stripes x]redundancy[/stripesize], e.g. 8x8/64");
        }
    }

    /** Default slice size with this FEC, in blocks: stripes × stripe size, at most 1024. */
    public int sliceSizeBlocks() {
        return Math.min(1024, stripes * stripeSize);
    }

    @Override
    public String toString() {
        return stripes + "x" + redundancy + "/" + stripeSize;
    }
}
