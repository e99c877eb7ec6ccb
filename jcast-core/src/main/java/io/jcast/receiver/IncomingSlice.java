package io.jcast.receiver;

import io.jcast.fec.ReedSolomon;
import io.jcast.protocol.BlockBitmap;
import java.nio.ByteBuffer;

/**
 * One slot of the receiver's slice window: data blocks land at {@code block × blockSize}; FEC blocks
 * are kept only while they can still replace a missing data block of their stripe (§7.5, §7.9).
 */
final class IncomingSlice {
    static final int MAX_BLOCKS = 1024;

    enum State { FREE, FILLING, WRITING }

    private final int blockSize;
    /** The data at {@code block × blockSize}; sized to the largest slice seen (allocating zeroes, so touches, it). */
    ByteBuffer buffer = ByteBuffer.allocateDirect(0);
    /** The writer's view of {@link #buffer}, reused for every slice the slot holds. */
    private ByteBuffer output = buffer;
    private ByteBuffer[] views = new ByteBuffer[0];
    /** FEC blocks held, grown as needed: most slices hold a few, or none. */
    private ByteBuffer fecArea = ByteBuffer.allocateDirect(0);
    private ByteBuffer[] fecViews = new ByteBuffer[0];
    private final int[] fecRow = new int[MAX_BLOCKS];
    private final int[] fecStripe = new int[MAX_BLOCKS];
    private final int[] dataInStripe = new int[256];
    private final int[] fecInStripe = new int[256];
    final BlockBitmap received = new BlockBitmap();

    volatile State state = State.FREE;
    int sliceNo;
    int bytes;
    int nrBlocks;
    int dataCount;
    int fecCount;
    int stripes;
    /** A RETRANSMIT for this slice went out: with a prompt sender, say OK as soon as it is complete. */
    boolean asked;

    IncomingSlice(int blockSize) {
        this.blockSize = blockSize;
    }

    void reset(int sliceNo) {
        this.sliceNo = sliceNo;
        bytes = -1;
        nrBlocks = 0;
        dataCount = 0;
        fecCount = 0;
        stripes = 0;
        asked = false;
        received.clear();
        java.util.Arrays.fill(dataInStripe, 0);
        java.util.Arrays.fill(fecInStripe, 0);
        state = State.FILLING;
    }

    /** Sets the slice length once known; false if it contradicts what was learned before. */
    boolean setBytes(int value) {
        if (bytes >= 0) {
            return bytes == value;
        }
        if (value < 0 || value > MAX_BLOCKS * blockSize) {
            return false;
        }
        bytes = value;
        nrBlocks = (value + blockSize - 1) / blockSize;
        if (views.length < nrBlocks) {
            buffer = ByteBuffer.allocateDirect(nrBlocks * blockSize);
            views = viewsOf(buffer, nrBlocks);
            output = buffer.duplicate();
        }
        return true;
    }

    /** The slice's bytes, for the writer: valid until the slot is freed. */
    ByteBuffer output() {
        return output.clear().limit(bytes);
    }

    private ByteBuffer[] viewsOf(ByteBuffer area, int blocks) {
        ByteBuffer[] v = new ByteBuffer[blocks];
        for (int i = 0; i < blocks; i++) {
            v[i] = area.slice(i * blockSize, blockSize);
        }
        return v;
    }

    /** Stores a data block; false if it is a duplicate or out of range. */
    boolean addData(int block, ByteBuffer datagram, int payloadOffset) {
        if (block >= nrBlocks || received.get(block)) {
            return false;
        }
        int len = Math.min(blockSize, bytes - block * blockSize);
        if (datagram.limit() - payloadOffset < len) {
            return false;
        }
        buffer.put(block * blockSize, datagram, payloadOffset, len);
        received.set(block);
        dataCount++;
        if (stripes > 0) {
            dataInStripe[block % stripes]++;
        }
        return true;
    }

