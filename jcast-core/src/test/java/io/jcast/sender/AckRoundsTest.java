package io.jcast.sender;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A round is complete when all are ready, asked again when all answered but some lack blocks. */
class AckRoundsTest {
    private static final long MS = 1_000_000L;
    private final AckRounds rounds = new AckRounds();

    @Test
    void verdictsFollowTheAnswers() {
        OutgoingSlice s = slice(0, 0);
        rounds.roundSent(s, 0);
        s.answered.add(0);
        s.ready.add(0);
        assertEquals(AckRounds.Verdict.WAIT, rounds.judge(s, 2, MS), "receiver 1 has not answered");
        s.answered.add(1);
        assertEquals(AckRounds.Verdict.NEXT_ROUND, rounds.judge(s, 2, MS), "it answered, but lacks blocks");
        s.needRxmit = true;
        assertEquals(AckRounds.Verdict.WAIT, rounds.judge(s, 2, MS), "its blocks are still being resent");
        s.ready.add(1);
        assertEquals(AckRounds.Verdict.ACKNOWLEDGED, rounds.judge(s, 2, MS));
    }

    @Test
    void aSilentReceiverGetsLongerRoundsButNoMoreThanASecond() {
        OutgoingSlice s = slice(0, 0);
        rounds.roundSent(s, 0);
        long first = s.deadlineNs;
        assertTrue(first >= 5 * MS && first < 100 * MS, "a lost answer is asked again soon: " + first);
        s.timeouts = 30;
        rounds.roundSent(s, 0);
        assertEquals(first + 1000 * MS, s.deadlineNs);
        s.answered.add(5);
        rounds.roundSent(s, 0);
        assertEquals(0, s.answered.size(), "a new round: only the ready ones count as answered");
    }

    @Test
    void findsSlicesAndTheInputTheyStillNeed() {
        OutgoingSlice a = slice(4, 1000);
        OutgoingSlice b = slice(5, 2000);
        b.deadlineNs = 7;
        a.deadlineNs = 9;
        rounds.add(a);
        rounds.add(b);
        assertSame(b, rounds.find(5));
        assertEquals(1000, rounds.keepFrom(5000));
        assertEquals(7, rounds.nextDeadline(Long.MAX_VALUE));
        rounds.remove(a);
        assertEquals(2000, rounds.keepFrom(5000));
    }

    private static OutgoingSlice slice(int sliceNo, long base) {
        return new OutgoingSlice().reset(sliceNo, base, 10 * 1456, 1456, 0, 0);
    }
}
