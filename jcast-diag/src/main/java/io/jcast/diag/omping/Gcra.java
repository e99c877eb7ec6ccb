package io.jcast.diag.omping;

/**
 * Generic cell rate algorithm as omping's {@code gcra.c}: an event at time t conforms unless
 * {@code tat >= tau && t < tat - tau}; a conforming event moves {@code tat} to {@code max(t, tat) + interval}.
 * Times are relative to the limiter's creation so that {@code tat} starts at 0 as in omping.
 */
final class Gcra {
    private final long intervalNs;
    private final long tauNs;
    private final long originNs;
    private long tatNs;

    Gcra(long intervalNs, int burst, long nowNs) {
        this.intervalNs = intervalNs;
        this.tauNs = intervalNs * burst;
        this.originNs = nowNs;
    }

    /** Whether an event now conforms; records it if so. An interval of 0 disables the limit. */
    boolean tryAcquire(long nowNs) {
        if (intervalNs == 0) {
            return true;
        }
        long t = nowNs - originNs;
        if (tatNs >= tauNs && t < tatNs - tauNs) {
            return false;
        }
        tatNs = Math.max(t, tatNs) + intervalNs;
        return true;
    }
}
