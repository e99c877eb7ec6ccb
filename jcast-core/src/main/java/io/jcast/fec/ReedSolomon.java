package io.jcast.fec;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * udpcast-compatible Reed-Solomon coder for one block size; holds its scratch space, so one instance per thread.
 *
 * <p>udpcast ({@code fec.c}) codes each stripe of up to 128 data blocks {@code D_j} into FEC rows
 * {@code FEC_r = XOR_j inv((128 + j) XOR r) · D_j} (0 &le; r &lt; 128) over {@link GaloisField GF(2^8)}. The
 * coefficients {@code 1 / (x_r + y_j)} with {@code x_r = r} in 0..127 and {@code y_j = 128 + j} in 128..255 form a
 * Cauchy matrix, so any m FEC rows recover any m erased data blocks.
 *
 * <p>Buffers are addressed absolutely from index 0 to {@code blockSize}; their position, limit and mark are left as
 * they were. Heap buffers are worked on in their backing arrays (honouring {@code arrayOffset}); direct and read-only
 * buffers are copied through scratch arrays sized in the constructor. Neither method allocates.
 */
public final class ReedSolomon {
    /** udpcast's limit on data blocks per stripe, and on FEC rows (row numbers are 7 bits). */
    public static final int MAX_BLOCKS = 128;

    private static final AtomicBoolean WARMED_UP = new AtomicBoolean();

    private final int blockSize;
    /** Copy of one data block that has no accessible backing array. */
    private final byte[] dataScratch;
    /** Output block when the destination has no writable backing array. */
    private final byte[] outScratch;
    /** Decode: the m FEC blocks minus the present data blocks' contributions, block k at {@code k·blockSize}. */
    private final byte[] syndromes;
    private final int[] erased = new int[MAX_BLOCKS];
    /** Decode: the m×m system, row-major, and its inverse. */
    private final int[] matrix = new int[MAX_BLOCKS * MAX_BLOCKS];
    private final int[] inverse = new int[MAX_BLOCKS * MAX_BLOCKS];

    public ReedSolomon(int blockSize) {
        if (blockSize < 1 || blockSize > 65_535) {
            throw new IllegalArgumentException("FEC block size must be 1..65535, got " + blockSize);
        }
        this.blockSize = blockSize;
        this.dataScratch = new byte[blockSize];
        this.outScratch = new byte[blockSize];
        this.syndromes = new byte[MAX_BLOCKS * blockSize];
    }

    public int blockSize() {
        return blockSize;
    }

