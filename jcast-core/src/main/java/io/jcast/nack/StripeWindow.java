package io.jcast.nack;

import io.jcast.fec.ReedSolomon;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A receiver's stripes between the one it writes next and {@code slots} ahead: the data and parity blocks that
 * came, each stripe rebuilt from any mix of them once it holds as many as it has data blocks, and handed out in
 * order. Data beyond the window is dropped (it is asked for again once the window gets there), which bounds the
 * memory whatever the stream's size. Buffers are taken when a stripe's first block arrives and kept for reuse.
 */
final class StripeWindow {
    /** One stripe in the window. */
    static final class Slot {
        long stripe = -1;
        ByteBuffer data;
        ByteBuffer[] dataBlocks;
        boolean[] present;
        int dataCount;
        ByteBuffer parity;
        ByteBuffer[] parityBlocks;
        int[] rows;
        int parityCount;
        boolean complete;
        /** A data block shorter than a block came: this is the stream's last stripe. */
        boolean shortBlock;
        /** Handed to the output writer and not yet written: its buffer is the writer's (set on its thread). */
        volatile boolean writing;
        /** NACK timing, kept by the receiver engine: when to ask next (0: not scheduled). */
        long nackDueNs;
        /** The largest need another receiver asked for here, and when. */
        int heardNeed;
        long heardAtNs;
    }

    private final int blockSize;
    private final int stripeBlocks;
    private final Slot[] slots;
    private final ReedSolomon rs;
    private long writeStripe;
    private long totalBytes = -1;
    /** The highest stripe known to exist (a block of it was seen): every stripe before it is full. */
    private long highestSeen = -1;

    StripeWindow(int blockSize, int stripeBlocks, int slots) {
        this.blockSize = blockSize;
        this.stripeBlocks = stripeBlocks;
        this.slots = new Slot[slots];
        for (int i = 0; i < slots; i++) {
            this.slots[i] = new Slot();
        }
        this.rs = new ReedSolomon(blockSize);
    }

    int size() {
        return slots.length;
    }

    /** The stream's size, once known: it fixes the last stripe's length. */
    void totalBytes(long bytes) {
        this.totalBytes = bytes;
    }

    long totalBytes() {
        return totalBytes;
    }

    /** A block of stripe {@code s} was seen: the stripes before it are full ones. */
    void sawStripe(long s) {
        if (s > highestSeen) {
            highestSeen = s;
        }
    }

    /** The stripes of the whole stream, or -1 while its size is not known. */
    long totalStripes() {
        long stripeBytes = (long) blockSize * stripeBlocks;
        return totalBytes < 0 ? -1 : (totalBytes + stripeBytes - 1) / stripeBytes;
    }

    /** The next stripe to be written. */
    long writeStripe() {
        return writeStripe;
    }

    /** Bytes of stripe {@code s}: a full stripe unless it is the known last one. */
    int bytesIn(long s) {
        long stripeBytes = (long) blockSize * stripeBlocks;
        return totalBytes < 0 ? (int) stripeBytes : (int) Math.max(0, Math.min(stripeBytes,
                totalBytes - s * stripeBytes));
    }

    int blocksIn(long s) {
        return (bytesIn(s) + blockSize - 1) / blockSize;
    }

    /** The slot of stripe {@code s} if it is in the window (made ready for it), else null. */
    Slot slot(long s) {
        if (s < writeStripe || s >= writeStripe + slots.length || (totalStripes() >= 0 && s >= totalStripes())) {
            return null;
        }
        Slot slot = slots[(int) (s % slots.length)];
        if (slot.stripe != s) {
            if (slot.writing) {
                return null; // its last stripe is still being written: this one is asked for again later
            }
            reset(slot, s);
        }
        return slot;
    }

    private void reset(Slot slot, long s) {
        slot.stripe = s;
        slot.dataCount = 0;
        slot.parityCount = 0;
        slot.complete = false;
        slot.shortBlock = false;
        slot.nackDueNs = 0;
        slot.heardNeed = 0;
        slot.heardAtNs = 0;
        if (slot.present != null) {
            Arrays.fill(slot.present, false);
            // Zeros: a short last block is coded as if zero-padded.
            Arrays.fill(slot.data.array(), (byte) 0);
        }
    }

    private void buffers(Slot slot) {
        if (slot.data == null) {
            slot.data = ByteBuffer.allocate(blockSize * stripeBlocks);
            slot.dataBlocks = views(slot.data);
            slot.present = new boolean[stripeBlocks];
        }
    }

