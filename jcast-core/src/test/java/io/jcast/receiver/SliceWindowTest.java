package io.jcast.receiver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcast.diskio.OutputWriter;
import io.jcast.transfer.Counters;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import org.junit.jupiter.api.Test;

/** Slices fill in any order and reach the output in order; the window says when the sender outran it. */
class SliceWindowTest {
    private static final int BLOCK = 8;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final SliceWindow window = new SliceWindow(BLOCK, OutputWriter.inline(Channels.newChannel(out),
            SliceWindow.SLOTS, slot -> slot.state = IncomingSlice.State.FREE), new Counters());

    @Test
    void slicesCompletedOutOfOrderAreWrittenInOrder() {
        fill(1, (byte) 'b');
        assertFalse(window.deliver(), "slice 0 still missing");
        assertEquals(0, out.size());
        fill(0, (byte) 'a');
        assertFalse(window.deliver());
        assertArrayEquals("aaaaaaaabbbbbbbb".getBytes(), out.toByteArray());
        assertTrue(window.done(1));
        assertEquals(2, window.nextToDeliver());
    }

    @Test
    void theEndMarkerClosesTheWindow() {
        fill(0, (byte) 'a');
        IncomingSlice end = window.slot(1);
        assertTrue(end.setBytes(0));
        assertTrue(window.deliver());
        assertEquals(1, window.endSliceNo());
        assertTrue(window.done(1), "an end marker seen is done");
    }

    @Test
    void aSliceBeyondTheWindowMeansTheSenderWentOn() {
        window.seen(0, false);
        assertFalse(window.outruns(SliceWindow.SLOTS - 1));
        assertTrue(window.outruns(SliceWindow.SLOTS));
        assertNull(window.giveUpOldest(), "nothing of slice 0 arrived");
        assertEquals(1, window.nextToDeliver());
    }

    @Test
    void aStreamingLateJoinerStartsAtTheFirstSliceItSees() {
        window.seen(40, true);
        assertTrue(window.done(39));
        assertFalse(window.done(40));
        assertEquals(40, window.firstSliceNo());
    }

    private void fill(int sliceNo, byte value) {
        window.seen(0, false);
        IncomingSlice s = window.slot(sliceNo);
        assertTrue(s.setBytes(BLOCK));
        ByteBuffer datagram = ByteBuffer.allocate(BLOCK);
        for (int i = 0; i < BLOCK; i++) {
            datagram.put(i, value);
        }
        assertTrue(s.addData(0, datagram, 0));
    }
}
