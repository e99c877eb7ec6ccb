package io.jcast.fec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ReedSolomonTest {
    /** The kinds of buffer the engine may hand over; each must behave the same. */
    enum Kind {
        HEAP {
            @Override
            ByteBuffer allocate(int size, Random random) {
                return ByteBuffer.allocate(size);
            }
        },
        DIRECT {
            @Override
            ByteBuffer allocate(int size, Random random) {
                return ByteBuffer.allocateDirect(size);
            }
        },
        /** A slice of a larger array: arrayOffset != 0, and a position/limit that must be ignored. */
        HEAP_SLICE {
            @Override
            ByteBuffer allocate(int size, Random random) {
                int offset = 1 + random.nextInt(13);
                ByteBuffer b = ByteBuffer.wrap(new byte[offset + size + 5], offset, size).slice();
                return b.limit(size / 2).position(size / 4);
            }
        },
        DIRECT_SLICE {
            @Override
            ByteBuffer allocate(int size, Random random) {
                int offset = 1 + random.nextInt(13);
                ByteBuffer b = ByteBuffer.allocateDirect(offset + size + 5);
                b = b.position(offset).limit(offset + size).slice();
                return b.limit(size / 2).position(size / 4);
            }
        },
        MIXED {
            @Override
            ByteBuffer allocate(int size, Random random) {
                Kind[] kinds = {HEAP, DIRECT, HEAP_SLICE, DIRECT_SLICE};
                return kinds[random.nextInt(kinds.length)].allocate(size, random);
            }
        };

        abstract ByteBuffer allocate(int size, Random random);
    }

    /** Bytes 0..size-1 of {@code b}, whatever its position and limit. */
    private static byte[] bytes(ByteBuffer b, int size) {
        byte[] out = new byte[size];
        b.duplicate().clear().get(out);
        return out;
    }

    private static void fill(ByteBuffer b, byte[] content) {
        b.duplicate().clear().put(content);
    }

    /** udpcast's formula evaluated directly, one byte at a time. */
    private static byte[] referenceFec(byte[][] data, int n, int row, int blockSize) {
        byte[] fec = new byte[blockSize];
        for (int j = 0; j < n; j++) {
            int c = GaloisField.inverse((128 + j) ^ row);
            for (int i = 0; i < blockSize; i++) {
                fec[i] ^= (byte) GaloisField.multiply(c, data[j][i] & 0xff);
            }
        }
        return fec;
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void randomErasuresAreRepairedFromRandomFecRows(Kind kind) {
        Random random = new Random(20120424L + kind.ordinal());
        int[] blockSizes = {1456, 1, 3, 8, 13, 64, 1000};
        for (int blockSize : blockSizes) {
            ReedSolomon coder = new ReedSolomon(blockSize);
            int rounds = blockSize >= 1000 ? 12 : 40;
            for (int round = 0; round < rounds; round++) {
                int n = round == 0 ? 128 : round == 1 ? 1 : 1 + random.nextInt(128);
                int redundancy = 1 + random.nextInt(round % 3 == 0 ? 128 : 16);
                int m = 1 + random.nextInt(Math.min(n, redundancy));
                checkRepair(coder, kind, random, blockSize, n, redundancy, m);
            }
        }
    }

    private static void checkRepair(ReedSolomon coder, Kind kind, Random random, int blockSize, int n,
                                    int redundancy, int m) {
        String what = kind + " blockSize=" + blockSize + " n=" + n + " R=" + redundancy + " m=" + m;
        byte[][] original = new byte[n][blockSize];
        ByteBuffer[] data = new ByteBuffer[n];
        for (int j = 0; j < n; j++) {
            random.nextBytes(original[j]);
            data[j] = kind.allocate(blockSize, random);
            fill(data[j], original[j]);
        }
        // The FEC rows a sender would produce: R distinct rows, usually 0..R-1 but any subset of 0..127 is valid.
        int[] rows = shuffledPrefix(random, 128, redundancy);
        if (random.nextBoolean()) {
            for (int r = 0; r < redundancy; r++) {
                rows[r] = r;
            }
        }
        ByteBuffer[] fec = new ByteBuffer[redundancy];
        for (int r = 0; r < redundancy; r++) {
            fec[r] = kind.allocate(blockSize, random);
            int position = fec[r].position();
            int limit = fec[r].limit();
            coder.encode(data, n, rows[r], fec[r]);
            assertEquals(position, fec[r].position(), "encode leaves position alone");
            assertEquals(limit, fec[r].limit(), "encode leaves limit alone");
            if (r < 2) {
                assertArrayEquals(referenceFec(original, n, rows[r], blockSize), bytes(fec[r], blockSize), what);
            }
        }

        boolean[] present = new boolean[n];
        Arrays.fill(present, true);
        for (int j : shuffledPrefix(random, n, m)) {
            present[j] = false;
            byte[] garbage = new byte[blockSize];
            random.nextBytes(garbage);
            fill(data[j], garbage);
        }
        int[] chosen = shuffledPrefix(random, redundancy, m);
        ByteBuffer[] usedFec = new ByteBuffer[m];
        int[] usedRows = new int[m];
        for (int k = 0; k < m; k++) {
            usedFec[k] = fec[chosen[k]];
            usedRows[k] = rows[chosen[k]];
        }
        byte[][] fecBefore = new byte[m][];
        for (int k = 0; k < m; k++) {
            fecBefore[k] = bytes(usedFec[k], blockSize);
        }
        coder.decode(data, present, n, usedFec, usedRows, m);
        for (int j = 0; j < n; j++) {
            assertArrayEquals(original[j], bytes(data[j], blockSize), what + " block " + j);
        }
        for (int k = 0; k < m; k++) {
            assertArrayEquals(fecBefore[k], bytes(usedFec[k], blockSize), what + ": FEC input untouched");
        }
    }

    /** {@code count} distinct values of 0..bound-1 in random order. */
    private static int[] shuffledPrefix(Random random, int bound, int count) {
        int[] all = new int[bound];
        for (int i = 0; i < bound; i++) {
            all[i] = i;
        }
        for (int i = 0; i < count; i++) {
            int k = i + random.nextInt(bound - i);
            int t = all[i];
            all[i] = all[k];
            all[k] = t;
        }
        return Arrays.copyOf(all, count);
    }

    @Test
    void readOnlyInputsAreReadThroughScratch() {
        Random random = new Random(5);
        int blockSize = 100;
        ReedSolomon coder = new ReedSolomon(blockSize);
        byte[][] original = new byte[5][blockSize];
        ByteBuffer[] data = new ByteBuffer[5];
        for (int j = 0; j < 5; j++) {
            random.nextBytes(original[j]);
            data[j] = ByteBuffer.wrap(original[j].clone()).asReadOnlyBuffer();
        }
        ByteBuffer fec0 = ByteBuffer.allocate(blockSize);
        ByteBuffer fec1 = ByteBuffer.allocate(blockSize);
        coder.encode(data, 5, 0, fec0);
        coder.encode(data, 5, 1, fec1);
        assertArrayEquals(referenceFec(original, 5, 1, blockSize), fec1.array());

        data[1] = ByteBuffer.allocate(blockSize);
        data[3] = ByteBuffer.allocateDirect(blockSize);
        boolean[] present = {true, false, true, false, true};
        coder.decode(data, present, 5, new ByteBuffer[] {fec1.asReadOnlyBuffer(), fec0.asReadOnlyBuffer()},
                new int[] {1, 0}, 2);
        assertArrayEquals(original[1], data[1].array());
        assertArrayEquals(original[3], bytes(data[3], blockSize));
    }

    @Test
    void nothingErasedLeavesDataAlone() {
        ReedSolomon coder = new ReedSolomon(16);
        ByteBuffer[] data = {ByteBuffer.wrap(new byte[16]), ByteBuffer.wrap(new byte[16])};
        data[0].put(3, (byte) 9);
        coder.decode(data, new boolean[] {true, true}, 2, new ByteBuffer[0], new int[0], 0);
        assertEquals(9, data[0].get(3));
    }

    @Test
    void surplusFecBlocksAreIgnored() {
        int blockSize = 24;
        ReedSolomon coder = new ReedSolomon(blockSize);
        byte[][] original = new byte[3][blockSize];
        new Random(3).nextBytes(original[1]);
        ByteBuffer[] data = new ByteBuffer[3];
        for (int j = 0; j < 3; j++) {
            data[j] = ByteBuffer.wrap(original[j].clone());
        }
        ByteBuffer[] fec = {ByteBuffer.allocate(blockSize), ByteBuffer.allocate(blockSize)};
        coder.encode(data, 3, 5, fec[0]);
        coder.encode(data, 3, 6, fec[1]);
        data[1].put(0, (byte) 1);
        coder.decode(data, new boolean[] {true, false, true}, 3, fec, new int[] {5, 6}, 2);
        assertArrayEquals(original[1], data[1].array());
    }

    @Test
    void rejectsBadArguments() {
        ReedSolomon coder = new ReedSolomon(8);
        ByteBuffer[] data = {ByteBuffer.allocate(8), ByteBuffer.allocate(8), ByteBuffer.allocate(8)};
        ByteBuffer fec = ByteBuffer.allocate(8);
        assertThrows(IllegalArgumentException.class, () -> new ReedSolomon(0));
        assertThrows(IllegalArgumentException.class, () -> coder.encode(data, 0, 0, fec));
        assertThrows(IllegalArgumentException.class, () -> coder.encode(data, 4, 0, fec));
        assertThrows(IllegalArgumentException.class, () -> coder.encode(data, 3, 128, fec));
        assertThrows(IllegalArgumentException.class, () -> coder.encode(data, 3, -1, fec));
        assertThrows(IllegalArgumentException.class, () -> coder.encode(data, 3, 0, ByteBuffer.allocate(7)));
        assertThrows(IllegalArgumentException.class,
                () -> coder.encode(new ByteBuffer[] {ByteBuffer.allocate(7)}, 1, 0, fec));

        boolean[] twoErased = {false, true, false};
        IllegalArgumentException tooFew = assertThrows(IllegalArgumentException.class,
                () -> coder.decode(data, twoErased, 3, new ByteBuffer[] {fec}, new int[] {0}, 1));
        assertEquals("2 data blocks erased but only 1 FEC blocks given", tooFew.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> coder.decode(data, twoErased, 3, new ByteBuffer[] {fec}, new int[] {0, 1}, 2));
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> coder.decode(data, twoErased, 3, new ByteBuffer[] {fec, fec}, new int[] {70, 70}, 2));
        assertEquals("FEC row 70 given twice", twice.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> coder.decode(data, twoErased, 3, new ByteBuffer[] {fec, fec}, new int[] {0, 200}, 2));
    }

    @Test
    void encodeAndDecodeAllocateNothing() {
        var threads = ManagementFactory.getThreadMXBean();
        assumeTrue(threads instanceof com.sun.management.ThreadMXBean, "JVM cannot count allocated bytes");
        var mx = (com.sun.management.ThreadMXBean) threads;
        assumeTrue(mx.isThreadAllocatedMemorySupported(), "JVM cannot count allocated bytes");
        int blockSize = 1456;
        int n = 64;
        Random random = new Random(11);
        ReedSolomon coder = new ReedSolomon(blockSize);
        ByteBuffer[] data = new ByteBuffer[n];
        for (int j = 0; j < n; j++) {
            data[j] = j % 2 == 0 ? ByteBuffer.allocate(blockSize) : ByteBuffer.allocateDirect(blockSize);
            byte[] content = new byte[blockSize];
            random.nextBytes(content);
            fill(data[j], content);
        }
        ByteBuffer[] fec = {ByteBuffer.allocate(blockSize), ByteBuffer.allocateDirect(blockSize)};
        int[] rows = {0, 1};
        boolean[] present = new boolean[n];
        Arrays.fill(present, true);
        present[3] = false;
        present[10] = false;
        long thread = Thread.currentThread().getId();
        // Warm-up (class initialisation, method-handle linking and customisation) allocates a little, at times
        // that depend on the JIT; a per-call allocation would show in every pass. So the quietest pass must be 0.
        long quietest = Long.MAX_VALUE;
        for (int pass = 0; pass < 10 && quietest > 0; pass++) {
            long before = mx.getThreadAllocatedBytes(thread);
            for (int i = 0; i < 20; i++) {
                coder.encode(data, n, 0, fec[0]);
                coder.encode(data, n, 1, fec[1]);
                coder.decode(data, present, n, fec, rows, 2);
            }
            quietest = Math.min(quietest, mx.getThreadAllocatedBytes(thread) - before);
        }
        assertEquals(0, quietest, "bytes allocated by 60 calls in the quietest of 10 passes");
    }
}
