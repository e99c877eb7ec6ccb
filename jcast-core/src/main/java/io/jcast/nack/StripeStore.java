package io.jcast.nack;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The sender's input, stripe by stripe: read once in order (hashing it with SHA-256 on the way), and read again
 * for repairs and later carousel laps. The last {@code historyStripes} stripes stay in memory; a file input reads
 * older ones again from disk, so a receiver that joins late can be repaired from the beginning. A pipe or stream
 * can only repair what is still in memory ({@link #available}).
 */
final class StripeStore {
    private final ReadableByteChannel input;
    private final FileChannel file;
    private final int blockSize;
    private final int stripeBlocks;
    private final int stripeBytes;
    private final ByteBuffer[] slots;
    private final long[] slotStripe;
    private final ByteBuffer[][] slotBlocks;
    private final ByteBuffer reread;
    private final ByteBuffer[] rereadBlocks;
    private long rereadStripe = -1;
    private final MessageDigest sha256;
    private long stripesRead;
    private long bytesRead;
    private boolean ended;
    private byte[] digest;

    StripeStore(ReadableByteChannel input, int blockSize, int stripeBlocks, int historyStripes) {
        this.input = input;
        this.file = input instanceof FileChannel fc ? fc : null;
        this.blockSize = blockSize;
        this.stripeBlocks = stripeBlocks;
        this.stripeBytes = blockSize * stripeBlocks;
        this.slots = new ByteBuffer[historyStripes];
        this.slotStripe = new long[historyStripes];
        Arrays.fill(slotStripe, -1);
        this.slotBlocks = new ByteBuffer[historyStripes][];
        this.reread = file == null ? null : ByteBuffer.allocate(stripeBytes);
        this.rereadBlocks = file == null ? null : blocks(reread);
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private ByteBuffer[] blocks(ByteBuffer stripe) {
        ByteBuffer[] views = new ByteBuffer[stripeBlocks];
        for (int i = 0; i < stripeBlocks; i++) {
            views[i] = stripe.slice(i * blockSize, blockSize);
        }
        return views;
    }

    /**
     * Reads the next stripe of the input into memory; false at the end of the input (then {@link #ended} and
     * {@link #digest} are set). Blocks while a pipe has nothing to give.
     */
    boolean readNext() throws IOException {
        if (ended) {
            return false;
        }
        int slot = (int) (stripesRead % slots.length);
        if (slots[slot] == null) {
            slots[slot] = ByteBuffer.allocate(stripeBytes);
            slotBlocks[slot] = blocks(slots[slot]);
        }
        ByteBuffer b = slots[slot];
        b.clear();
        while (b.hasRemaining()) {
            if (input.read(b) < 0) {
                break;
            }
        }
        int n = b.position();
        if (n > 0) {
            // Zero the tail: parity is computed over zero-padded blocks, as the receiver rebuilds them.
            Arrays.fill(b.array(), b.arrayOffset() + n, b.arrayOffset() + stripeBytes, (byte) 0);
            sha256.update(b.array(), b.arrayOffset(), n);
            slotStripe[slot] = stripesRead;
            stripesRead++;
            bytesRead += n;
        }
        if (n < stripeBytes) {
            ended = true;
            digest = sha256.digest();
        }
        return n > 0;
    }

    boolean ended() {
        return ended;
    }

    /** The SHA-256 of the whole input, once {@link #ended}. */
    byte[] digest() {
        return digest;
    }

    long stripesRead() {
        return stripesRead;
    }

    long bytesRead() {
        return bytesRead;
    }

    /** True when stripe {@code s} can be sent (again): it was read and is in memory or in the file. */
    boolean available(long s) {
        return s < stripesRead && (file != null || slotStripe[(int) (s % slots.length)] == s);
    }

    /** Bytes of stream in stripe {@code s} (read already). */
    int bytesIn(long s) {
        return (int) Math.min(stripeBytes, bytesRead - s * stripeBytes);
    }

    /** Data blocks of stripe {@code s} (read already). */
    int blocksIn(long s) {
        return (bytesIn(s) + blockSize - 1) / blockSize;
    }

    /** The stripe's blocks as views (bytes 0..blockSize-1 each, zero-padded), or null if not {@link #available}. */
    ByteBuffer[] blocksOf(long s) throws IOException {
        int slot = (int) (s % slots.length);
        if (s < stripesRead && slotStripe[slot] == s) {
            return slotBlocks[slot];
        }
        if (file == null || s >= stripesRead) {
            return null;
        }
        if (rereadStripe != s) {
            reread.clear();
            long at = s * stripeBytes;
            while (reread.hasRemaining() && file.read(reread, at + reread.position()) >= 0) {
                // until the stripe is in or the file ends
            }
            Arrays.fill(reread.array(), reread.position(), stripeBytes, (byte) 0);
            rereadStripe = s;
        }
        return rereadBlocks;
    }
}
