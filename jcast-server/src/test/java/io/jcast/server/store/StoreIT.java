package io.jcast.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcast.server.model.ReceiverRecord;
import io.jcast.server.model.Session;
import io.jcast.server.model.SessionSpec;
import io.jcast.server.model.SessionState;
import io.jcast.server.model.Transition;
import io.jcast.transfer.Duplex;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The DAO suite, run against embedded H2 and a real PostgreSQL. */
@Tag("postgres")
class StoreIT {
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    private static final BiFunction<Set<Integer>, Set<String>, Allocation> FIRST_FREE = (ports, addresses) -> {
        for (int p = 63100; p < 63200; p += 2) {
            if (!ports.contains(p)) {
                return new Allocation(p, "239.255.1." + (p - 63100) / 2);
            }
        }
        return null;
    };

    private static SessionSpec spec(String name) {
        return new SessionSpec(name, "images/" + name + ".img", 3, Duration.ofSeconds(60), Duration.ofSeconds(60),
                null, "lo", 0, Duplex.FULL, null);
    }

    @ParameterizedTest
    @EnumSource(StoreFixture.class)
    void sessionsAndTransitionsPersist(StoreFixture fixture) throws Exception {
        try (Database db = fixture.open()) {
            SessionStore store = new SessionStore(db);
            long id = store.create(spec("lab1"), "n1", T0);
            Session s = store.find(id).orElseThrow();
            assertEquals("lab1", s.name());
            assertEquals(SessionState.QUEUED, s.state());
            assertEquals(Duration.ofSeconds(60), s.maxWait());
            assertEquals(T0, s.createdAt());
            assertEquals(Optional.of(id), store.findUnfinishedByName("lab1").map(Session::id));

            assertTrue(store.transition(id, SessionState.QUEUED, SessionState.CANCELLED, "by admin", "n1",
                    T0.plusSeconds(5)));
            // A second, stale transition from QUEUED must not apply.
            assertFalse(store.transition(id, SessionState.QUEUED, SessionState.WAITING, "late", "n1",
                    T0.plusSeconds(6)));
            List<Transition> transitions = store.transitions(id);
            assertEquals(2, transitions.size());
            assertEquals(SessionState.CANCELLED, transitions.get(1).to());
            assertEquals("by admin", transitions.get(1).reason());
            assertEquals(T0.plusSeconds(5), transitions.get(1).at());
            assertTrue(store.findUnfinishedByName("lab1").isEmpty());

            store.log(id, "hello", T0);
            assertEquals("hello", store.log(id).get(0).message());
            assertEquals(1, store.countByState().get(SessionState.CANCELLED));
        }
    }

    @ParameterizedTest
    @EnumSource(StoreFixture.class)
    void claimAllocatesDistinctPortsAndHonoursLimitsAndStartTime(StoreFixture fixture) throws Exception {
        try (Database db = fixture.open()) {
            SessionStore store = new SessionStore(db);
            long a = store.create(spec("a"), null, T0);
            long b = store.create(spec("b"), null, T0);
            long later = store.create(new SessionSpec("later", "x.img", 1, Duration.ZERO, Duration.ofSeconds(60),
                    T0.plus(1, ChronoUnit.HOURS), null, 0, Duplex.AUTO, null), null, T0);
            Duration lease = Duration.ofSeconds(10);

            Session first = store.claimNext("n1", T0, lease, 2, FIRST_FREE).orElseThrow();
            Session second = store.claimNext("n2", T0, lease, 2, FIRST_FREE).orElseThrow();
            assertEquals(a, first.id());
            assertEquals(b, second.id());
            assertEquals(SessionState.WAITING, first.state());
            assertEquals("n1", first.ownerNode());
            assertNotEquals(first.portBase(), second.portBase());
            assertNotEquals(first.multicastAddress(), second.multicastAddress());
            assertEquals(T0.plus(lease), first.leaseUntil());
            // "later" is not due yet.
            assertTrue(store.claimNext("n1", T0, lease, 2, FIRST_FREE).isEmpty());
            Instant due = T0.plus(2, ChronoUnit.HOURS);
            // n1 at its limit of 1 does not claim; n3 does.
            assertTrue(store.claimNext("n1", due, lease, 1, FIRST_FREE).isEmpty());
            assertEquals(later, store.claimNext("n3", due, lease, 1, FIRST_FREE).orElseThrow().id());

            assertEquals(Set.of(a), store.renewLeases("n1", T0.plusSeconds(30), T0.plusSeconds(5)));
            List<Session> expired = store.expiredLeases(T0.plusSeconds(20));
            assertEquals(List.of(b), expired.stream().map(Session::id).toList());

            assertTrue(store.transition(b, SessionState.WAITING, SessionState.QUEUED, "lease expired", "n1",
                    T0.plusSeconds(20)));
            Session requeued = store.find(b).orElseThrow();
            assertEquals(0, requeued.portBase());
            assertEquals(null, requeued.ownerNode());
            assertTrue(store.updateExpected(b, 7, T0.plusSeconds(21)));
            store.requestStart(b, T0.plusSeconds(21));
            Session edited = store.find(b).orElseThrow();
            assertEquals(7, edited.expectedReceivers());
            assertTrue(edited.startRequested());
            assertEquals(List.of(a), store.ownedActive("n1").stream().map(Session::id).toList());
        }
    }

