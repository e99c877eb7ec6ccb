package io.jcast.server.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcast.server.model.ReceiverRecord;
import io.jcast.server.model.Session;
import io.jcast.server.model.SessionState;
import io.jcast.server.store.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Receivers the sender sees merged with those that checked in over HTTP (one row per address), the final reason
 * naming who is missing, and the pre-flight's verdict on the session; scripted sender, embedded H2.
 */
class ManagedReceiversTest {
    private static final Duration TICK = Duration.ofMillis(50);
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    private Database db;
    private Path images;

    @BeforeEach
    void setUp() throws Exception {
        db = Database.open(Database.h2Url(dir.resolve("db")), null, null);
        images = Files.createDirectories(dir.resolve("images"));
        Files.write(images.resolve("disk.img"), new byte[10_000]);
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private TestNode node(FakeSenders senders, Preflight.Runner preflight) throws Exception {
        return new TestNode(db, images, senders, "n1", TICK, Duration.ofSeconds(1), preflight).start();
    }

    private static NewSession session(int expected, int maxWait) {
        return new NewSession("lab", "disk.img", expected, maxWait, null, null, "lo", null, null, null);
    }

    @Test
    void aCheckedInReceiverThatConnectsIsOneAndOneThatNeverConnectsIsListedMissing() throws Exception {
        // 127.0.0.2 checks in and connects (jcast receive --server), 127.0.0.3 only connects (a plain
        // udp-receiver), 127.0.0.9 checks in and never connects.
        FakeSenders senders = new FakeSenders("127.0.0.2", "127.0.0.3").holding();
        try (TestNode n = node(senders, Preflight.none())) {
            long id = n.service.create(session(3, 1)).id();
            n.receivers.checkIn(id, "127.0.0.2", "pc2", "hash2", Instant.now());
            n.receivers.checkIn(id, "127.0.0.9", "pc9", "hash9", Instant.now());
            Await.until("in progress", WAIT, () -> n.state(id) == SessionState.IN_PROGRESS);
            senders.release();
            Await.until("complete", WAIT, () -> n.state(id) == SessionState.COMPLETE);
            Map<String, ReceiverRecord> rows = n.service.receivers(id).stream()
                    .collect(Collectors.toMap(ReceiverRecord::address, r -> r));
            assertEquals(3, rows.size(), rows.toString());
            assertEquals("pc2", rows.get("127.0.0.2").host());
            assertEquals("COMPLETED", rows.get("127.0.0.2").state());
            assertEquals("COMPLETED", rows.get("127.0.0.3").state());
            assertEquals(10_000, rows.get("127.0.0.3").bytes());
            assertEquals("CHECKED_IN", rows.get("127.0.0.9").state());
            assertEquals("max wait 1 s reached with 2 of 3 receivers", n.service.transitions(id).get(2).reason());
            assertEquals("2 of 3 receivers finished; missing: pc9 (127.0.0.9) (checked in, never connected)",
                    n.sessions.find(id).orElseThrow().stateReason());
        }
    }

    @Test
    void aShortfallIsCountedWhenNobodyCheckedIn() throws Exception {
        try (TestNode n = node(new FakeSenders("127.0.0.2"), Preflight.none())) {
            long id = n.service.create(session(3, 1)).id();
            Await.until("complete", WAIT, () -> n.state(id) == SessionState.COMPLETE);
            assertEquals("1 of 3 receivers finished; missing: 2 more of the 3 expected never came",
                    n.sessions.find(id).orElseThrow().stateReason());
        }
    }

    @Test
    void theVerdictIsStoredAndAWarningDoesNotHoldTheSessionBack() throws Exception {
        List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
        Preflight.Runner warn = (ifname, group, port) -> {
            asked.add(ifname + " " + group.getHostAddress() + " " + port);
            return new Preflight.Result("warn", "lo: warn bridge: br0 snoops IGMP without a querier", false);
        };
        try (TestNode n = node(new FakeSenders("127.0.0.2"), warn)) {
            long id = n.service.create(session(1, 0)).id();
            Await.until("complete", WAIT, () -> n.state(id) == SessionState.COMPLETE);
            Session s = n.sessions.find(id).orElseThrow();
            assertEquals("warn", s.preflightStatus());
            assertTrue(s.preflightDetail().contains("without a querier"));
            assertEquals(List.of("lo 239.255.100.1 63100"), asked);
            assertTrue(n.service.log(id).stream().anyMatch(l -> l.message().startsWith("pre-flight warn: lo: ")));
        }
    }

    @Test
    void aBlockingVerdictFailsTheSessionBeforeItsSenderOpens() throws Exception {
        FakeSenders senders = new FakeSenders("127.0.0.2");
        Preflight.Runner missing = (ifname, group, port) ->
                new Preflight.Result("fail", "interface lo does not exist on this node", true);
        try (TestNode n = node(senders, missing)) {
            long id = n.service.create(session(1, 0)).id();
            Await.until("failed", WAIT, () -> n.state(id) == SessionState.FAILED);
            assertEquals("pre-flight: interface lo does not exist on this node",
                    n.sessions.find(id).orElseThrow().stateReason());
            assertTrue(senders.opened.isEmpty());
        }
    }
}
