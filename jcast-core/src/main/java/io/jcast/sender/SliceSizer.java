package io.jcast.sender;

import io.jcast.fec.FecSpec;
import io.jcast.transfer.SenderConfig;

/**
 * How many blocks the next slice has. Fixed with --fec, --slice-size or full duplex; in half duplex udpcast's
 * adaptation: start at 130 blocks, grow by a quarter after each slice that needed no retransmission, and after
 * losses shrink to where the first loss was (at least 32 blocks, at most by half).
 */
final class SliceSizer {
    private final int max;
    private int size;
    private final boolean adaptive;
    private boolean growing;

    SliceSizer(SenderConfig config, boolean fullDuplex) {
        FecSpec fec = config.fec();
        int initial;
        if (config.defaultSliceSize() > 0) {
            initial = config.defaultSliceSize();
        } else if (fec != null) {
            initial = fec.sliceSizeBlocks();
        } else if (config.async()) {
            initial = SenderConfig.MAX_SLICE_BLOCKS;
        } else {
            initial = fullDuplex ? 112 : 130;
        }
        int limit = config.maxSliceSize();
        if (fec != null) {
            limit = Math.min(limit, 128 * fec.stripes());
        }
        this.max = config.maxSliceSize();
        this.size = Math.max(1, Math.max(Math.min(initial, limit), Math.min(config.minSliceSize(), limit)));
        this.adaptive = !fullDuplex && fec == null && config.defaultSliceSize() == 0;
        this.growing = adaptive;
    }

    int size() {
        return size;
    }

    /** True when the size follows the losses (half duplex): then retransmissions resend data, not FEC rows. */
    boolean adaptive() {
        return adaptive;
    }

    /** A round of {@code s} ended with losses: shrink to the first lost block. */
    void afterLosses(OutgoingSlice s) {
        if (!adaptive || !s.retransmitted) {
            return;
        }
        growing = false;
        int firstLost = s.xmitted.nextSetBit(0);
        if (firstLost > 0 && firstLost < s.nrBlocks) {
            size = Math.max(32, firstLost < size / 2 ? size / 2 : firstLost);
        }
    }

    /** {@code s} is acknowledged: grow while no slice needed a retransmission. */
    void afterAcknowledged(OutgoingSlice s) {
        if (growing && !s.retransmitted && s.bytes > 0) {
            size += size / 4;
            if (size >= max) {
                size = max;
                growing = false;
            }
        }
    }
}