    private void parityBuffers(Slot slot) {
        if (slot.parity == null) {
            slot.parity = ByteBuffer.allocate(blockSize * stripeBlocks);
            slot.parityBlocks = views(slot.parity);
            slot.rows = new int[stripeBlocks];
        }
    }

    private ByteBuffer[] views(ByteBuffer b) {
        ByteBuffer[] v = new ByteBuffer[stripeBlocks];
        for (int i = 0; i < stripeBlocks; i++) {
            v[i] = b.slice(i * blockSize, blockSize);
        }
        return v;
    }

    /** Blocks stripe {@code slot} still lacks before it can be rebuilt. */
    int need(Slot slot) {
        return slot.complete ? 0 : Math.max(0, blocksIn(slot.stripe) - slot.dataCount - slot.parityCount);
    }

    /**
     * Stores data block {@code block} ({@code length} bytes of {@code src} from {@code offset}); false when it is
     * outside the window, a duplicate, or of a stripe already complete.
     */
    boolean putData(long block, ByteBuffer src, int offset, int length) {
        long s = block / stripeBlocks;
        Slot slot = slot(s);
        if (slot == null || slot.complete) {
            return false;
        }
        buffers(slot);
        int j = (int) (block % stripeBlocks);
        if (slot.present[j] || length > blockSize) {
            return false;
        }
        slot.data.put(j * blockSize, src, offset, length);
        slot.present[j] = true;
        slot.shortBlock |= length < blockSize;
        slot.dataCount++;
        tryComplete(slot);
        return true;
    }

    /** Stores a parity row of stripe {@code s}; false when outside the window, known, or not needed. */
    boolean putParity(long s, int row, ByteBuffer src, int offset, int length) {
        Slot slot = slot(s);
        if (slot == null || slot.complete || length != blockSize) {
            return false;
        }
        buffers(slot);
        parityBuffers(slot);
        for (int i = 0; i < slot.parityCount; i++) {
            if (slot.rows[i] == row) {
                return false;
            }
        }
        if (slot.parityCount == stripeBlocks) {
            return false;
        }
        slot.parity.put(slot.parityCount * blockSize, src, offset, length);
        slot.rows[slot.parityCount++] = row;
        tryComplete(slot);
        return true;
    }

    /**
     * Rebuilds and completes a stripe that holds enough blocks. The last stripe waits until the stream's size is
     * known: until then its length is not.
     */
    void tryComplete(Slot slot) {
        if (slot.complete || slot.present == null || totalBytes < 0 && isPossiblyLast(slot)) {
            return;
        }
        int n = blocksIn(slot.stripe);
        if (slot.dataCount + slot.parityCount < n) {
            return;
        }
        int erased = n - Math.min(n, countPresent(slot, n));
        if (erased > 0) {
            rs.decode(slot.dataBlocks, slot.present, n, slot.parityBlocks, slot.rows, erased);
        }
        slot.complete = true;
    }

    /**
     * Without a known size, a later stripe or a full set of full-length data blocks proves a stripe is not the last
     * one.
     */
    private boolean isPossiblyLast(Slot slot) {
        return slot.shortBlock || slot.stripe >= highestSeen && slot.dataCount < stripeBlocks;
    }

    private static int countPresent(Slot slot, int n) {
        int c = 0;
        for (int i = 0; i < n; i++) {
            if (slot.present[i]) {
                c++;
            }
        }
        return c;
    }

    /** Completes what waited for the stream's size. */
    void recheckAll() {
        for (Slot slot : slots) {
            if (slot.stripe >= writeStripe) {
                tryComplete(slot);
            }
        }
    }

    /** The next stripe's slot if it is complete, else null. */
    Slot writable() {
        Slot slot = slots[(int) (writeStripe % slots.length)];
        return slot.stripe == writeStripe && slot.complete && !slot.writing ? slot : null;
    }

    /** The bytes of a complete slot's stripe (position 0, limit its length). */
    ByteBuffer bytesOf(Slot slot) {
        ByteBuffer b = slot.data.duplicate();
        b.limit(bytesIn(slot.stripe)).position(0);
        return b;
    }

    /** The stripe {@link #writable} returned is handed to the writer, which clears {@code writing} when done. */
    void advance(Slot slot) {
        slot.writing = true;
        writeStripe++;
    }
}
