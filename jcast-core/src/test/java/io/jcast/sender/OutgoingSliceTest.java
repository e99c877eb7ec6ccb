package io.jcast.sender;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcast.protocol.BlockBitmap;
import org.junit.jupiter.api.Test;

/** Planning FEC repair rows: a round costs the worst receiver's losses per stripe, not their union. */
class OutgoingSliceTest {
    private static final int BLOCK = 1456;
    private static BlockBitmap allBut(int nrBlocks, int... lost) {
        BlockBitmap map = new BlockBitmap();
        for (int b = 0; b < nrBlocks; b++) {
            map.set(b);
        }
        for (int b : lost) {
            map.clear(b);
        }
        return map;
    }

    private static int drain(OutgoingSlice s) {
        int sent = 0;
        int stripe;
        while ((stripe = s.pendingStripe()) >= 0) {
            s.rowSent(stripe);
            sent++;
        }
        return sent;
    }

    @Test
    void twoReceiversMissingDifferentBlocksCostTheWorstOnesCount() {
        OutgoingSlice s = new OutgoingSlice().reset(0, 0, 112 * BLOCK, BLOCK, 0, 0);
        assertEquals(1, s.repairStripes);
        assertTrue(s.planRepair(allBut(112, 3, 50, 90), false));
        assertTrue(s.planRepair(allBut(112, 4, 51), true));
        assertEquals(3, drain(s), "3 rows repair both; the union would be 5 blocks");
        assertEquals(3, s.nextRow(0));
        assertEquals(3, s.firstRoundMaxMissing);
    }

    @Test
    void largeSlicesUseStripesOfAtMost128Blocks() {
        OutgoingSlice s = new OutgoingSlice().reset(0, 0, 300 * BLOCK, BLOCK, 0, 0);
        assertEquals(3, s.repairStripes);
        assertTrue(s.planRepair(allBut(300, 0, 3, 6, 1), false)); // stripe 0: three blocks, stripe 1: one
        assertEquals(4, drain(s));
    }

    @Test
    void aRawReportIsCreditedTheProactiveRowsInTheFirstRoundOnly() {
        OutgoingSlice s = new OutgoingSlice().reset(0, 0, 112 * BLOCK, BLOCK, 0, 0);
        s.planProactive(2);
        assertEquals(2, drain(s));
        s.newRound();
        assertTrue(s.planRepair(allBut(112, 1, 2, 3), false));
        assertEquals(1, drain(s), "two of the three lost blocks are covered by the rows sent with the data");
        s.rxmitId++;
        s.newRound();
        assertTrue(s.planRepair(allBut(112, 1, 2, 3), false));
        assertEquals(3, drain(s), "after a repair round nothing is credited: the receiver lost some rows");
    }

    @Test
    void aNetReportIsTakenAsTheExactNeedInEveryRound() {
        OutgoingSlice s = new OutgoingSlice().reset(0, 0, 112 * BLOCK, BLOCK, 0, 0);
        s.planProactive(2);
        assertEquals(2, drain(s));
        s.newRound();
        // Lost 1, 2, 3 and one of the two rows: it holds one row, so it reports two blocks still missing.
        assertTrue(s.planRepair(allBut(112, 2, 3), true));
        assertEquals(2, drain(s));
        assertEquals(4, s.firstRoundMaxMissing, "two rows sent with the data were not enough: four would have been");
        s.rxmitId++;
        s.newRound();
        assertTrue(s.planRepair(allBut(112, 3), true));
        assertEquals(1, drain(s), "it lost one of the two repair rows");
    }

    @Test
    void aReusedSliceStartsAfresh() {
        OutgoingSlice s = new OutgoingSlice().reset(0, 0, 300 * BLOCK, BLOCK, 0, 0);
        s.planProactive(2);
        s.rxmitId = 3;
        s.ready.add(5);
        s.heard.add(5);
        s.answered.add(5);
        s.reset(1, 300 * BLOCK, 112 * BLOCK, BLOCK, 0, 0);
        assertEquals(1, s.repairStripes);
        assertEquals(0, s.rxmitId);
        assertFalse(s.ready.contains(5));
        assertEquals(0, s.ready.size() + s.heard.size() + s.answered.size());
        assertEquals(-1, s.pendingStripe(), "no rows left over from the slice before");
        assertEquals(-1, s.firstRoundMaxMissing);
    }

    @Test
    void aReceiverThatLeavesCountsInNoSet() {
        OutgoingSlice s = new OutgoingSlice().reset(0, 0, 10 * BLOCK, BLOCK, 0, 0);
        s.heard.add(3);
        s.answered.add(3);
        s.ready.add(3);
        s.ready.add(4);
        s.newRound();
        assertEquals(2, s.answered.size(), "in a new round the ready ones count as answered");
        s.forget(3);
        assertEquals(1, s.ready.size());
        assertEquals(1, s.answered.size());
        assertEquals(0, s.heard.size());
        s.forget(9);
        assertEquals(1, s.ready.size(), "forgetting a stranger changes nothing");
    }

    @Test
    void aStripeOutOfRowsFallsBackToResendingData() {
        OutgoingSlice s = new OutgoingSlice().reset(0, 0, 128 * BLOCK, BLOCK, 1, 120); // --fec with 120 rows already
        int[] lost = new int[10];
        for (int i = 0; i < lost.length; i++) {
            lost[i] = i * 7;
        }
        assertFalse(s.planRepair(allBut(128, lost), false));
        assertEquals(-1, s.pendingStripe());
    }
}
