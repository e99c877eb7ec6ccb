package io.jcast.fec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class GaloisFieldTest {
    /** Carry-less multiplication reduced by 0x11D, independent of the tables. */
    private static int slowMultiply(int a, int b) {
        int r = 0;
        while (b != 0) {
            if ((b & 1) != 0) {
                r ^= a;
            }
            b >>= 1;
            a <<= 1;
            if ((a & 0x100) != 0) {
                a ^= 0x11D;
            }
        }
        return r;
    }

    @Test
    void expAndLogAreInverseAndExpCyclesThroughAllNonZeroElements() {
        boolean[] seen = new boolean[256];
        for (int i = 0; i < 255; i++) {
            int x = GaloisField.exp(i);
            assertEquals(i, GaloisField.log(x));
            seen[x] = true;
        }
        for (int x = 1; x < 256; x++) {
            assertEquals(x, GaloisField.exp(GaloisField.log(x)));
            assertEquals(true, seen[x], "2 generates " + x);
        }
        assertEquals(1, GaloisField.exp(0));
        assertEquals(1, GaloisField.exp(255));
        assertEquals(0x1D, GaloisField.exp(8), "x^8 = x^4+x^3+x^2+1");
        assertThrows(ArithmeticException.class, () -> GaloisField.log(0));
    }

    @Test
    void inverseTimesElementIsOne() {
        assertEquals(0, GaloisField.inverse(0), "udpcast's inv[0]");
        for (int x = 1; x < 256; x++) {
            assertEquals(1, GaloisField.multiply(x, GaloisField.inverse(x)), "x=" + x);
            assertEquals(GaloisField.exp(255 - GaloisField.log(x)), GaloisField.inverse(x));
        }
        assertEquals(0x1B, GaloisField.inverse(0x80));
        assertEquals(0x54, GaloisField.inverse(0x81));
        assertEquals(0xFD, GaloisField.inverse(0xFF));
        assertEquals(0x8E, GaloisField.inverse(2));
    }

    @Test
    void multiplicationTableMatchesCarryLessMultiplication() {
        assertEquals(0x1D, GaloisField.multiply(2, 0x80));
        assertEquals(0x8F, GaloisField.multiply(0x53, 0xCA));
        assertEquals(0xE2, GaloisField.multiply(0xFF, 0xFF));
        assertEquals(0x09, GaloisField.multiply(3, 7));
        for (int a = 0; a < 256; a++) {
            for (int b = 0; b < 256; b++) {
                assertEquals(slowMultiply(a, b), GaloisField.multiply(a, b), a + "*" + b);
            }
        }
    }

    @Test
    void regionProductsMatchScalarProductsForEveryCoefficientAndOddLengths() {
        Random random = new Random(7);
        for (int len : new int[] {0, 1, 7, 8, 9, 23, 64, 1456}) {
            byte[] src = new byte[len + 5];
            random.nextBytes(src);
            for (int c = 0; c < 256; c++) {
                byte[] dst = new byte[len + 3];
                random.nextBytes(dst);
                byte[] expectedAdd = dst.clone();
                byte[] expectedPut = dst.clone();
                for (int i = 0; i < len; i++) {
                    int p = slowMultiply(c, src[5 + i] & 0xff);
                    expectedAdd[3 + i] ^= (byte) p;
                    expectedPut[3 + i] = (byte) p;
                }
                byte[] put = dst.clone();
                GaloisField.addProduct(c, src, 5, dst, 3, len);
                GaloisField.putProduct(c, src, 5, put, 3, len);
                assertArrayEquals(expectedAdd, dst, "add c=" + c + " len=" + len);
                assertArrayEquals(expectedPut, put, "put c=" + c + " len=" + len);
            }
        }
    }

    @Test
    void regionRejectsOutOfBoundsRanges() {
        assertThrows(IndexOutOfBoundsException.class,
                () -> GaloisField.addProduct(3, new byte[8], 1, new byte[8], 0, 8));
        assertThrows(IndexOutOfBoundsException.class,
                () -> GaloisField.putProduct(3, new byte[8], 0, new byte[8], -1, 4));
    }
}
