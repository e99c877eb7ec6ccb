package io.jcast.transfer;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;

/**
 * When a sender stops waiting for receivers and starts sending. It has udpcast's rules
 * (udps-negotiate.c: a start request, {@code --autostart}, {@code --min-receivers} with
 * {@code --min-wait}, {@code --max-wait}, {@code --start-timeout}) and the session manager's rule (the
 * expected receivers joined). {@code jcast send}, {@code udp-sender} and {@code jcast serve} all use
 * this one policy, through {@link SenderConfig#startPolicy()}.
 *
 * <p>{@link #decide} is pure. It reads no clock and does no I/O. The caller passes what it observed,
 * as {@link Facts}. Every time is in nanoseconds on the caller's clock ({@code System.nanoTime()}, or a
 * simulation's).
 *
 * @param minReceivers      start once this many receivers joined (0: not a criterion)
 * @param minWait           with {@code minReceivers}: do not start before this long after the first receiver
 *                          joined; without it: start this long after the first receiver joined (0: off)
 * @param maxWait           start this long after the first receiver joined, with whoever is there (0: off);
 *                          with {@code async}, this long after waiting began
 * @param autostart         start after this many HELLO repetitions, even with no receiver (0: off)
 * @param startTimeout      give up after this long with no receiver activity (0: wait forever)
 * @param expectedReceivers start once this many receivers joined (0: off): the manager's expected count
 * @param async             receivers never answer, so only time, HELLOs and start requests count
 */
