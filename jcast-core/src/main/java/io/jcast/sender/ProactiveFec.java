package io.jcast.sender;

/**
 * FEC rows sent with each slice before anyone asks: a running estimate of a quantile of what the worst receiver
 * needed. A row beyond that need is wasted on the link; a row short of it costs a repair round, which the next
 * slice's data hides. Between jcast peers that round costs exactly the rows missing, so the estimate aims low
 * (the lower quartile: three slices in four get a repair round). A udpcast receiver's answer after a repair round
 * does not say which rows it holds, so it is sent all it misses again: with one of those the estimate aims high
 * (the upper quartile: one slice in four gets a repair round).
 */
final class ProactiveFec {
    private double rows;

    /** Rows per stripe to send with the next slice. */
    int rows() {
        return (int) Math.round(rows);
    }

    /** Learns from an acknowledged slice; {@code rawReporters}: some receiver is a udpcast one. */
    void learn(OutgoingSlice s, boolean rawReporters) {
        double aim = rawReporters ? 0.25 : 0.75; // the share of slices that get a repair round
        boolean tooFew = s.firstRoundMaxMissing > s.proactivePlanned;
        rows = Math.max(0, rows + (tooFew ? 1 - aim : -aim));
    }
}
