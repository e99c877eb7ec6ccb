package io.jcast.server.unicast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DownloadQueueTest {
    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void tenSlotsThenFifoWithVisiblePositions() {
        DownloadQueue q = new DownloadQueue(10, Duration.ofSeconds(60), Clock.systemUTC());
        List<String> tickets = new ArrayList<>();
        for (int i = 0; i < 13; i++) {
            tickets.add(q.enqueue(Path.of("/img"), "img").id());
        }
        for (int i = 0; i < 10; i++) {
            assertEquals(0, q.position(tickets.get(i)));
        }
        assertEquals(1, q.position(tickets.get(10)));
        assertEquals(3, q.position(tickets.get(12)));
        assertEquals(3, q.waitingCount());
        assertFalse(q.beginStream(tickets.get(10)), "a queued ticket cannot stream");
        assertTrue(q.release(tickets.get(3)));
        assertEquals(0, q.position(tickets.get(10)), "first in line gets the freed slot");
        assertEquals(1, q.position(tickets.get(11)));
        assertTrue(q.release(tickets.get(12)), "a waiting ticket can leave the line");
        assertEquals(-1, q.position(tickets.get(12)));
        assertEquals(10, q.activeCount());
    }

    @Test
    void idleTicketsGiveTheirSlotUpButStreamingOnesDoNot() {
        ManualClock clock = new ManualClock();
        DownloadQueue q = new DownloadQueue(1, Duration.ofSeconds(30), clock);
        String a = q.enqueue(Path.of("/img"), "img").id();
        String b = q.enqueue(Path.of("/img"), "img").id();
        assertTrue(q.beginStream(a));
        for (int i = 0; i < 6; i++) {          // b polls every 10 s, as a waiting client must
            clock.now = clock.now.plusSeconds(10);
            assertEquals(1, q.position(b), "a streaming download keeps its slot however long it takes");
        }
        q.endStream(a);
        clock.now = clock.now.plusSeconds(20);
        assertEquals(1, q.position(b));
        clock.now = clock.now.plusSeconds(11);
        assertEquals(0, q.position(b), "a's slot went to b after 30 s idle");
        assertEquals(-1, q.position(a));
        clock.now = clock.now.plusSeconds(31);
        assertEquals(-1, q.position(b), "a ticket nobody asks about expires too");
    }
}
