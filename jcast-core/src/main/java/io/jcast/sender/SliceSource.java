package io.jcast.sender;

import io.jcast.diskio.InputRing;
import io.jcast.diskio.InputSource;
import io.jcast.fec.FecSpec;
import io.jcast.fec.ReedSolomon;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * The input cut into slices (udpcast's makeSlice): whole blocks from the read-ahead ring, the last slice
 * perhaps ending in a partial block, then the end marker (a slice of 0 bytes); and the FEC rows for a slice,
 * encoded from the ring in place. Acknowledged slices come back here to be reused.
 */
final class SliceSource implements AutoCloseable {
    private static final int RING_BLOCKS = 4096;
    /** A slow pipe: take the whole blocks there are after this long rather than stall the receivers. */
    private static final long PARTIAL_WAIT_NS = 20_000_000L;

    private final InputSource source;
    private final InputRing input;
    private final int blockSize;
    private final FecSpec fec;
    private final boolean async;
    private final ReedSolomon coder;
    private final ByteBuffer[] ringViews;
    private final ByteBuffer[] fecViews;
    private final ByteBuffer[] stripeData = new ByteBuffer[ReedSolomon.MAX_BLOCKS];
    private final ArrayDeque<OutgoingSlice> spare = new ArrayDeque<>();
    private int nextSliceNo;
    private long nextPos;
    private long partialSinceNs = -1;
    private boolean endMade;

    /** {@code onData} is called from the reader thread when input arrives (to wake the engine). */
    SliceSource(InputSource source, int blockSize, FecSpec fec, boolean async, Runnable onData) {
        this.source = source;
        this.blockSize = blockSize;
        this.fec = fec;
        this.async = async;
        // An inline input of known size needs no more ring than itself (simulations run thousands of sessions).
        int ringBlocks = source.inline() && source.size() >= 0
                ? (int) Math.min(RING_BLOCKS, source.size() / blockSize + 2) : RING_BLOCKS;
        this.input = source.inline() ? InputRing.inline(source.channel(), blockSize, ringBlocks)
                : new InputRing(source.channel(), blockSize, RING_BLOCKS, onData);
        this.coder = new ReedSolomon(blockSize);
        ByteBuffer ring = input.buffer();
        this.ringViews = new ByteBuffer[input.capacity() / blockSize];
        for (int i = 0; i < ringViews.length; i++) {
            ringViews[i] = ring.slice(i * blockSize, blockSize);
        }
        int count = fec == null ? 0 : fec.redundancy() * fec.stripes();
        ByteBuffer fecBlocks = ByteBuffer.allocateDirect(count * blockSize);
        this.fecViews = new ByteBuffer[count];
        for (int i = 0; i < count; i++) {
            fecViews[i] = fecBlocks.slice(i * blockSize, blockSize);
        }
    }

    /** The read error that stopped the input, or null. */
    IOException error() {
        return input.error();
    }

    boolean endMade() {
        return endMade;
    }

    /** When a partial slice will be taken anyway, or -1 when none waits. */
    long partialDeadlineNs() {
        return partialSinceNs < 0 ? -1 : partialSinceNs + PARTIAL_WAIT_NS;
    }

    /**
     * The next slice of up to {@code sliceSize} blocks, with its FEC rows encoded; null when the input has too
     * little yet, or when it is the end marker and {@code holdEnd}.
     */
    OutgoingSlice next(int sliceSize, boolean holdEnd, long now) {
        input.pump();
        boolean eof = input.eof();
        long available = input.written() - nextPos;
        if (eof && available == 0 && holdEnd) {
            return null;
        }
        long want = (long) sliceSize * blockSize;
        if (available < want && !eof) {
            if (available < blockSize) {
                return null;
            }
            if (partialSinceNs < 0) {
                partialSinceNs = now;
            }
            if (now - partialSinceNs < PARTIAL_WAIT_NS) {
                return null;
            }
        }
        partialSinceNs = -1;
        int bytes = (int) Math.min(available, want);
        if (bytes > blockSize && !(eof && bytes == available)) {
            // Only the last slice may end in a partial block (udpcast "Bad base"). The input's tail goes whole:
            // split off, its partial block would cost a round of its own, and a one-block slice completing just
            // after the one before it is what pushes a udp-receiver's lagging FEC thread a lap behind.
            bytes -= bytes % blockSize;
        }
        OutgoingSlice reused = spare.poll();
        OutgoingSlice s = (reused != null ? reused : new OutgoingSlice()).reset(nextSliceNo++, nextPos, bytes,
                blockSize, fec != null ? fec.stripes() : 0, fec != null ? fec.redundancy() : 0);
        nextPos += bytes;
        if (bytes == 0) {
            endMade = true;
        }
        if (hasFec(s)) {
            encodeFec(s);
        }
        return s;
    }

    /** True when the slice carries the transfer's FEC rows (--fec): every slice with data, and async's end marker. */
    boolean hasFec(OutgoingSlice s) {
        return fec != null && (s.bytes > 0 || async);
    }

    /** The number the next slice will have. */
    int nextSliceNo() {
        return nextSliceNo;
    }

    /** Where the next slice will start (absolute input position). */
    long nextPosition() {
        return nextPos;
    }

    /** A slice nobody needs any more, to be reused. */
    void recycle(OutgoingSlice s) {
        spare.push(s);
    }

    /** Nothing before {@code position} is needed any more: the reader may overwrite it. */
    void release(long position) {
        input.release(position);
    }

    /** Data block {@code block} of {@code s}, in the ring. */
    ByteBuffer block(OutgoingSlice s, int block) {
        return ringViews[input.offset(s.base + (long) block * blockSize) / blockSize];
    }

    /** FEC block {@code index} (stripe + row * stripes) of the slice last encoded. */
    ByteBuffer fecBlock(int index) {
        return fecViews[index];
    }

    /** Encodes FEC row {@code row} of {@code stripe}, the slice cut in {@code stripes} stripes, into {@code out}. */
    void encodeRow(OutgoingSlice s, int stripe, int stripes, int row, ByteBuffer out) {
        padLastBlock(s);
        coder.encode(stripeData, stripeViews(s, stripe, stripes), row, out);
    }

    private void encodeFec(OutgoingSlice s) {
        int stripes = fec.stripes();
        padLastBlock(s);
        for (int stripe = 0; stripe < stripes; stripe++) {
            int n = stripeViews(s, stripe, stripes);
            for (int row = 0; row < fec.redundancy(); row++) {
                ByteBuffer out = fecViews[stripe + row * stripes];
                if (n == 0) {
                    for (int i = 0; i < blockSize; i++) {
                        out.put(i, (byte) 0);
                    }
                } else {
                    coder.encode(stripeData, n, row, out);
                }
            }
        }
    }

    private void padLastBlock(OutgoingSlice s) {
        int lastLength = s.nrBlocks == 0 ? 0 : s.blockLength(s.nrBlocks - 1, blockSize);
        if (lastLength > 0 && lastLength < blockSize) {
            // The input ended inside this block: the reader is done, so pad its tail with zeros for the code.
            ByteBuffer last = block(s, s.nrBlocks - 1);
            for (int i = lastLength; i < blockSize; i++) {
                last.put(i, (byte) 0);
            }
        }
    }

    /** Points {@link #stripeData} at the data blocks of one stripe; returns how many there are. */
    private int stripeViews(OutgoingSlice s, int stripe, int stripes) {
        int n = 0;
        for (int b = stripe; b < s.nrBlocks; b += stripes) {
            stripeData[n++] = block(s, b);
        }
        return n;
    }

    /** Closes the input (and ends a filter process). */
    @Override
    public void close() {
        try {
            input.close();
        } catch (IOException ignored) {
            // closing the input cannot lose data
        }
        source.close();
    }
}
