package io.jcast.sender;

import io.jcast.protocol.BlockBitmap;

/** A slice on its way: sent once, then acknowledged round by round (udpcast senddata.c's slice). */
final class OutgoingSlice {
    final int sliceNo;
    final long base;
    final int bytes;
    final int nrBlocks;
    /** Next data block to send in the first transmission; then next FEC block (nrBlocks + i). */
    int nextBlock;
    /** Streaming: the HELLO_STREAMING of this slice went out (a paced send may revisit the same block). */
    boolean rehelloSent;
    int rxmitId;
    final BlockBitmap readySet = new BlockBitmap();
    final BlockBitmap answeredSet = new BlockBitmap();
    int nrReady;
    /** Receivers that answered this slice at all (OK or RETRANSMIT, any round): they know it exists. */
    final BlockBitmap heard = new BlockBitmap();
    int nrHeard;
    int nrAnswered;
    final BlockBitmap rexmitMap = new BlockBitmap();
    /** Blocks already resent in this round, so two receivers asking for one block cost one datagram. */
    final BlockBitmap xmitted = new BlockBitmap();
    final BlockBitmap scratch = new BlockBitmap();
    boolean needRxmit;
    long reqAckSentNs;
    long deadlineNs;
    int timeouts;
    boolean retransmitted;

    OutgoingSlice(int sliceNo, long base, int bytes, int blockSize) {
        this.sliceNo = sliceNo;
        this.base = base;
        this.bytes = bytes;
        this.nrBlocks = (bytes + blockSize - 1) / blockSize;
    }

    int blockLength(int block, int blockSize) {
        return Math.min(blockSize, bytes - block * blockSize);
    }
}
