package io.jcast.protocol;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The 128-byte (1024-bit) bitmaps of RETRANSMIT and REQACK, held as 16 longs. On the wire bit i is
 * in byte i/8 under mask 1 &lt;&lt; (i%8) (LSB first), which is exactly a little-endian long array.
 */
public final class BlockBitmap {
    public static final int BITS = 1024;
    public static final int BYTES = BITS / 8;
    private final long[] words = new long[BITS / 64];

    public boolean get(int i) {
        return (words[i >>> 6] & (1L << i)) != 0;
    }

    public void set(int i) {
        words[i >>> 6] |= 1L << i;
    }

    public void clear(int i) {
        words[i >>> 6] &= ~(1L << i);
    }

    public void clear() {
        Arrays.fill(words, 0);
    }

    public void copyFrom(BlockBitmap other) {
        System.arraycopy(other.words, 0, words, 0, words.length);
    }

    /**
     * Adds to this set every block below {@code limit} that {@code received} lacks and that
     * {@code alreadySent} does not hold; returns how many were added.
     */
    public int addMissing(BlockBitmap received, BlockBitmap alreadySent, int limit) {
        int added = 0;
        for (int w = 0; w < words.length && w * 64 < limit; w++) {
            long mask = limit - w * 64 >= 64 ? -1L : (1L << (limit - w * 64)) - 1;
            long add = ~received.words[w] & ~alreadySent.words[w] & ~words[w] & mask;
            added += Long.bitCount(add);
            words[w] |= add;
        }
        return added;
    }

    public int cardinality() {
        int n = 0;
        for (long w : words) {
            n += Long.bitCount(w);
        }
        return n;
    }

    /** Next set bit at or after {@code from}, or -1. */
    public int nextSetBit(int from) {
        int w = from >>> 6;
        if (w >= words.length) {
            return -1;
        }
        long word = words[w] & (-1L << from);
        while (true) {
            if (word != 0) {
                return (w << 6) + Long.numberOfTrailingZeros(word);
            }
            if (++w == words.length) {
                return -1;
            }
            word = words[w];
        }
    }

    public void read(ByteBuffer b, int offset) {
        for (int i = 0; i < words.length; i++) {
            long v = 0;
            for (int k = 0; k < 8; k++) {
                v |= (b.get(offset + i * 8 + k) & 0xffL) << (8 * k);
            }
            words[i] = v;
        }
    }

    public void write(ByteBuffer b) {
        for (long w : words) {
            for (int k = 0; k < 8; k++) {
                b.put((byte) (w >>> (8 * k)));
            }
        }
    }
}
