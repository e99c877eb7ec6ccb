package io.jcast.server.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcast.server.model.ReceiverRecord;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The words a session ends with: who finished, who did not and why, who never came. */
class SessionOutcomeTest {
    private static ReceiverRecord r(String address, String host, String state, String message) {
        return new ReceiverRecord(1, 1, address, host, state, 0, 0, 0, 0, false, null, message, Instant.EPOCH,
                Instant.EPOCH, List.of());
    }

    @Test
    void allFinished() {
        SessionOutcome o = SessionOutcome.of(2, List.of(r("10.0.0.2", null, "COMPLETED", null),
                r("10.0.0.3", "pc3", "COMPLETED", "")));
        assertEquals("2 of 2 receivers finished", o.reason());
        assertEquals(2, o.count(SessionOutcome.Result.DONE));
    }

    @Test
    void namesTheDroppedWithTheirReasonAndTheMissing() {
        SessionOutcome o = SessionOutcome.of(4, List.of(r("10.0.0.2", null, "COMPLETED", null),
                r("10.0.0.5", null, "DROPPED", "no answer for 30 s"),
                r("10.0.0.7", "pc7", "CHECKED_IN", null)));
        assertEquals("1 of 4 receivers finished; 10.0.0.5 was dropped: no answer for 30 s; missing: pc7 (10.0.0.7)"
                + " (checked in, never connected), 1 more of the 4 expected never came", o.reason());
        assertEquals(1, o.count(SessionOutcome.Result.DROPPED));
        assertEquals(1, o.count(SessionOutcome.Result.NEVER_CONNECTED));
    }

    @Test
    void moreReceiversThanExpectedCountAsTheTotal() {
        SessionOutcome o = SessionOutcome.of(1, List.of(r("10.0.0.2", null, "COMPLETED", null),
                r("10.0.0.3", null, "DISCONNECTED", "it said goodbye")));
        assertEquals("1 of 2 receivers finished; 10.0.0.3 disconnected: it said goodbye", o.reason());
    }

    @Test
    void namesTheRefusedWithWhy() {
        SessionOutcome o = SessionOutcome.of(2, List.of(r("10.0.0.2", null, "COMPLETED", null),
                r("10.0.0.3", null, "REFUSED", "part 2 (sda2.img): it did not complete part 1 (sda1.img) (dropped)")));
        assertEquals("1 of 2 receivers finished; 10.0.0.3 was refused: part 2 (sda2.img): it did not complete part 1"
                + " (sda1.img) (dropped)", o.reason());
        assertEquals(1, o.count(SessionOutcome.Result.REFUSED));
    }

    @Test
    void aLongListStaysWithinAStoredReason() {
        List<ReceiverRecord> many = new java.util.ArrayList<>();
        for (int i = 0; i < 100; i++) {
            many.add(r("10.0.1." + i, null, "DROPPED", "no answer to 200 retransmission requests in a row"));
        }
        String reason = SessionOutcome.of(100, many).reason();
        assertTrue(reason.length() <= SessionOutcome.MAX_REASON, reason);
        assertTrue(reason.startsWith("0 of 100 receivers finished; 10.0.1.0 was dropped: "), reason);
        assertTrue(reason.endsWith(" more (see the receivers)"), reason);
    }

    @Test
    void nobodyCame() {
        assertEquals("no receiver came (3 expected)", SessionOutcome.of(3, List.of()).reason());
    }
}
