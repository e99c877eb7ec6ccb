package io.jcast.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jcast.transfer.StartPolicy.Decision;
import io.jcast.transfer.StartPolicy.Decision.Kind;
import io.jcast.transfer.StartPolicy.Facts;
import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The start policy on its own: every rule, its boundaries, the settle, timeouts, async, autostart. */
class StartPolicyTest {
    /** Where the caller's clock stood when the sender began waiting; times in the table count from here. */
    private static final long BASE = 7_000_000_000L;
    private static final long MS = 1_000_000L;
    private static final long NOW = -1;
    private static final long ONLY_A_NEW_FACT = Long.MAX_VALUE;

    /** The facts of one row: what happened when, in ms after {@link #BASE}. */
    private static final class F {
        private final long base;
        private long nowMs;
        private int receivers;
        private long firstJoinMs = Long.MIN_VALUE;
        private long lastJoinMs = Long.MIN_VALUE;
        private int hellos;
        private long activityMs;
        private boolean requested;

        F(long base, long nowMs) {
            this.base = base;
            this.nowMs = nowMs;
        }

        /** {@code n} receivers connected, the first joined at {@code firstMs}, the last (with activity) at {@code lastMs}. */
        F joined(int n, long firstMs, long lastMs) {
            receivers = n;
            firstJoinMs = firstMs;
            lastJoinMs = lastMs;
            activityMs = lastMs;
            return this;
        }

        F hellos(int n) {
            hellos = n;
            return this;
        }

        F activity(long ms) {
            activityMs = ms;
            return this;
        }

        F requested() {
            requested = true;
            return this;
        }

        long ns(long ms) {
            return ms == Long.MIN_VALUE ? StartPolicy.NEVER : base + ms * MS;
        }

        Facts facts() {
            return new Facts(ns(nowMs), base, receivers, ns(firstJoinMs), ns(lastJoinMs), hellos, ns(activityMs),
                    requested);
        }
    }

    private static F at(long nowMs) {
        return new F(BASE, nowMs);
    }

    private record Expect(Kind kind, String reason, long nextMs) {
        Decision in(F f) {
            long next = nextMs == NOW ? f.ns(f.nowMs) : nextMs == ONLY_A_NEW_FACT ? Long.MAX_VALUE : f.ns(nextMs);
            return new Decision(kind, reason, next);
        }
    }

    private static Expect start(String reason) {
        return new Expect(Kind.START, reason, NOW);
    }

    private static Expect timeout(String message) {
        return new Expect(Kind.TIMEOUT, message, NOW);
    }

    private static Expect waitUntil(long ms) {
        return new Expect(Kind.WAIT, "", ms);
    }

    private static Expect waitForAFact() {
        return new Expect(Kind.WAIT, "", ONLY_A_NEW_FACT);
    }

    private static Arguments row(String name, UnaryOperator<SenderConfig.Builder> settings, F facts, Expect expect) {
        return Arguments.of(name, settings, facts, expect);
    }

