package io.jcast.transfer;

import java.util.List;
import java.util.Map;

/**
 * How a transfer ended.
 *
 * @param exitCode            the truthful summary ({@link ExitCode#OK} only when all data arrived)
 * @param message             one line saying what happened
 * @param bytes               bytes transferred (sender: acknowledged by all that stayed; receiver: written)
 * @param retransmittedBlocks blocks retransmitted (sender) or requested again (receiver)
 * @param elapsedNanos        duration of the data phase
 * @param receivers           each receiver's fate (sender only)
 * @param counters            the engine's non-zero counts
 */
public record TransferResult(ExitCode exitCode, String message, long bytes, long retransmittedBlocks,
                             long elapsedNanos, List<ReceiverStatus> receivers, Map<Counter, Long> counters) {
    public TransferResult {
        receivers = List.copyOf(receivers);
        counters = Map.copyOf(counters);
    }

    /** A count, 0 if it never happened. */
    public long count(Counter c) {
        return counters.getOrDefault(c, 0L);
    }

    public boolean success() {
        return exitCode == ExitCode.OK;
    }

    public double bytesPerSecond() {
        return elapsedNanos <= 0 ? 0 : bytes * 1e9 / elapsedNanos;
    }
}
