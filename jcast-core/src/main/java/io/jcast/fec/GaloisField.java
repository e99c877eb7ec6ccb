package io.jcast.fec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * GF(2^8) as udpcast's {@code fec.c} defines it: primitive polynomial x^8+x^4+x^3+x^2+1 (0x11D), generator 2.
 * Scalar operations use lookup tables; the region operations, which carry all the FEC work, multiply eight bytes
 * at once (see {@link #addProduct}).
 */
final class GaloisField {
    static final int POLYNOMIAL = 0x11D;

    /** {@code EXP[i] = 2^i}, doubled in length so that {@code EXP[LOG[a] + LOG[b]]} needs no modulo. */
    private static final byte[] EXP = new byte[510];
    /** Discrete logarithm base 2; {@code LOG[0]} is meaningless (0). */
    private static final int[] LOG = new int[256];
    /** Multiplicative inverse, {@code INV[0] = 0} as in udpcast. */
    private static final byte[] INV = new byte[256];
    /** {@code MUL[a][b] = a·b}: one 256-byte row per coefficient. */
    private static final byte[][] MUL = new byte[256][256];
    /**
     * For coefficient c, {@code SPREAD[8c + b] = c·2^b}. Multiplication by c is GF(2)-linear, so c·x is the XOR of
     * {@code c·2^b} over the set bits b of x. With bit b of eight bytes isolated as 0/1 per byte lane, one integer
     * multiplication by {@code c·2^b} (at most 255, so no carry leaves a lane) yields that term for all eight lanes.
     */
    private static final long[] SPREAD = new long[256 * 8];

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long LANE_LOW_BITS = 0x0101010101010101L;

    static {
        int x = 1;
        for (int i = 0; i < 255; i++) {
            EXP[i] = (byte) x;
            EXP[i + 255] = (byte) x;
            LOG[x] = i;
            x <<= 1;
            if (x > 0xff) {
                x ^= POLYNOMIAL;
            }
        }
        for (int a = 1; a < 256; a++) {
            INV[a] = EXP[255 - LOG[a]];
            for (int b = 1; b < 256; b++) {
                MUL[a][b] = EXP[LOG[a] + LOG[b]];
            }
            for (int bit = 0; bit < 8; bit++) {
                SPREAD[8 * a + bit] = MUL[a][1 << bit] & 0xff;
            }
        }
    }

    private GaloisField() {
    }

    static int exp(int i) {
        return EXP[Math.floorMod(i, 255)] & 0xff;
    }

    static int log(int a) {
        if (a == 0) {
            throw new ArithmeticException("log(0)");
        }
        return LOG[a];
    }

    static int inverse(int a) {
        return INV[a] & 0xff;
    }

    static int multiply(int a, int b) {
        return MUL[a][b] & 0xff;
    }

    /** {@code dst[dstOff..+len) ^= c · src[srcOff..+len)}. */
    static void addProduct(int c, byte[] src, int srcOff, byte[] dst, int dstOff, int len) {
        region(c, src, srcOff, dst, dstOff, len, true);
    }

    /** {@code dst[dstOff..+len) = c · src[srcOff..+len)}. */
    static void putProduct(int c, byte[] src, int srcOff, byte[] dst, int dstOff, int len) {
        region(c, src, srcOff, dst, dstOff, len, false);
    }

    private static void region(int c, byte[] src, int srcOff, byte[] dst, int dstOff, int len, boolean add) {
        // Bounds are checked here once so that a bad offset fails cleanly rather than midway through the loop.
        if (srcOff < 0 || dstOff < 0 || len < 0 || srcOff + len > src.length || dstOff + len > dst.length) {
            throw new IndexOutOfBoundsException("region " + srcOff + "/" + dstOff + "+" + len);
        }
        int s = 8 * (c & 0xff);
        long k0 = SPREAD[s];
        long k1 = SPREAD[s + 1];
        long k2 = SPREAD[s + 2];
        long k3 = SPREAD[s + 3];
        long k4 = SPREAD[s + 4];
        long k5 = SPREAD[s + 5];
        long k6 = SPREAD[s + 6];
        long k7 = SPREAD[s + 7];
        final long m = LANE_LOW_BITS;
        int words = len & ~7;
        int i = 0;
        if (add) {
            for (; i < words; i += 8) {
                long w = (long) LONGS.get(src, srcOff + i);
                long p = (w & m) * k0 ^ (w >>> 1 & m) * k1 ^ (w >>> 2 & m) * k2 ^ (w >>> 3 & m) * k3
                        ^ (w >>> 4 & m) * k4 ^ (w >>> 5 & m) * k5 ^ (w >>> 6 & m) * k6 ^ (w >>> 7 & m) * k7;
                LONGS.set(dst, dstOff + i, (long) LONGS.get(dst, dstOff + i) ^ p);
            }
        } else {
            for (; i < words; i += 8) {
                long w = (long) LONGS.get(src, srcOff + i);
                long p = (w & m) * k0 ^ (w >>> 1 & m) * k1 ^ (w >>> 2 & m) * k2 ^ (w >>> 3 & m) * k3
                        ^ (w >>> 4 & m) * k4 ^ (w >>> 5 & m) * k5 ^ (w >>> 6 & m) * k6 ^ (w >>> 7 & m) * k7;
                LONGS.set(dst, dstOff + i, p);
            }
        }
        byte[] row = MUL[c & 0xff];
        for (; i < len; i++) {
            byte p = row[src[srcOff + i] & 0xff];
            dst[dstOff + i] = add ? (byte) (dst[dstOff + i] ^ p) : p;
        }
    }
}