    private static Duration s(double seconds) {
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    static Stream<Arguments> rows() {
        return Stream.of(
                // udpcast's default: a key press, startNow() or a receiver's GO
                row("nothing set: waits for a request", b -> b, at(3_600_000), waitForAFact()),
                row("request with nobody: start (the engine then exits, no participants)", b -> b,
                        at(10).requested(), start("start now requested with 0 receivers")),
                row("request just after a join: settle first", b -> b,
                        at(1_100).joined(1, 1_000, 1_000).requested(), waitUntil(1_500)),
                row("request 499 ms after the last join", b -> b,
                        at(1_499).joined(2, 200, 1_000).requested(), waitUntil(1_500)),
                row("request 500 ms after the last join", b -> b,
                        at(1_500).joined(1, 1_000, 1_000).requested(), start("start now requested with 1 receiver")),
                row("request with the expected count set", b -> b.expectedReceivers(3),
                        at(2_000).joined(1, 1_000, 1_000).requested(),
                        start("start now requested with 1 of 3 receivers")),

                // --autostart: after more than n HELLO repetitions, receivers or not
                row("autostart: n repetitions are not enough", b -> b.autostart(3), at(3_000).hellos(3),
                        waitForAFact()),
                row("autostart: n + 1 repetitions", b -> b.autostart(3), at(4_000).hellos(4),
                        start("autostart after 3 HELLO repetitions with 0 receivers")),
                row("autostart settles after a join", b -> b.autostart(1),
                        at(2_200).joined(1, 2_000, 2_000).hellos(2), waitUntil(2_500)),
                row("autostart, async", b -> b.async(true).autostart(1), at(2_000).hellos(2),
                        start("autostart after 1 HELLO repetitions")),

                // --min-receivers, --min-wait
                row("min receivers: one short", b -> b.minReceivers(2), at(5_000).joined(1, 1_000, 1_000),
                        waitForAFact()),
                row("min receivers reached", b -> b.minReceivers(2), at(1_600).joined(2, 100, 1_100),
                        start("min receivers 2 reached with 2 receivers")),
                row("min receivers exceeded, last join settling", b -> b.minReceivers(2),
                        at(1_200).joined(3, 100, 1_100), waitUntil(1_600)),
                row("min receivers with min wait: 1 ms short", b -> b.minReceivers(2).minWait(s(5)),
                        at(5_999).joined(2, 1_000, 2_000), waitUntil(6_000)),
                row("min receivers with min wait: passed", b -> b.minReceivers(2).minWait(s(5)),
                        at(6_000).joined(2, 1_000, 2_000),
                        start("min receivers 2 reached and min wait 5 s passed with 2 receivers")),
                row("min wait passed, min receivers not reached", b -> b.minReceivers(3).minWait(s(5)),
                        at(9_000).joined(2, 1_000, 2_000), waitForAFact()),
                row("min wait alone: 1 ms short", b -> b.minWait(s(1.5)), at(2_499).joined(1, 1_000, 1_000),
                        waitUntil(2_500)),
                row("min wait alone: passed", b -> b.minWait(s(1.5)), at(2_500).joined(1, 1_000, 1_000),
                        start("min wait 1.5 s passed with 1 receiver")),
                row("min wait alone, nobody joined", b -> b.minWait(s(1.5)), at(60_000), waitForAFact()),

                // --max-wait: from the first join, whoever is there
                row("max wait: 1 ms short", b -> b.maxWait(s(10)), at(10_999).joined(1, 1_000, 1_000),
                        waitUntil(11_000)),
                row("max wait reached", b -> b.maxWait(s(10)), at(11_000).joined(2, 1_000, 4_000),
                        start("max wait 10 s reached with 2 receivers")),
                row("max wait counts from the first join, not from the last", b -> b.maxWait(s(10)),
                        at(11_000).joined(2, 1_000, 10_800), waitUntil(11_300)),
                row("max wait reached but everyone left", b -> b.maxWait(s(10)),
                        at(20_000).joined(0, 1_000, 1_000), waitForAFact()),
                row("max wait with fewer than min receivers", b -> b.minReceivers(3).maxWait(s(60)),
                        at(61_000).joined(2, 1_000, 2_000), start("max wait 60 s reached with 2 receivers")),
                row("max wait too long to ever come", b -> b.maxWait(Duration.ofSeconds(Long.MAX_VALUE)),
                        at(1_000_000).joined(1, 1_000, 1_000), waitForAFact()),

                // --async: receivers never answer; max wait counts from the start of waiting, no settle
                row("async max wait: 1 ms short", b -> b.async(true).maxWait(s(2)), at(1_999), waitUntil(2_000)),
                row("async max wait reached", b -> b.async(true).maxWait(s(2)), at(2_000),
                        start("max wait 2 s reached")),
                row("async request: no settle, no count", b -> b.async(true), at(5).requested(),
                        start("start now requested")),
                row("async ignores min receivers and min wait", b -> b.async(true).minReceivers(1).minWait(s(1)),
                        at(60_000), waitForAFact()),

                // the manager's expected receivers (jcast serve)
                row("expected: one short", b -> b.expectedReceivers(2), at(5_000).joined(1, 1_000, 1_000),
                        waitForAFact()),
                row("expected reached", b -> b.expectedReceivers(2), at(2_500).joined(2, 1_000, 2_000),
                        start("2 of 2 expected receivers joined")),
                row("expected reached, settling", b -> b.expectedReceivers(2), at(2_100).joined(2, 1_000, 2_000),
                        waitUntil(2_500)),
                row("expected is not held back by min wait",
                        b -> b.expectedReceivers(2).minReceivers(3).minWait(s(10)),
                        at(2_500).joined(2, 1_000, 2_000), start("2 of 2 expected receivers joined")),
                row("expected with max wait: reached with fewer", b -> b.expectedReceivers(3).maxWait(s(1)),
                        at(2_000).joined(1, 1_000, 1_000), start("max wait 1 s reached with 1 of 3 receivers")),

                // --start-timeout: from the last receiver activity (or the start of waiting)
                row("timeout: 1 ms short", b -> b.startTimeout(s(30)), at(29_999), waitUntil(30_000)),
                row("timeout with nobody", b -> b.startTimeout(s(30)), at(30_000),
                        timeout("no transfer started within 30 s (0 receiver(s) connected)")),
                row("timeout counts from the last activity", b -> b.startTimeout(s(30)),
                        at(40_000).joined(1, 10_000, 10_000).activity(20_000), waitUntil(50_000)),
                row("timeout short of min receivers", b -> b.minReceivers(2).startTimeout(s(30)),
                        at(40_000).joined(1, 10_000, 10_000),
                        timeout("no transfer started within 30 s (1 receiver(s) connected, 2 wanted)")),
                row("timeout short of the expected count", b -> b.expectedReceivers(3).startTimeout(s(30)),
                        at(40_000).joined(1, 10_000, 10_000),
                        timeout("no transfer started within 30 s (1 receiver(s) connected, 3 wanted)")),
                row("a start beats the timeout", b -> b.startTimeout(s(30)), at(30_000).requested(),
                        start("start now requested with 0 receivers")),
                row("a settling start does not beat the timeout", b -> b.startTimeout(s(1)),
                        at(1_300).joined(1, 1_000, 1_000).activity(0).requested(),
                        timeout("no transfer started within 1 s (1 receiver(s) connected)")),
                row("the soonest threshold is the next change", b -> b.maxWait(s(10)).startTimeout(s(5)),
                        at(1_000).joined(1, 500, 500), waitUntil(5_500)),
                row("times before the clock's zero", b -> b.maxWait(s(10)),
                        new F(-20_000_000_000L, 11_000).joined(1, 1_000, 1_000),
                        start("max wait 10 s reached with 1 receiver")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void decides(String name, UnaryOperator<SenderConfig.Builder> settings, F facts, Expect expect) {
        StartPolicy policy = settings.apply(SenderConfig.builder()).build().startPolicy();
        assertEquals(expect.in(facts), policy.decide(facts.facts()));
    }

    @Test
    void senderConfigCarriesEveryStartSetting() {
        SenderConfig c = SenderConfig.builder().minReceivers(2).minWait(s(3)).maxWait(s(4)).autostart(5)
                .startTimeout(s(6)).expectedReceivers(7).build();
        assertEquals(new StartPolicy(2, s(3), s(4), 5, s(6), 7, false), c.startPolicy());
        assertEquals(new StartPolicy(0, Duration.ZERO, Duration.ZERO, 0, Duration.ZERO, 0, true),
                SenderConfig.builder().async(true).build().startPolicy());
        assertEquals(new StartPolicy(2, s(3), s(4), 5, s(6), 1, false), c.startPolicy().withExpectedReceivers(1));
    }

    @Test
    void badSettingsAndFactsSayWhatIsWrong() {
        assertEquals("receiver and HELLO counts must not be negative (min receivers -1, autostart 0, expected "
                        + "receivers 0)",
                assertThrows(IllegalArgumentException.class, () -> SenderConfig.builder().minReceivers(-1).build())
                        .getMessage());
        assertEquals("expected receivers cannot be counted with async (receivers never answer)",
                assertThrows(IllegalArgumentException.class,
                        () -> SenderConfig.builder().async(true).expectedReceivers(2).build()).getMessage());
        StartPolicy policy = SenderConfig.builder().build().startPolicy();
        assertThrows(IllegalArgumentException.class, () -> policy.withExpectedReceivers(-2));
        assertEquals("start waits and timeouts must not be negative", assertThrows(IllegalArgumentException.class,
                () -> new StartPolicy(0, Duration.ZERO, Duration.ofSeconds(-1), 0, Duration.ZERO, 0, false))
                .getMessage());
        assertEquals("2 receiver(s) connected but no join time given", assertThrows(IllegalArgumentException.class,
                () -> new Facts(0, 0, 2, StartPolicy.NEVER, StartPolicy.NEVER, 0, 0, false)).getMessage());
    }
}