    /**
     * Once per process, on a daemon thread: encodes and decodes full stripes until the JIT has compiled
     * the loops. Engines call it while negotiating; otherwise the first repair of a transfer runs interpreted, at
     * several milliseconds per FEC row, while the data keeps coming and the peers wait for its answer.
     */
    public static void warmUpInBackground() {
        if (!WARMED_UP.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(() -> {
            int size = 1456;
            ReedSolomon coder = new ReedSolomon(size);
            ByteBuffer[] data = new ByteBuffer[MAX_BLOCKS];
            boolean[] present = new boolean[MAX_BLOCKS];
            ByteBuffer[] fec = new ByteBuffer[8];
            int[] rows = new int[8];
            for (int j = 0; j < MAX_BLOCKS; j++) {
                data[j] = ByteBuffer.allocateDirect(size);
            }
            for (int k = 0; k < fec.length; k++) {
                fec[k] = ByteBuffer.allocateDirect(size);
                rows[k] = k;
            }
            for (int round = 0; round < 8; round++) {
                for (int k = 0; k < fec.length; k++) {
                    coder.encode(data, MAX_BLOCKS, k, fec[k]);
                }
                Arrays.fill(present, true);
                for (int k = 0; k < fec.length; k++) {
                    present[k * 16] = false;
                }
                coder.decode(data, present, MAX_BLOCKS, fec, rows, fec.length);
            }
        }, "jcast-fec-warm-up");
        t.setDaemon(true);
        t.start();
    }

    /** udpcast's coefficient of data block {@code j} in FEC row {@code row}: {@code inv[(128 + j) XOR row]}. */
    static int coefficient(int row, int j) {
        return GaloisField.inverse((128 + j) ^ row);
    }

    /**
     * Writes FEC row {@code row} of a stripe into {@code fec[0..blockSize)}: {@code data[0..n)} are views whose bytes
     * 0..blockSize-1 (absolute indexing from 0, position/limit ignored) hold the stripe's data blocks in stripe order
     * (caller zero-pads the short last block).
     */
    public void encode(ByteBuffer[] data, int n, int row, ByteBuffer fec) {
        if (n < 1 || n > MAX_BLOCKS || n > data.length) {
            throw new IllegalArgumentException("stripe must have 1.." + MAX_BLOCKS + " data blocks (and that many "
                    + "buffers), got n=" + n + " with " + data.length + " buffers");
        }
        checkRow(row);
        checkCapacity(fec, "FEC");
        byte[] out = backingArray(fec);
        int outOff = out != null ? fec.arrayOffset() : 0;
        if (out == null) {
            out = outScratch;
        }
        for (int j = 0; j < n; j++) {
            ByteBuffer block = data[j];
            checkCapacity(block, "data");
            byte[] src = backingArray(block);
            int srcOff = src != null ? block.arrayOffset() : 0;
            if (src == null) {
                src = copyToScratch(block);
            }
            if (j == 0) {
                GaloisField.putProduct(coefficient(row, j), src, srcOff, out, outOff, blockSize);
            } else {
                GaloisField.addProduct(coefficient(row, j), src, srcOff, out, outOff, blockSize);
            }
        }
        if (out == outScratch) {
            putAbsolute(fec, outScratch);
        }
    }

    /**
     * Repairs a stripe in place: {@code data[0..n)} as in {@link #encode}; {@code present[j]} tells which data blocks
     * arrived; the m = count of {@code !present} entries erased blocks are rebuilt from {@code fec[0..m)} whose FEC
     * rows are {@code fecRows[0..m)} (distinct). If more FEC blocks are given than blocks are erased, the first ones
     * are used. Nothing is written if nothing is erased.
     *
     * @throws IllegalArgumentException if fewer than m FEC blocks are given, or rows are invalid or repeated
     */
    public void decode(ByteBuffer[] data, boolean[] present, int n, ByteBuffer[] fec, int[] fecRows, int m) {
        if (n < 1 || n > MAX_BLOCKS || n > data.length || n > present.length) {
            throw new IllegalArgumentException("stripe must have 1.." + MAX_BLOCKS + " data blocks (and that many "
                    + "buffers and flags), got n=" + n);
        }
        int missing = 0;
        for (int j = 0; j < n; j++) {
            if (!present[j]) {
                erased[missing++] = j;
            }
        }
        if (missing == 0) {
            return;
        }
        if (m < missing || fec.length < missing || fecRows.length < missing) {
            throw new IllegalArgumentException(missing + " data blocks erased but only "
                    + Math.min(m, Math.min(fec.length, fecRows.length)) + " FEC blocks given");
        }
        checkRows(fecRows, missing);

        // Syndromes: each FEC block minus the contributions of the data blocks that did arrive.
        for (int k = 0; k < missing; k++) {
            checkCapacity(fec[k], "FEC");
            getAbsolute(fec[k], syndromes, k * blockSize);
        }
        for (int j = 0; j < n; j++) {
            if (!present[j]) {
                continue;
            }
            ByteBuffer block = data[j];
            checkCapacity(block, "data");
            byte[] src = backingArray(block);
            int srcOff = src != null ? block.arrayOffset() : 0;
            if (src == null) {
                src = copyToScratch(block);
            }
            for (int k = 0; k < missing; k++) {
                GaloisField.addProduct(coefficient(fecRows[k], j), src, srcOff, syndromes, k * blockSize, blockSize);
            }
        }

        // syndrome_k = XOR_l coefficient(row_k, erased_l) · D_erased_l; invert that system.
        for (int k = 0; k < missing; k++) {
            for (int l = 0; l < missing; l++) {
                matrix[k * missing + l] = coefficient(fecRows[k], erased[l]);
            }
        }
        invert(missing);

        for (int l = 0; l < missing; l++) {
            ByteBuffer block = data[erased[l]];
            checkCapacity(block, "data");
            byte[] out = backingArray(block);
            int outOff = out != null ? block.arrayOffset() : 0;
            if (out == null) {
                out = outScratch;
            }
            for (int k = 0; k < missing; k++) {
                int c = inverse[l * missing + k];
                if (k == 0) {
                    GaloisField.putProduct(c, syndromes, 0, out, outOff, blockSize);
                } else if (c != 0) {
                    GaloisField.addProduct(c, syndromes, k * blockSize, out, outOff, blockSize);
                }
            }
            if (out == outScratch) {
                putAbsolute(block, outScratch);
            }
        }
    }

    /** Gauss-Jordan inversion of {@code matrix} (size×size) into {@code inverse}; {@code matrix} is destroyed. */
    private void invert(int size) {
        for (int i = 0; i < size * size; i++) {
            inverse[i] = 0;
        }
        for (int i = 0; i < size; i++) {
            inverse[i * size + i] = 1;
        }
        for (int col = 0; col < size; col++) {
            int pivot = col;
            while (pivot < size && matrix[pivot * size + col] == 0) {
                pivot++;
            }
            if (pivot == size) {
                // Cannot happen for a Cauchy matrix with distinct rows; kept as a guard against a broken invariant.
                throw new IllegalStateException("singular FEC matrix");
            }
            if (pivot != col) {
                swapRows(matrix, size, pivot, col);
                swapRows(inverse, size, pivot, col);
            }
            int scale = GaloisField.inverse(matrix[col * size + col]);
            scaleRow(matrix, size, col, scale);
            scaleRow(inverse, size, col, scale);
            for (int r = 0; r < size; r++) {
                int factor = matrix[r * size + col];
                if (r != col && factor != 0) {
                    for (int c = 0; c < size; c++) {
                        matrix[r * size + c] ^= GaloisField.multiply(factor, matrix[col * size + c]);
                        inverse[r * size + c] ^= GaloisField.multiply(factor, inverse[col * size + c]);
                    }
                }
            }
        }
    }

    private static void swapRows(int[] a, int size, int r1, int r2) {
        for (int c = 0; c < size; c++) {
            int t = a[r1 * size + c];
            a[r1 * size + c] = a[r2 * size + c];
            a[r2 * size + c] = t;
        }
    }

    private static void scaleRow(int[] a, int size, int r, int scale) {
        for (int c = 0; c < size; c++) {
            a[r * size + c] = GaloisField.multiply(scale, a[r * size + c]);
        }
    }

    private static void checkRow(int row) {
        if (row < 0 || row >= MAX_BLOCKS) {
            throw new IllegalArgumentException("FEC row must be 0.." + (MAX_BLOCKS - 1) + ", got " + row);
        }
    }

    private static void checkRows(int[] rows, int count) {
        long seenLow = 0;
        long seenHigh = 0;
        for (int k = 0; k < count; k++) {
            int row = rows[k];
            checkRow(row);
            long bit = 1L << (row & 63);
            if (((row < 64 ? seenLow : seenHigh) & bit) != 0) {
                throw new IllegalArgumentException("FEC row " + row + " given twice");
            }
            if (row < 64) {
                seenLow |= bit;
            } else {
                seenHigh |= bit;
            }
        }
    }

    private void checkCapacity(ByteBuffer buffer, String what) {
        if (buffer.capacity() < blockSize) {
            throw new IllegalArgumentException(what + " buffer holds " + buffer.capacity() + " bytes, block size is "
                    + blockSize);
        }
    }

    /** The backing array if it may be used directly (hasArray is false for direct and read-only buffers), else null. */
    private static byte[] backingArray(ByteBuffer buffer) {
        return buffer.hasArray() ? buffer.array() : null;
    }

    private byte[] copyToScratch(ByteBuffer block) {
        getAbsolute(block, dataScratch, 0);
        return dataScratch;
    }

    /** Copies bytes 0..blockSize-1 of {@code buffer}, whatever its limit, leaving its state unchanged. */
    private void getAbsolute(ByteBuffer buffer, byte[] dst, int dstOff) {
        if (buffer.hasArray()) {
            System.arraycopy(buffer.array(), buffer.arrayOffset(), dst, dstOff, blockSize);
            return;
        }
        int limit = buffer.limit();
        buffer.limit(buffer.capacity());
        try {
            buffer.get(0, dst, dstOff, blockSize);
        } finally {
            buffer.limit(limit);
        }
    }

    private void putAbsolute(ByteBuffer buffer, byte[] src) {
        int limit = buffer.limit();
        buffer.limit(buffer.capacity());
        try {
            buffer.put(0, src, 0, blockSize);
        } finally {
            buffer.limit(limit);
        }
    }
}
