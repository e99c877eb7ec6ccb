package io.jcast.server.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcast.server.model.ReceiverRecord;
import io.jcast.server.model.SessionState;
import io.jcast.server.store.Database;
import io.jcast.server.store.ReceiverStore;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A directory session of three partition files: a host that did not complete a file is refused for the next one,
 * later files wait the session's part wait, and each receiver's files are stored; scripted sender, embedded H2.
 */
class PartChainsTest {
    private static final Duration TICK = Duration.ofMillis(50);
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    private Database db;
    private Path images;

    @BeforeEach
    void setUp() throws Exception {
        db = Database.open(Database.h2Url(dir.resolve("db")), null, null);
        images = Files.createDirectories(dir.resolve("images/parts"));
        Files.write(images.resolve("sda1.img"), new byte[3_000]);
        Files.write(images.resolve("sda2.img"), new byte[5_000]);
        Files.write(images.resolve("sda3.img"), new byte[2_000]);
        images = images.getParent();
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private TestNode node(FakeSenders senders) throws Exception {
        return new TestNode(db, images, senders, "n1", TICK, Duration.ofSeconds(1)).start();
    }

    private static NewSession session(int expected, int maxWait, Integer partWait) {
        return new NewSession("lab", "parts", expected, maxWait, partWait, null, "lo", null, null, null);
    }

    private static Map<String, ReceiverRecord> rows(List<ReceiverRecord> receivers) {
        return receivers.stream().collect(Collectors.toMap(ReceiverRecord::address, r -> r));
    }

    private static List<String> parts(ReceiverRecord r) {
        return r.parts().stream().map(p -> p.file() + " " + p.result()).toList();
    }

    @Test
    void aHostDroppedFromOneFileIsRefusedForTheNextAndNotWaitedFor() throws Exception {
        // 127.0.0.4 is dropped during sda1 (it rebooted) and its next udp-receiver run meets sda2's sender
        FakeSenders senders = new FakeSenders("127.0.0.2", "127.0.0.3", "127.0.0.4")
                .dropIn(0, "127.0.0.4")
                .part(2, "127.0.0.2", "127.0.0.3");
        long id;
        try (TestNode n = node(senders)) {
            id = n.service.create(session(3, 0, 30)).id();
            Await.until("complete", WAIT, () -> n.state(id) == SessionState.COMPLETE);
            assertEquals("2 of 3 receivers finished; 127.0.0.4 was refused: part 2 (sda2.img): it did not complete "
                    + "part 1 (sda1.img) (dropped)", n.sessions.find(id).orElseThrow().stateReason());
            // sda2 waited for the two that completed sda1; the third was turned away by the sender
            assertEquals(2, senders.opened.get(1).config.startPolicy().expectedReceivers());
            assertEquals(2, senders.opened.get(1).policy().expectedReceivers());
            assertEquals(List.of("127.0.0.2", "127.0.0.3"), senders.opened.get(1).joined);
            // FOG's udp-receivers hear no group HELLO: those due back are greeted by unicast
            assertEquals(List.of(), senders.opened.get(0).config.unicastHelloTo());
            assertEquals(List.of("127.0.0.2", "127.0.0.3"), senders.opened.get(1).config.unicastHelloTo().stream()
                    .map(InetAddress::getHostAddress).sorted().toList());
            assertEquals(1, n.service.log(id).stream().filter(l -> l.message().equals("refused 127.0.0.4: part 2 "
                    + "(sda2.img): it did not complete part 1 (sda1.img) (dropped); its receiver was turned away, "
                    + "so it writes nothing of this file")).count(), "logged once, however often it asks: "
                    + n.service.log(id));
        }
        db.close();
        db = Database.open(Database.h2Url(dir.resolve("db")), null, null);
        Map<String, ReceiverRecord> rows = rows(new ReceiverStore(db).list(id));
        assertEquals(List.of("sda1.img COMPLETED", "sda2.img COMPLETED", "sda3.img COMPLETED"),
                parts(rows.get("127.0.0.2")), "kept across a restart");
        assertEquals(10_000, rows.get("127.0.0.2").bytes());
        ReceiverRecord refused = rows.get("127.0.0.4");
        assertEquals("REFUSED", refused.state());
        assertEquals(List.of("sda1.img DROPPED", "sda2.img REFUSED"), parts(refused));
        assertEquals("no answer for --retries-until-drop rounds", refused.parts().get(0).reason());
    }

    @Test
    void aHostThatDoesNotComeBackIsWaitedForOnlyThePartWait() throws Exception {
        FakeSenders senders = new FakeSenders("127.0.0.2", "127.0.0.3").part(1, "127.0.0.2")
                .part(2, "127.0.0.2");
        try (TestNode n = node(senders)) {
            long id = n.service.create(session(2, 0, 1)).id();
            Await.until("complete", WAIT, () -> n.state(id) == SessionState.COMPLETE);
            assertEquals(Duration.ofSeconds(1), senders.opened.get(1).config.startPolicy().maxWait());
            assertEquals(Duration.ZERO, senders.opened.get(0).config.startPolicy().maxWait(),
                    "the first file keeps the max wait");
            assertEquals(1, senders.opened.get(2).config.startPolicy().expectedReceivers());
            Map<String, ReceiverRecord> rows = rows(n.service.receivers(id));
            assertEquals("DROPPED", rows.get("127.0.0.3").state());
            assertEquals(List.of("sda1.img COMPLETED", "sda2.img MISSING"), parts(rows.get("127.0.0.3")));
            assertEquals("1 of 2 receivers finished; 127.0.0.3 was dropped: it did not come back for part 2 "
                    + "(sda2.img)", n.sessions.find(id).orElseThrow().stateReason());
            assertEquals(Duration.ofSeconds(1), n.sessions.find(id).orElseThrow().partWait());
        }
    }

    @Test
    void aChainWithNobodyLeftStops() throws Exception {
        FakeSenders senders = new FakeSenders("127.0.0.2").dropIn(0, "127.0.0.2");
        try (TestNode n = node(senders)) {
            long id = n.service.create(session(1, 0, null)).id();
            Await.until("failed", WAIT, () -> n.state(id) == SessionState.FAILED);
            assertEquals(1, senders.opened.size());
            assertEquals("part 2 (sda2.img) not sent: no receiver completed part 1 (sda1.img); 0 of 1 receivers "
                    + "finished; 127.0.0.2 was dropped: no answer for --retries-until-drop rounds",
                    n.sessions.find(id).orElseThrow().stateReason());
            assertEquals(Duration.ofSeconds(SessionService.DEFAULT_PART_WAIT_SECONDS),
                    n.sessions.find(id).orElseThrow().partWait());
        }
    }

    @Test
    void aPartWaitOutOfRangeIsAOneLineError() throws Exception {
        try (TestNode n = node(new FakeSenders())) {
            SessionError e = assertThrows(SessionError.class,
                    () -> n.service.create(session(1, 0, 0)));
            assertEquals("partWaitSeconds must be 1..86400, got 0", e.getMessage());
        }
    }
}
