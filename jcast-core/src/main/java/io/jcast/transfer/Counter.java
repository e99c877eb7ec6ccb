package io.jcast.transfer;

/**
 * What the engines count, one name each. A transfer's final counts are in {@link TransferResult#counters()}; the
 * CLI prints the ones udpcast prints, the manager exports them all as metrics.
 */
public enum Counter {
    /** Datagrams that were malformed, from a foreign port or sender, or of an unexpected kind: dropped. */
    INVALID_DATAGRAMS,
    /** Sender: data blocks and FEC rows sent again (retransmissions and repair rows). */
    RETRANSMITTED_BLOCKS,
    /** Sender: REQACK rounds that timed out and were asked again. */
    REQACK_TIMEOUTS,
    /** Sender: receivers dropped (no answer, or never answered after joining). */
    RECEIVERS_DROPPED,
    /** Receiver: RETRANSMIT answers (slices it still lacked when asked). */
    RETRANSMIT_REQUESTS,
    /** Receiver: datagrams dropped because their slot was still being written (disk or pipe behind). */
    OUTPUT_BEHIND_DROPS,
    /** jcast protocol: stripes asked for in NACKs (sender: received; receiver: sent). */
    NACKED_STRIPES,
    /** jcast protocol, receiver: NACKs not sent because another receiver asked as much, or the repair came. */
    NACKS_SUPPRESSED,
    /** jcast protocol: datagrams of a keyed session whose tag was missing or wrong (forged or corrupted). */
    AUTHENTICATION_FAILURES,
    /** jcast protocol, receiver: blocks that came twice, for a stripe already complete, or beyond the window. */
    UNUSED_BLOCKS
}
