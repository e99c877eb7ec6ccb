package io.jcast.transfer;

import java.util.List;

/**
 * A snapshot of a running transfer, delivered every stat period and at the end.
 *
 * @param bytes               bytes sent and acknowledged by everyone (sender) or written (receiver)
 * @param totalBytes          size of the input when known (a file), else -1
 * @param bytesPerSecond      average rate since the data started
 * @param retransmittedBlocks blocks sent again (sender) or blocks the receiver asked for again
 * @param sliceSizeBlocks     current slice size (sender), 0 on a receiver
 * @param elapsedNanos        time since the data started
 * @param receivers           per-receiver state (sender only; empty on a receiver)
 * @param done                true for the final snapshot
 */
public record TransferProgress(long bytes, long totalBytes, double bytesPerSecond, long retransmittedBlocks,
                               int sliceSizeBlocks, long elapsedNanos, List<ReceiverStatus> receivers,
                               boolean done) {
}
