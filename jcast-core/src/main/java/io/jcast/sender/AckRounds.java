package io.jcast.sender;

import java.util.ArrayList;
import java.util.List;

/**
 * The slices sent and waiting for their answers, in slice order, and the timing of their REQACK rounds: when a
 * round is complete, how long the next one may take, which slice timed out. At most two wait at once.
 */
final class AckRounds {
    private static final long MS = 1_000_000L;

    /** What a round's answers say. */
    enum Verdict {
        /** Every participant has the slice. */
        ACKNOWLEDGED,
        /** Everyone answered and nothing is left to retransmit, but some lack blocks: ask again. */
        NEXT_ROUND,
        /** Answers or retransmissions are still due. */
        WAIT
    }

    /** Walked by index on per-datagram paths: C1, which runs transfers (bin/jcast), allocates every iterator. */
    private final List<OutgoingSlice> awaiting = new ArrayList<>(2);
    /**
     * Average time from a REQACK to the last answer of its round; REQACK timeouts are a multiple of it. It is short
     * beside a REQACK queued behind a slice of data, but a timeout only asks the same round again: a late answer
     * still counts, and a lost REQACK (one in seven for eight receivers at 2 % loss) is asked again soon.
     */
    private long answerAverageNs = 10 * MS;

    void add(OutgoingSlice s) {
        awaiting.add(s);
    }

    void remove(OutgoingSlice s) {
        awaiting.remove(s);
    }

    boolean contains(OutgoingSlice s) {
        return awaiting.contains(s);
    }

    boolean isEmpty() {
        return awaiting.isEmpty();
    }

    int size() {
        return awaiting.size();
    }

    /** The {@code i}-th waiting slice, oldest first. */
    OutgoingSlice get(int i) {
        return awaiting.get(i);
    }

    /** The waiting slice {@code sliceNo}, or null. */
    OutgoingSlice find(int sliceNo) {
        for (int i = 0; i < awaiting.size(); i++) {
            OutgoingSlice s = awaiting.get(i);
            if (s.sliceNo == sliceNo) {
                return s;
            }
        }
        return null;
    }

    /** A copy, for walks that may acknowledge (and so remove) slices. */
    List<OutgoingSlice> snapshot() {
        return new ArrayList<>(awaiting);
    }

    /** The earliest of {@code deadline} and the waiting slices' REQACK timeouts. */
    long nextDeadline(long deadline) {
        for (int i = 0; i < awaiting.size(); i++) {
            deadline = Math.min(deadline, awaiting.get(i).deadlineNs);
        }
        return deadline;
    }

    /** The earliest input position a waiting slice still needs, or {@code from}. */
    long keepFrom(long from) {
        for (int i = 0; i < awaiting.size(); i++) {
            from = Math.min(from, awaiting.get(i).base);
        }
        return from;
    }

    /** A REQACK of {@code s} went out at {@code now}: a new round, with its timeout. */
    void roundSent(OutgoingSlice s, long now) {
        s.newRound();
        s.reqAckSentNs = now;
        // A lost REQACK or answer is loss, not slowness: ask again soon. Only a receiver that stays silent
        // round after round (a dead or stalled one) gets up to a second per round, so that dropping it
        // after --retries-until-drop rounds takes minutes, as with udpcast.
        long backoff = s.timeouts > 10 ? Math.min(1000 * MS, (s.timeouts - 10) * 100 * MS) : 0;
        s.deadlineNs = now + Math.max(5 * MS, 2 * answerAverageNs) + backoff;
    }

    /** What the answers to {@code s} so far say, with {@code participants} active receivers. */
    Verdict judge(OutgoingSlice s, int participants, long now) {
        boolean allReady = s.ready.size() >= participants;
        boolean allAnswered = s.answered.size() >= participants && !s.needRxmit;
        if (allReady || allAnswered) {
            answerAverageNs = Math.max(MS, (long) (0.9 * answerAverageNs + 0.1 * (now - s.reqAckSentNs)));
        }
        return allReady ? Verdict.ACKNOWLEDGED : allAnswered ? Verdict.NEXT_ROUND : Verdict.WAIT;
    }

    long averageAnswerNs() {
        return answerAverageNs;
    }
}
