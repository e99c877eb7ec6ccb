package io.jcast.receiver;

import io.jcast.diskio.OutputWriter;
import io.jcast.fec.ReedSolomon;
import io.jcast.transfer.Counter;
import io.jcast.transfer.Counters;
import java.nio.ByteBuffer;

/**
 * The receiver's slices in flight: eight slots in slice order (a udpcast sender keeps two slices going, udp-receiver
 * four slots). Slices fill in any order and leave for the writer in order, repaired by FEC first; the end marker
 * (a slice of 0 bytes) closes the window.
 */
final class SliceWindow {
    static final int SLOTS = 8;

    private final IncomingSlice[] slots = new IncomingSlice[SLOTS];
    private final OutputWriter<IncomingSlice> writer;
    private final ReedSolomon coder;
    private final ByteBuffer[] stripeData = new ByteBuffer[ReedSolomon.MAX_BLOCKS];
    private final boolean[] present = new boolean[ReedSolomon.MAX_BLOCKS];
    private final ByteBuffer[] fecData = new ByteBuffer[ReedSolomon.MAX_BLOCKS];
    private final int[] fecRows = new int[ReedSolomon.MAX_BLOCKS];
    private int nextToDeliver;
    private boolean firstSeen;
    private int firstSliceNo;
    private int endSliceNo = -1;
    private long deliveredBytes;
    private final Counters counters;

    /** {@code writer} must free each slot it is done with ({@code state = FREE}). */
    SliceWindow(int blockSize, OutputWriter<IncomingSlice> writer, Counters counters) {
        this.counters = counters;
        for (int i = 0; i < SLOTS; i++) {
            slots[i] = new IncomingSlice(blockSize);
        }
        this.writer = writer;
        this.coder = new ReedSolomon(blockSize);
    }

    /** Notes the first slice seen; a streaming late joiner starts there. */
    void seen(int sliceNo, boolean streaming) {
        if (!firstSeen) {
            firstSeen = true;
            firstSliceNo = sliceNo;
            if (streaming) {
                nextToDeliver = sliceNo;
            }
        }
    }

    /** The oldest slice not yet handed to the writer. */
    int nextToDeliver() {
        return nextToDeliver;
    }

    int firstSliceNo() {
        return firstSliceNo;
    }

    /** True when {@code sliceNo} was delivered already (or is the end marker, seen). */
    boolean done(int sliceNo) {
        return sliceNo < nextToDeliver || sliceNo == endSliceNo;
    }

    /** True when {@code sliceNo} is beyond the window: the sender went on without us. */
    boolean outruns(int sliceNo) {
        return sliceNo >= nextToDeliver + SLOTS;
    }

    /** A streaming receiver that has delivered nothing yet may start over at {@code sliceNo}. */
    boolean mayRestartAt(int sliceNo, boolean streaming) {
        if (streaming && deliveredBytes == 0) {
            nextToDeliver = sliceNo;
            return true;
        }
        return false;
    }

    /** --ignore-lost-data: gives up the oldest slice, writing what arrived of it; returns it, or null if empty. */
    IncomingSlice giveUpOldest() {
        IncomingSlice lost = slots[nextToDeliver % SLOTS];
        boolean partial = lost.state == IncomingSlice.State.FILLING && lost.sliceNo == nextToDeliver && lost.bytes >= 0;
        if (partial) {
            submit(lost);
        }
        nextToDeliver++;
        return partial ? lost : null;
    }

    /** The slot for {@code sliceNo} (not done, inside the window), set up if new; null while the writer holds it. */
    IncomingSlice slot(int sliceNo) {
        IncomingSlice slot = slots[sliceNo % SLOTS];
        if (slot.state == IncomingSlice.State.FILLING && slot.sliceNo == sliceNo) {
            return slot;
        }
        if (slot.state != IncomingSlice.State.FREE) {
            counters.add(Counter.OUTPUT_BEHIND_DROPS); // the writer lags: the sender will send it again
            return null;
        }
        slot.reset(sliceNo);
        return slot;
    }

    /** The slot filling {@code sliceNo}, or null. */
    IncomingSlice filling(int sliceNo) {
        IncomingSlice slot = slots[sliceNo % SLOTS];
        return slot.state == IncomingSlice.State.FILLING && slot.sliceNo == sliceNo ? slot : null;
    }

    /**
     * Hands complete slices to the writer in order. Returns true when the end marker is reached (then the window
     * is closed: {@link #endSliceNo()}).
     */
    boolean deliver() {
        while (endSliceNo < 0) {
            IncomingSlice slot = filling(nextToDeliver);
            if (slot == null || !slot.complete()) {
                return false;
            }
            if (slot.bytes == 0) {
                endSliceNo = nextToDeliver++;
                slot.state = IncomingSlice.State.FREE;
                return true;
            }
            slot.repair(coder, stripeData, present, fecData, fecRows);
            submit(slot);
            nextToDeliver++;
        }
        return false;
    }

    private void submit(IncomingSlice slot) {
        slot.state = IncomingSlice.State.WRITING;
        deliveredBytes += slot.bytes;
        writer.submit(slot.output(), slot);
    }

    /** The end marker's slice number, or -1 before it. */
    int endSliceNo() {
        return endSliceNo;
    }
}