    @ParameterizedTest
    @EnumSource(StoreFixture.class)
    void receiversMergeCheckInAndSenderView(StoreFixture fixture) throws Exception {
        try (Database db = fixture.open()) {
            SessionStore sessions = new SessionStore(db);
            ReceiverStore receivers = new ReceiverStore(db);
            long s = sessions.create(spec("r"), null, T0);
            long r1 = receivers.checkIn(s, "127.0.0.2", "pc-2", "hash", T0);
            assertEquals(r1, receivers.checkIn(s, "127.0.0.2", "pc-2b", "hash2", T0));
            receivers.senderView(s, "127.0.0.2", "RECEIVING", 1000, 4000, 0, 3, true, "", T0.plusSeconds(1));
            receivers.senderView(s, "127.0.0.3", "CONNECTED", 0, 4000, 2.5e6, 0, false, null, T0.plusSeconds(1));
            receivers.report(r1, "RECEIVING", 500, 4000, 1e6, 1, T0.plusSeconds(2));
            List<ReceiverRecord> list = receivers.list(s);
            assertEquals(2, list.size());
            ReceiverRecord one = list.get(0);
            assertEquals("pc-2b", one.host());
            assertEquals(1000, one.bytes(), "position never goes backwards");
            assertEquals(4000, one.bytesTotal());
            assertEquals(3, one.retransmitRequests());
            assertTrue(one.lagging());
            assertEquals(Optional.of("hash2"), receivers.keyHash(r1));
            receivers.finish(r1, "COMPLETED", 0, "transfer complete", 4000, T0.plusSeconds(3));
            ReceiverRecord done = receivers.find(r1).orElseThrow();
            assertEquals(0, done.exitCode());
            assertFalse(done.lagging());
            assertEquals(null, list.get(1).exitCode());
            assertEquals(2.5e6, list.get(1).bytesPerSecond(), "the sender's estimate for one that never checked in");
            receivers.senderView(s, "127.0.0.2", "RECEIVING", 2000, 4000, 9e6, 3, false, "", T0.plusSeconds(4));
            assertEquals(1e6, receivers.find(r1).orElseThrow().bytesPerSecond(), "its own report stands");
        }
    }

    @ParameterizedTest
    @EnumSource(StoreFixture.class)
    void thePreflightVerdictIsStoredWithTheSession(StoreFixture fixture) throws Exception {
        try (Database db = fixture.open()) {
            SessionStore store = new SessionStore(db);
            long id = store.create(spec("pf"), null, T0);
            assertEquals(null, store.find(id).orElseThrow().preflightStatus());
            store.preflight(id, "fail", "x".repeat(5000), T0.plusSeconds(1));
            Session s = store.find(id).orElseThrow();
            assertEquals("fail", s.preflightStatus());
            assertEquals(4000, s.preflightDetail().length(), "cut to the column");
        }
    }

    @ParameterizedTest
    @EnumSource(StoreFixture.class)
    void receiversAndLogCountsOfSeveralSessionsAtOnce(StoreFixture fixture) throws Exception {
        try (Database db = fixture.open()) {
            SessionStore sessions = new SessionStore(db);
            ReceiverStore receivers = new ReceiverStore(db);
            long a = sessions.create(spec("a"), null, T0);
            long b = sessions.create(spec("b"), null, T0);
            long quiet = sessions.create(spec("quiet"), null, T0);
            receivers.checkIn(a, "127.0.0.2", "pc-2", "h", T0);
            receivers.checkIn(b, "127.0.0.3", "pc-3", "h", T0);
            receivers.checkIn(a, "127.0.0.4", "pc-4", "h", T0);
            sessions.log(a, "one", T0);
            sessions.log(a, "two", T0);
            sessions.log(b, "one", T0);

            Map<Long, List<ReceiverRecord>> bySession = receivers.listBySession(List.of(a, quiet));
            assertEquals(Set.of(a), bySession.keySet());
            assertEquals(List.of("127.0.0.2", "127.0.0.4"),
                    bySession.get(a).stream().map(ReceiverRecord::address).toList());
            assertEquals(Map.of(a, 2, b, 1), sessions.logLineCounts(List.of(a, b, quiet)));
            assertEquals(Map.of(), receivers.listBySession(List.of()));
            assertEquals(Map.of(), sessions.logLineCounts(List.of()));
        }
    }

