package io.jcast.sender;

import io.jcast.fec.ReedSolomon;
import io.jcast.protocol.BlockBitmap;
import java.util.Arrays;

/**
 * A slice on its way: sent once, then acknowledged round by round (udpcast senddata.c's slice). The engine reuses
 * acknowledged ones ({@link #reset}), so a long transfer makes no garbage per slice.
 */
final class OutgoingSlice {
    int sliceNo;
    long base;
    int bytes;
    int nrBlocks;
    /** Next data block to send in the first transmission; then next FEC block (nrBlocks + i). */
    int nextBlock;
    /** Streaming: the HELLO_STREAMING of this slice went out (a paced send may revisit the same block). */
    boolean rehelloSent;
    int rxmitId;
    /** Receivers that have the whole slice (said OK). */
    final ReceiverSet ready = new ReceiverSet();
    /** Receivers that answered the current round (the ready ones count as answered). */
    final ReceiverSet answered = new ReceiverSet();
    /** Receivers that answered this slice at all (OK or RETRANSMIT, any round): they know it exists. */
    final ReceiverSet heard = new ReceiverSet();
    final BlockBitmap rexmitMap = new BlockBitmap();
    /** Blocks already resent in this round, so two receivers asking for one block cost one datagram. */
    final BlockBitmap xmitted = new BlockBitmap();
    boolean needRxmit;
    /**
     * Repair by FEC: when several receivers miss different blocks, fresh FEC rows of a stripe repair each of them,
     * so a round costs the most any one receiver misses per stripe instead of the union of their losses. Per
     * stripe: the next row never sent, the rows sent or due in this round, and the rows still to send.
     */
    int repairStripes;
    private int[] nextRow = new int[0];
    private int[] roundRows = new int[0];
    private int[] pendingRows = new int[0];
    /** Rows sent with the data before the first REQACK: a receiver reporting raw losses in round 0 holds them. */
    private int[] proactiveRows = new int[0];
    /** Scratch for {@link #planRepair}: one receiver's missing blocks per stripe. */
    private int[] missing = new int[0];
    /** Rows per stripe planned with the data. */
    int proactivePlanned;
    /** The most data blocks of one stripe any receiver missed in the first round (-1: every receiver was ready). */
    int firstRoundMaxMissing;
    long reqAckSentNs;
    long deadlineNs;
    int timeouts;
    boolean retransmitted;

    /**
     * Makes this a new slice. {@code stripes} and {@code firstRow} are those of the transfer's FEC, or 0 and 0 for
     * repair rows only.
     */
    OutgoingSlice reset(int sliceNo, long base, int bytes, int blockSize, int stripes, int firstRow) {
        this.sliceNo = sliceNo;
        this.base = base;
        this.bytes = bytes;
        this.nrBlocks = (bytes + blockSize - 1) / blockSize;
        this.repairStripes = stripes > 0 ? stripes : (nrBlocks + ReedSolomon.MAX_BLOCKS - 1) / ReedSolomon.MAX_BLOCKS;
        if (nextRow.length < repairStripes) {
            nextRow = new int[repairStripes];
            roundRows = new int[repairStripes];
            pendingRows = new int[repairStripes];
            proactiveRows = new int[repairStripes];
            missing = new int[repairStripes];
        }
        Arrays.fill(nextRow, firstRow);
        Arrays.fill(roundRows, 0);
        Arrays.fill(pendingRows, 0);
        Arrays.fill(proactiveRows, 0);
        nextBlock = 0;
        rehelloSent = false;
        rxmitId = 0;
        ready.clear();
        answered.clear();
        heard.clear();
        rexmitMap.clear();
        xmitted.clear();
        needRxmit = false;
        proactivePlanned = 0;
        firstRoundMaxMissing = -1;
        reqAckSentNs = 0;
        deadlineNs = 0;
        timeouts = 0;
        retransmitted = false;
        return this;
    }

    /**
     * Plans enough rows in this round for a receiver holding {@code received}: false, planning nothing, when some
     * stripe would run out of rows (the receiver then gets its data blocks resent instead). A {@code net} map
     * already counts the FEC rows the receiver holds as received blocks (a jcast receiver); a raw one (udpcast)
     * does not, so in round 0 the proactive rows are taken as held, and later what it holds is unknown.
     */
    boolean planRepair(BlockBitmap received, boolean net) {
        Arrays.fill(missing, 0);
        for (int b = 0; b < nrBlocks; b++) {
            if (!received.get(b)) {
                missing[b % repairStripes]++;
            }
        }
        if (rxmitId == 0) {
            for (int st = 0; st < repairStripes; st++) {
                if (net) {
                    missing[st] += proactiveRows[st];
                }
                firstRoundMaxMissing = Math.max(firstRoundMaxMissing, missing[st]);
                missing[st] -= proactiveRows[st];
            }
        }
        for (int st = 0; st < repairStripes; st++) {
            if (nextRow[st] + pendingRows[st] + Math.max(0, missing[st] - roundRows[st]) > ReedSolomon.MAX_BLOCKS) {
                return false;
            }
        }
        for (int st = 0; st < repairStripes; st++) {
            if (missing[st] > roundRows[st]) {
                pendingRows[st] += missing[st] - roundRows[st];
                roundRows[st] = missing[st];
            }
        }
        return true;
    }

    /** Plans {@code rows} rows per stripe to go with the data, before any receiver asks. */
    void planProactive(int rows) {
        proactivePlanned = rows;
        for (int st = 0; st < repairStripes && st < nrBlocks; st++) {
            int n = Math.min(rows, ReedSolomon.MAX_BLOCKS - nextRow[st]);
            pendingRows[st] = n;
            proactiveRows[st] = n;
        }
    }

    /** A receiver left: it no longer counts in any of the sets. */
    void forget(int number) {
        ready.remove(number);
        answered.remove(number);
        heard.remove(number);
    }

    /** A stripe with a repair row still to send, or -1. */
    int pendingStripe() {
        for (int st = 0; st < repairStripes; st++) {
            if (pendingRows[st] > 0) {
                return st;
            }
        }
        return -1;
    }

    int nextRow(int stripe) {
        return nextRow[stripe];
    }

    void rowSent(int stripe) {
        nextRow[stripe]++;
        pendingRows[stripe]--;
    }

    /**
     * A new REQACK round: only the ready receivers have answered it, nothing is resent in it yet, and rows still due
     * count toward it (rows already sent are in the receivers' answers).
     */
    void newRound() {
        answered.copyFrom(ready);
        xmitted.clear();
        System.arraycopy(pendingRows, 0, roundRows, 0, repairStripes);
    }

    int blockLength(int block, int blockSize) {
        return Math.min(blockSize, bytes - block * blockSize);
    }
}