    /** Keeps a FEC block if its stripe still misses more data blocks than it holds FEC blocks for. */
    boolean addFec(int stripeCount, int index, ByteBuffer datagram, int payloadOffset) {
        if (stripeCount <= 0 || stripeCount > 256 || datagram.limit() - payloadOffset < blockSize) {
            return false;
        }
        if (stripes == 0) {
            stripes = stripeCount;
            for (int b = received.nextSetBit(0); b >= 0; b = received.nextSetBit(b + 1)) {
                dataInStripe[b % stripes]++;
            }
        } else if (stripes != stripeCount) {
            return false; // "Interleave mismatch"
        }
        int stripe = index % stripes;
        int row = index / stripes;
        int n = stripeLength(stripe);
        if (n - dataInStripe[stripe] <= fecInStripe[stripe] || row >= 128 || fecCount == MAX_BLOCKS) {
            return false;
        }
        for (int k = 0; k < fecCount; k++) {
            if (fecStripe[k] == stripe && fecRow[k] == row) {
                return false;
            }
        }
        if (fecCount == fecViews.length) {
            int capacity = Math.min(MAX_BLOCKS, Math.max(16, 2 * fecCount));
            ByteBuffer larger = ByteBuffer.allocateDirect(capacity * blockSize);
            larger.put(0, fecArea, 0, fecCount * blockSize);
            fecArea = larger;
            fecViews = viewsOf(larger, capacity);
        }
        fecArea.put(fecCount * blockSize, datagram, payloadOffset, blockSize);
        fecRow[fecCount] = row;
        fecStripe[fecCount] = stripe;
        fecCount++;
        fecInStripe[stripe]++;
        return true;
    }

    /**
     * What is still needed, as a RETRANSMIT map: the blocks received, plus per stripe as many of its missing blocks
     * as FEC blocks are held for it (those are as good as received).
     */
    void needMap(BlockBitmap out) {
        out.copyFrom(received);
        for (int s = 0; s < stripes && s < nrBlocks; s++) {
            int covered = fecInStripe[s];
            for (int b = s; covered > 0 && b < nrBlocks; b += stripes) {
                if (!out.get(b)) {
                    out.set(b);
                    covered--;
                }
            }
        }
    }

    private int stripeLength(int stripe) {
        return stripe < nrBlocks ? (nrBlocks - stripe + stripes - 1) / stripes : 0;
    }

    /** Every data block is here, or can be rebuilt from the FEC blocks held. */
    boolean complete() {
        if (bytes < 0) {
            return false;
        }
        if (dataCount == nrBlocks) {
            return true;
        }
        if (stripes == 0 || dataCount + fecCount < nrBlocks) {
            return false;
        }
        for (int s = 0; s < stripes && s < nrBlocks; s++) {
            if (dataInStripe[s] + fecInStripe[s] < stripeLength(s)) {
                return false;
            }
        }
        return true;
    }

    /** Rebuilds missing data blocks from FEC; returns how many were rebuilt. */
    int repair(ReedSolomon coder, ByteBuffer[] data, boolean[] present, ByteBuffer[] fec, int[] rows) {
        if (dataCount == nrBlocks) {
            return 0;
        }
        int last = nrBlocks - 1;
        int tail = bytes - last * blockSize;
        if (received.get(last) && tail < blockSize) {
            for (int i = tail; i < blockSize; i++) {
                buffer.put(last * blockSize + i, (byte) 0); // the code was computed over a zero-padded block
            }
        }
        int rebuilt = 0;
        for (int s = 0; s < stripes && s < nrBlocks; s++) {
            int n = stripeLength(s);
            int missing = n - dataInStripe[s];
            if (missing == 0) {
                continue;
            }
            for (int j = 0; j < n; j++) {
                data[j] = views[s + j * stripes];
                present[j] = received.get(s + j * stripes);
            }
            int m = 0;
            for (int k = 0; k < fecCount && m < missing; k++) {
                if (fecStripe[k] == s) {
                    fec[m] = fecViews[k];
                    rows[m] = fecRow[k];
                    m++;
                }
            }
            coder.decode(data, present, n, fec, rows, m);
            for (int j = 0; j < n; j++) {
                if (!present[j]) {
                    received.set(s + j * stripes);
                    dataCount++;
                    rebuilt++;
                }
            }
        }
        return rebuilt;
    }
}
