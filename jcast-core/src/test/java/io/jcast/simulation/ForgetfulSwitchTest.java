package io.jcast.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcast.transfer.PointToPoint;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A transfer of 24 s (3 MB at 1 Mbit/s) through a LAN that forgets a multicast membership 10 s after the
 * host last reported it, as a snooping switch that hears no querier: only a receiver that re-joins in time
 * keeps getting the data.
 */
class ForgetfulSwitchTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void aReceiverThatReannouncesGetsEverything() {
        SimulatedSession.Outcome outcome = session(Duration.ofSeconds(3)).run();
        assertNull(outcome.failure());
        assertEquals(0, outcome.receivers().get(0).exitCode());
    }

    @Test
    void aReceiverThatDoesNotIsCutOff() {
        SimulatedSession.Outcome outcome = session(Duration.ZERO).run();
        SimulatedSession.Receiver receiver = outcome.receivers().get(0);
        assertNotEquals(0, receiver.exitCode(), "the switch forgot the group: " + receiver.messages());
        assertTrue(receiver.output().length < outcome.input().length,
                receiver.output().length + " of " + outcome.input().length + " bytes");
    }

    private static SimulatedSession session(Duration reannounce) {
        SimulatedSession s = new SimulatedSession(1);
        s.maxBitrateBps = 1_000_000;
        s.bytes = 3_000_000;
        s.forgetGroupsAfterNs = 10 * SECOND;
        s.jcastReceiverOptions.reannounceInterval(reannounce);
        s.senderOptions = b -> b.pointToPoint(PointToPoint.NEVER); // a single receiver would get the data unicast
        return s;
    }
}