public record StartPolicy(int minReceivers, Duration minWait, Duration maxWait, int autostart,
                          Duration startTimeout, int expectedReceivers, boolean async) {
    /**
     * Receivers need a moment after they join to open their multicast socket before data flows, so the
     * transfer starts no sooner than this after the last join (async receivers do not join).
     */
    public static final Duration SETTLE = Duration.ofMillis(500);
    /** The time of something that has not happened, in {@link Facts}. */
    public static final long NEVER = Long.MIN_VALUE;
    private static final long SETTLE_NS = SETTLE.toNanos();

    public StartPolicy {
        Objects.requireNonNull(minWait, "minWait");
        Objects.requireNonNull(maxWait, "maxWait");
        Objects.requireNonNull(startTimeout, "startTimeout");
        if (minReceivers < 0 || autostart < 0 || expectedReceivers < 0) {
            throw new IllegalArgumentException("receiver and HELLO counts must not be negative (min receivers "
                    + minReceivers + ", autostart " + autostart + ", expected receivers " + expectedReceivers + ")");
        }
        if (minWait.isNegative() || maxWait.isNegative() || startTimeout.isNegative()) {
            throw new IllegalArgumentException("start waits and timeouts must not be negative");
        }
        if (async && expectedReceivers > 0) {
            throw new IllegalArgumentException("expected receivers cannot be counted with async (receivers never "
                    + "answer)");
        }
    }

    /** This policy with another expected count (the manager's count can change while the sender waits). */
    public StartPolicy withExpectedReceivers(int expected) {
        return new StartPolicy(minReceivers, minWait, maxWait, autostart, startTimeout, expected, async);
    }

    /**
     * What a sender observed while waiting. Times are in nanoseconds on the caller's clock, or
     * {@link #NEVER}.
     *
     * @param nowNs          the time of the decision
     * @param waitingSinceNs when the sender began waiting (its first HELLO)
     * @param receivers      receivers connected now
     * @param firstJoinNs    when the first receiver joined, even if it has left since; NEVER before that
     * @param lastJoinNs     when the latest receiver joined; NEVER before the first
     * @param hellosRepeated HELLOs sent after the first one
     * @param lastActivityNs the latest receiver activity (a CONNECT_REQ or a GO), or waitingSinceNs before any
     * @param startRequested start was asked for: {@code startNow()} (a key press, the manager's "start now")
     *                       or a receiver's GO
     */
    public record Facts(long nowNs, long waitingSinceNs, int receivers, long firstJoinNs, long lastJoinNs,
                        int hellosRepeated, long lastActivityNs, boolean startRequested) {
        public Facts {
            if (receivers < 0 || hellosRepeated < 0) {
                throw new IllegalArgumentException("receivers and HELLO repetitions must not be negative");
            }
            if (receivers > 0 && (firstJoinNs == NEVER || lastJoinNs == NEVER)) {
                throw new IllegalArgumentException(receivers + " receiver(s) connected but no join time given");
            }
        }
    }

    /**
     * The verdict for one set of facts.
     *
     * @param kind         wait, start now, or give up
     * @param reason       why it starts (START), or the message to exit with (TIMEOUT); empty for WAIT
     * @param nextChangeNs WAIT only: the earliest time the decision can change unless a fact other than the
     *                     time changes ({@code Long.MAX_VALUE}: only such a fact changes it); otherwise the
     *                     decision's time
     */
    public record Decision(Kind kind, String reason, long nextChangeNs) {
        public enum Kind { WAIT, START, TIMEOUT }
    }

    /** Decides for {@code facts}; never reads a clock. */
    public Decision decide(Facts facts) {
        long now = facts.nowNs();
        String reason = startReason(facts);
        boolean settling = !async && facts.lastJoinNs() != NEVER && now - facts.lastJoinNs() < SETTLE_NS;
        if (reason != null && !settling) {
            return new Decision(Decision.Kind.START, reason, now);
        }
        long timeout = nanos(startTimeout);
        if (timeout > 0 && now - facts.lastActivityNs() >= timeout) {
            int wanted = minReceivers > 0 ? minReceivers : expectedReceivers;
            return new Decision(Decision.Kind.TIMEOUT, "no transfer started within " + startTimeout.toSeconds()
                    + " s (" + facts.receivers() + " receiver(s) connected" + (wanted > 0 ? ", " + wanted
                    + " wanted" : "") + ")", now);
        }
        // The thresholds still ahead; one passed already changes nothing more.
        long next = Long.MAX_VALUE;
        if (reason != null) {
            next = earliest(next, now, facts.lastJoinNs(), SETTLE_NS);
        }
        if (async) {
            next = earliest(next, now, facts.waitingSinceNs(), nanos(maxWait));
        } else if (facts.receivers() > 0) {
            next = earliest(next, now, facts.firstJoinNs(), nanos(maxWait));
            next = earliest(next, now, facts.firstJoinNs(), nanos(minWait));
        }
        next = earliest(next, now, facts.lastActivityNs(), timeout);
        return new Decision(Decision.Kind.WAIT, "", next);
    }

    /** The rule that says start now, as a reason; null if none does (settling aside). */
    private String startReason(Facts f) {
        if (f.startRequested()) {
            return "start now requested" + present(f);
        }
        if (autostart > 0 && f.hellosRepeated() > autostart) {
            return "autostart after " + autostart + " HELLO repetitions" + present(f);
        }
        long now = f.nowNs();
        long maxWaitNs = nanos(maxWait);
        if (async) {
            return maxWaitNs > 0 && now - f.waitingSinceNs() >= maxWaitNs
                    ? "max wait " + seconds(maxWait) + " s reached" : null;
        }
        if (f.receivers() == 0) {
            return null;
        }
        long waited = now - f.firstJoinNs();
        long minWaitNs = nanos(minWait);
        if (expectedReceivers > 0 && f.receivers() >= expectedReceivers) {
            return f.receivers() + " of " + expectedReceivers + " expected receivers joined";
        }
        if (minReceivers > 0 && f.receivers() >= minReceivers && (minWaitNs == 0 || waited >= minWaitNs)) {
            return "min receivers " + minReceivers + " reached" + (minWaitNs == 0 ? ""
                    : " and min wait " + seconds(minWait) + " s passed") + present(f);
        }
        if (maxWaitNs > 0 && waited >= maxWaitNs) {
            return "max wait " + seconds(maxWait) + " s reached" + present(f);
        }
        if (minReceivers == 0 && minWaitNs > 0 && waited >= minWaitNs) {
            return "min wait " + seconds(minWait) + " s passed" + present(f);
        }
        return null;
    }

    /** " with 1 of 3 receivers", " with 2 receivers"; nothing for async, whose receivers are unknown. */
    private String present(Facts f) {
        if (async) {
            return "";
        }
        int n = f.receivers();
        return " with " + n + (expectedReceivers > 0 ? " of " + expectedReceivers + " receivers"
                : n == 1 ? " receiver" : " receivers");
    }

    /** {@code next}, or {@code since + after} if that is sooner and still ahead of {@code now}. */
    private static long earliest(long next, long now, long since, long after) {
        if (since == NEVER || after == 0) {
            return next;
        }
        long remaining = after - (now - since);
        if (remaining <= 0) {
            return next;
        }
        long at = now + remaining;
        return Math.min(next, at < now ? Long.MAX_VALUE : at); // past Long.MAX_VALUE: never
    }

    /** Saturating: a wait too long for a long in nanoseconds never ends. */
    private static long nanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    private static String seconds(Duration d) {
        return BigDecimal.valueOf(d.toMillis(), 3).stripTrailingZeros().toPlainString();
    }
}
