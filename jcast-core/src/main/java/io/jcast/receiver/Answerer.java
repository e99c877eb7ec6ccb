package io.jcast.receiver;

import io.jcast.protocol.BlockBitmap;
import io.jcast.protocol.Ok;
import io.jcast.protocol.ReqAck;
import io.jcast.protocol.Retransmit;
import io.jcast.transfer.Counter;
import io.jcast.transfer.Counters;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * What the receiver says about its slices (udpcast's processReqAck): OK for a slice it has, RETRANSMIT with the
 * blocks it still needs for one it has not; nothing to a REQACK whose ready set already holds it. With a jcast
 * sender ({@code prompt}) also unasked: the OK the moment an asked slice completes, and the answer to a REQACK that
 * must have been lost (the next slice began without it).
 */
final class Answerer {
    /** Sends one control message to the sender. */
    interface Link {
        void send(ByteBuffer message) throws IOException;
    }

    private final SliceWindow window;
    private final Link link;
    private final boolean passive;
    private final ByteBuffer out = ByteBuffer.allocate(256);
    private final BlockBitmap readySet = new BlockBitmap();
    private final BlockBitmap needMap = new BlockBitmap();
    private final int clientNumber;
    private final boolean prompt;
    /** The highest slice whose REQACK arrived or was answered without one. */
    private int answeredUpTo = -1;
    private final Counters counters;

    /** {@code passive}: count what would be asked, but send nothing (async receivers never answer). */
    Answerer(SliceWindow window, Link link, boolean passive, int clientNumber, boolean prompt, Counters counters) {
        this.counters = counters;
        this.window = window;
        this.link = link;
        this.passive = passive;
        this.clientNumber = clientNumber;
        this.prompt = prompt;
    }

    /** A block of {@code slot} arrived. */
    void afterBlock(IncomingSlice slot) throws IOException {
        if (prompt) {
            answerMissedReqAck(slot.sliceNo);
            if (slot.asked && slot.complete()) {
                slot.asked = false;
                ok(slot.sliceNo); // the sender need not ask again to learn it
            }
        }
    }

    /** A REQACK arrived; false when it needs no answer (the sender has our OK already). */
    boolean beforeReqAck(ByteBuffer b) throws IOException {
        int p = b.position();
        int sliceNo = b.getInt(p + ReqAck.SLICE_OFFSET);
        if (prompt) {
            answerMissedReqAck(sliceNo);
        }
        answeredUpTo = Math.max(answeredUpTo, sliceNo);
        readySet.read(b, p + ReqAck.READY_SET_OFFSET);
        return !readySet.get(clientNumber);
    }

    /**
     * A prompt sender sends slice n's REQACK before slice n+1's first block: seeing n+1 without that REQACK means it
     * was lost, so answer it now (as round 0) instead of leaving the sender to time out.
     */
    private void answerMissedReqAck(int sliceNo) throws IOException {
        int previous = sliceNo - 1;
        if (previous <= answeredUpTo || previous < window.firstSliceNo()) {
            return;
        }
        answeredUpTo = previous;
        if (window.done(previous)) {
            ok(previous);
            return;
        }
        IncomingSlice slot = window.filling(previous);
        if (slot != null && slot.bytes > 0) {
            answer(slot, 0);
        }
    }

    /** OK if the slice is complete, else a RETRANSMIT of what it still needs, for round {@code rxmit}. */
    void answer(IncomingSlice slot, int rxmit) throws IOException {
        if (slot.complete()) {
            ok(slot.sliceNo);
            return;
        }
        counters.add(Counter.RETRANSMIT_REQUESTS);
        slot.asked = true;
        if (!passive) {
            slot.needMap(needMap);
            out.clear();
            Retransmit.encode(out, slot.sliceNo, rxmit, needMap);
            send();
        }
    }

    void ok(int sliceNo) throws IOException {
        if (passive) {
            return;
        }
        out.clear();
        Ok.encode(out, sliceNo);
        send();
    }

    private void send() throws IOException {
        out.flip();
        link.send(out);
    }
}
