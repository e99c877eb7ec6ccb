package io.jcast.server.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcast.server.model.ReceiverRecord;
import io.jcast.server.model.Session;
import io.jcast.server.model.SessionState;
import io.jcast.server.model.Transition;
import io.jcast.server.store.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scheduler and state machine with a scripted sender, on an embedded H2 database. */
class SchedulerTest {
    private static final Duration TICK = Duration.ofMillis(50);
    private static final Duration LEASE = Duration.ofSeconds(1);
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    private Database db;
    private Path images;

    @BeforeEach
    void setUp() throws Exception {
        db = Database.open(Database.h2Url(dir.resolve("db")), null, null);
        images = dir.resolve("images");
        Files.createDirectories(images.resolve("parts"));
        Files.write(images.resolve("disk.img"), new byte[10_000]);
        Files.write(images.resolve("parts/sda1.img"), new byte[3_000]);
        Files.write(images.resolve("parts/sda2.img"), new byte[5_000]);
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private static NewSession session(String name, String image, int expected, int maxWait) {
        return new NewSession(name, image, expected, maxWait, null, null, "lo", null, null, null);
    }

    private TestNode node(FakeSenders senders) throws Exception {
        return new TestNode(db, images, senders, "n1", TICK, LEASE).start();
    }

    @Test
    void startsWhenTheExpectedReceiversJoinedAndCompletes() throws Exception {
        FakeSenders senders = new FakeSenders("127.0.0.2", "127.0.0.3");
        try (TestNode n = node(senders)) {
            long id = n.service.create(session("lab", "disk.img", 2, 0)).id();
            Await.until("complete", WAIT, () -> n.state(id) == SessionState.COMPLETE);
            List<Transition> t = n.service.transitions(id);
            assertEquals(List.of(SessionState.QUEUED, SessionState.WAITING, SessionState.IN_PROGRESS,
                    SessionState.COMPLETE), t.stream().map(Transition::to).toList());
            assertEquals("2 of 2 expected receivers joined", t.get(2).reason());
            assertEquals("2 of 2 receivers finished", t.get(3).reason());
            assertEquals(63100, senders.opened.get(0).config.portBase());
            assertEquals("239.255.100.1", senders.opened.get(0).config.dataAddress().getHostAddress());
            assertEquals("lo", senders.opened.get(0).config.interfaceName());
            Session s = n.sessions.find(id).orElseThrow();
            assertEquals(10_000, s.bytesDone());
            List<ReceiverRecord> receivers = n.service.receivers(id);
            assertEquals(2, receivers.size());
            assertTrue(receivers.stream().allMatch(r -> r.state().equals("COMPLETED") && r.bytes() == 10_000));
            assertTrue(n.service.log(id).stream().anyMatch(l -> l.message().contains("fake sender on port 63100")));
        }
    }

    @Test
    void waitsForMissingReceiversUntilStartNow() throws Exception {
        FakeSenders senders = new FakeSenders("127.0.0.2");
        try (TestNode n = node(senders)) {
            long id = n.service.create(session("lab", "disk.img", 3, 0)).id();
            Await.until("waiting", WAIT, () -> n.state(id) == SessionState.WAITING && !senders.opened.isEmpty());
            Thread.sleep(300);
            assertEquals(SessionState.WAITING, n.state(id));
            n.service.startNow(id);
            Await.until("complete", WAIT, () -> n.state(id) == SessionState.COMPLETE);
            assertEquals("start now requested with 1 of 3 receivers", n.service.transitions(id).get(2).reason());
        }
    }

    @Test
    void startsAtMaxWaitWithThosePresent() throws Exception {
        try (TestNode n = node(new FakeSenders("127.0.0.2"))) {
            long id = n.service.create(session("lab", "disk.img", 3, 1)).id();
            Await.until("complete", WAIT, () -> n.state(id) == SessionState.COMPLETE);
            assertEquals("max wait 1 s reached with 1 of 3 receivers", n.service.transitions(id).get(2).reason());
        }
    }

    @Test
    void expectedCountCanBeLoweredWhileWaiting() throws Exception {
        FakeSenders senders = new FakeSenders("127.0.0.2", "127.0.0.3");
        try (TestNode n = node(senders)) {
            long id = n.service.create(session("lab", "disk.img", 5, 0)).id();
            Await.until("waiting", WAIT, () -> n.state(id) == SessionState.WAITING && !senders.opened.isEmpty());
            n.service.updateExpected(id, 2);
            Await.until("complete", WAIT, () -> n.state(id) == SessionState.COMPLETE);
            assertEquals("2 of 2 expected receivers joined", n.service.transitions(id).get(2).reason());
        }
    }

    @Test
    void maxSessionsKeepsTheRestQueuedAndPortsAreDistinct() throws Exception {
        FakeSenders senders = new FakeSenders("127.0.0.2");
        try (TestNode n = node(senders)) {
            n.settings.update(Map.of("maxSessions", "2"));
            long a = n.service.create(session("a", "disk.img", 2, 0)).id();
            long b = n.service.create(session("b", "disk.img", 2, 0)).id();
            long c = n.service.create(session("c", "disk.img", 2, 0)).id();
            Await.until("two waiting", WAIT, () -> n.state(a) == SessionState.WAITING
                    && n.state(b) == SessionState.WAITING);
            Thread.sleep(300);
            assertEquals(SessionState.QUEUED, n.state(c));
            Session sa = n.sessions.find(a).orElseThrow();
            Session sb = n.sessions.find(b).orElseThrow();
            assertNotEquals(sa.portBase(), sb.portBase());
            assertEquals(0, sa.portBase() % 2);
            assertNotEquals(sa.multicastAddress(), sb.multicastAddress());
            n.service.cancel(a, "test");
            Await.until("c claimed", WAIT, () -> n.state(c) == SessionState.WAITING);
            assertEquals(sa.portBase(), n.sessions.find(c).orElseThrow().portBase(), "freed port is reused");
        }
    }

    @Test
    void laggardsAreFlaggedWhileTheTransferRuns() throws Exception {
        FakeSenders senders = new FakeSenders("127.0.0.2", "127.0.0.3").holding().lagging("127.0.0.3");
        try (TestNode n = node(senders)) {
            long id = n.service.create(session("lab", "disk.img", 2, 0)).id();
            Await.until("laggard flagged", WAIT, () -> n.service.receivers(id).stream()
                    .anyMatch(r -> r.address().equals("127.0.0.3") && r.lagging()));
            ReceiverRecord slow = n.service.receivers(id).stream().filter(r -> r.address().equals("127.0.0.3"))
                    .findFirst().orElseThrow();
            assertEquals(2_500, slow.bytes());
            assertEquals(17, slow.retransmitRequests());
            assertTrue(n.service.receivers(id).stream().filter(r -> r.address().equals("127.0.0.2"))
                    .noneMatch(ReceiverRecord::lagging));
            senders.release();
            Await.until("complete", WAIT, () -> n.state(id) == SessionState.COMPLETE);
            assertTrue(n.service.receivers(id).stream().noneMatch(ReceiverRecord::lagging));
        }
    }

    @Test
    void cancelStopsTheSender() throws Exception {
        FakeSenders senders = new FakeSenders("127.0.0.2");
        try (TestNode n = node(senders)) {
            long id = n.service.create(session("lab", "disk.img", 2, 0)).id();
            Await.until("sender open", WAIT, () -> !senders.opened.isEmpty());
            n.service.cancel(id, "admin");
            assertEquals(SessionState.CANCELLED, n.state(id));
            Await.until("sender cancelled", WAIT, () -> senders.opened.get(0).cancelled);
            assertEquals("cancelled by admin", n.service.transitions(id).get(2).reason());
            assertEquals(SessionError.Kind.CONFLICT, org.junit.jupiter.api.Assertions.assertThrows(
                    SessionError.class, () -> n.service.cancel(id, "admin")).kind());
        }
    }

    @Test
    void directoryIsSentAsPartitionsInOrderOnTheSamePort() throws Exception {
        FakeSenders senders = new FakeSenders("127.0.0.2");
        try (TestNode n = node(senders)) {
            long id = n.service.create(session("lab", "parts", 1, 0)).id();
            Await.until("complete", WAIT, () -> n.state(id) == SessionState.COMPLETE);
            assertEquals(2, senders.opened.size());
            assertTrue(senders.opened.get(0).config.file().endsWith("sda1.img"));
            assertTrue(senders.opened.get(1).config.file().endsWith("sda2.img"));
            assertEquals(senders.opened.get(0).config.portBase(), senders.opened.get(1).config.portBase());
            assertEquals(8_000, n.sessions.find(id).orElseThrow().bytesDone());
            assertEquals(8_000, n.service.receivers(id).get(0).bytes());
        }
    }

    @Test
    void stopsSendingWhenTheDatabaseIsGoneLongerThanTheLease() throws Exception {
        FakeSenders senders = new FakeSenders("127.0.0.2");
        try (TestNode n = node(senders)) {
            n.service.create(session("lab", "disk.img", 2, 0));
            Await.until("sender open", WAIT, () -> !senders.opened.isEmpty());
            db.close();
            Await.until("fenced", WAIT, () -> senders.opened.get(0).cancelled);
        }
    }

    @Test
    void aSessionOwnedHereWithoutItsSenderIsReconciled() throws Exception {
        FakeSenders senders = new FakeSenders("127.0.0.2");
        try (TestNode n = node(senders)) {
            long id = n.service.create(session("lab", "disk.img", 2, 0)).id();
            Await.until("sender open", WAIT, () -> !senders.opened.isEmpty());
            n.scheduler.runners().get(0).cancel();   // as fencing does during a database outage
            Await.until("started again", WAIT, () -> senders.opened.size() == 2);
            assertTrue(n.service.transitions(id).stream().anyMatch(t -> t.to() == SessionState.QUEUED
                    && t.reason().equals("node n1 lost its sender before the transfer began; queued again")));
            Await.until("waiting again", WAIT, () -> n.state(id) == SessionState.WAITING);
        }
    }

    @Test
    void restartFailsInterruptedTransfersAndRequeuesWaitingOnes() throws Exception {
        FakeSenders holding = new FakeSenders("127.0.0.2").holding();
        long running;
        long waiting;
        TestNode first = node(holding);
        running = first.service.create(session("running", "disk.img", 1, 0)).id();
        waiting = first.service.create(session("waiting", "disk.img", 5, 0)).id();
        Await.until("in progress", WAIT, () -> first.state(running) == SessionState.IN_PROGRESS
                && first.state(waiting) == SessionState.WAITING);
        first.scheduler.halt();   // the process dies: no more writes, leases left as they were

        try (TestNode second = node(new FakeSenders("127.0.0.2"))) {
            Await.until("reconciled", WAIT, () -> second.state(running) == SessionState.FAILED);
            assertTrue(second.sessions.find(running).orElseThrow().stateReason()
                    .contains("node n1 restarted during the transfer; its sender is gone"));
            List<Transition> t = second.service.transitions(waiting);
            assertEquals(SessionState.QUEUED, t.get(2).to());
            Await.until("waiting again", WAIT, () -> second.state(waiting) == SessionState.WAITING);
        }
    }
}