    @ParameterizedTest
    @EnumSource(StoreFixture.class)
    void eachFileAReceiverGotIsKeptAndARefusalStands(StoreFixture fixture) throws Exception {
        try (Database db = fixture.open()) {
            SessionStore sessions = new SessionStore(db);
            ReceiverStore receivers = new ReceiverStore(db);
            long a = sessions.create(spec("a"), null, T0);
            receivers.senderView(a, "10.0.0.2", "COMPLETED", 100, 300, 0, 0, false, null, T0);
            receivers.recordPart(a, "10.0.0.2", 1, "sda1.img", "RECEIVING", 10, null, T0);
            receivers.recordPart(a, "10.0.0.2", 1, "sda1.img", "COMPLETED", 100, null, T0);
            receivers.recordPart(a, "10.0.0.2", 2, "sda2.img", "DROPPED", 5, "no answer", T0);
            // seen first in part 2: the refusal creates its row
            receivers.chainState(a, "10.0.0.3", "REFUSED", "part 2 (sda2.img): it did not complete part 1", T0);
            receivers.recordPart(a, "10.0.0.3", 2, "sda2.img", "REFUSED", 0, "part 2 (sda2.img): ...", T0);
            receivers.senderView(a, "10.0.0.3", "COMPLETED", 200, 300, 0, 0, false, null, T0);

            List<ReceiverRecord> rows = receivers.list(a);
            assertEquals(List.of("1 sda1.img COMPLETED 100", "2 sda2.img DROPPED 5"), rows.get(0).parts().stream()
                    .map(p -> p.part() + " " + p.file() + " " + p.result() + " " + p.bytes()).toList());
            assertEquals("no answer", rows.get(0).parts().get(1).reason());
            assertEquals("REFUSED", rows.get(1).state(), "the sender's view does not undo a refusal");
            assertEquals("part 2 (sda2.img): it did not complete part 1", rows.get(1).message());
            long id = rows.get(1).id();
            receivers.finish(id, "COMPLETED", 0, "done", 300, T0);
            ReceiverRecord refused = receivers.find(id).orElseThrow();
            assertEquals("REFUSED", refused.state(), "nor does its own final report");
            assertEquals("part 2 (sda2.img): it did not complete part 1", refused.message());
            assertEquals(List.of("REFUSED"), refused.parts().stream().map(p -> p.result()).toList());
            assertEquals(2, receivers.listBySession(List.of(a)).get(a).get(0).parts().size());
        }
    }

    @ParameterizedTest
    @EnumSource(StoreFixture.class)
    void settingsAndTokens(StoreFixture fixture) throws Exception {
        try (Database db = fixture.open()) {
            SettingsStore settings = new SettingsStore(db);
            settings.put("startingPort", "63100");
            settings.put("startingPort", "63200");
            assertEquals(Optional.of("63200"), settings.get("startingPort"));
            assertEquals(1, settings.all().size());
            TokenStore tokens = new TokenStore(db);
            tokens.add("ci", "ab".repeat(32), T0, null);
            tokens.add("login", "ef".repeat(32), T0, T0.plusSeconds(60));
            assertEquals(Optional.of("ci"), tokens.nameOf("ab".repeat(32), T0.plusSeconds(3600)));
            assertTrue(tokens.nameOf("cd".repeat(32), T0).isEmpty());
            assertEquals(Optional.of("login"), tokens.nameOf("ef".repeat(32), T0.plusSeconds(59)));
            assertTrue(tokens.nameOf("ef".repeat(32), T0.plusSeconds(60)).isEmpty(), "expired");
            assertEquals(1, tokens.purgeExpired(T0.plusSeconds(61)));
            assertEquals(Optional.of("ci"), tokens.nameOf("ab".repeat(32), T0.plusSeconds(61)));
        }
    }
}
