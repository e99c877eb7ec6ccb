package io.jcast.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jcast.server.session.Await;
import io.jcast.server.session.FakeSenders;
import io.jcast.server.store.TestPostgres;
import io.jcast.server.web.Http;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two service instances on one real PostgreSQL: a session is never run by both, ports and addresses
 * never collide across nodes, and when a node dies its waiting sessions are taken over after the lease
 * expires (its interrupted transfer is failed, not run twice).
 */
@Tag("postgres")
class MultiNodeIT {
    private static final String PASSWORD = "two-nodes-pw";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private JcastServer node(String url, String id, FakeSenders senders) throws Exception {
        return JcastServer.start(ServerConfig.defaults(dir.resolve(id)).withDatabase(url, null, null).withNode(id)
                .withPort(0).withImageRoot(dir.resolve("images")).withAdminPassword(PASSWORD)
                .withTiming(Duration.ofMillis(100), Duration.ofSeconds(1)), senders);
    }

    private static Http admin(JcastServer server) {
        return new Http(server.url()).basic("admin", PASSWORD);
    }

    private static JsonNode session(Http http, long id) {
        return http.get("/api/sessions/" + id).json().get("session");
    }

    private static long create(Http http, String name, int expected) {
        Http.Response r = http.post("/api/sessions", "{\"name\":\"" + name + "\",\"image\":\"" + name
                + ".img\",\"expectedReceivers\":" + expected + "}");
        assertEquals(201, r.status(), r.body());
        return r.json().get("id").asLong();
    }

    private static Map<String, Integer> opensPerImage(FakeSenders... nodes) {
        Map<String, Integer> opens = new HashMap<>();
        for (FakeSenders n : nodes) {
            n.opened.forEach(t -> opens.merge(t.config.file().getFileName().toString(), 1, Integer::sum));
        }
        return opens;
    }

    @Test
    void concurrentNodesNeverClaimTheSameSessionOrPort() throws Exception {
        String url = TestPostgres.newDatabase();
        Files.createDirectories(dir.resolve("images"));
        FakeSenders s1 = new FakeSenders("127.0.0.2");
        FakeSenders s2 = new FakeSenders("127.0.0.2");
        try (JcastServer n1 = node(url, "n1", s1); JcastServer n2 = node(url, "n2", s2)) {
            Http a1 = admin(n1);
            Http a2 = admin(n2);
            int count = 16;
            long[] ids = new long[count];
            for (int i = 0; i < count; i++) {
                Files.write(dir.resolve("images/s" + i + ".img"), new byte[100]);
                ids[i] = create(i % 2 == 0 ? a1 : a2, "s" + i, 5);
            }
            Await.until("all waiting", WAIT, () -> java.util.Arrays.stream(ids)
                    .allMatch(id -> session(a1, id).get("state").asText().equals("WAITING")));
            // A claim is committed before its runner thread opens the sender.
            Await.until("all senders open", WAIT, () -> opensPerImage(s1, s2).size() == count);
            Thread.sleep(500);
            Map<String, Integer> opens = opensPerImage(s1, s2);
            assertEquals(count, opens.size());
            assertTrue(opens.values().stream().allMatch(n -> n == 1), "each session ran once: " + opens);
            Set<Integer> ports = new HashSet<>();
            Set<String> addresses = new HashSet<>();
            Set<String> owners = new HashSet<>();
            for (long id : ids) {
                JsonNode s = session(a2, id);
                ports.add(s.get("portBase").asInt());
                addresses.add(s.get("multicastAddress").asText());
                owners.add(s.get("ownerNode").asText());
            }
            assertEquals(count, ports.size(), "ports are distinct across nodes");
            assertEquals(count, addresses.size(), "addresses are distinct across nodes");
            assertTrue(owners.contains("n1") || owners.contains("n2"));
        }
    }

    @Test
    void twoServiceProcessesKillNineOneTheOtherTakesOver() throws Exception {
        String url = TestPostgres.newDatabase();
        Path images = Files.createDirectories(dir.resolve("images"));
        Files.write(images.resolve("x.img"), new byte[100]);
        Files.write(images.resolve("y.img"), new byte[100]);
        ServiceProcess p1 = ServiceProcess.start(PASSWORD, dir.resolve("p1").toString(), images.toString(), PASSWORD,
                url, "p1");
        ServiceProcess p2 = null;
        try {
            long running = create(p1.admin(), "x", 1);
            long waiting = create(p1.admin(), "y", 5);
            Await.until("p1 runs both", WAIT, () -> session(p1.admin(), running).get("state").asText()
                    .equals("IN_PROGRESS") && session(p1.admin(), waiting).get("state").asText().equals("WAITING"));
            p2 = ServiceProcess.start(PASSWORD, dir.resolve("p2").toString(), images.toString(), PASSWORD, url, "p2");
            Http a2 = p2.admin();
            Thread.sleep(1000);
            assertEquals("p1", session(a2, waiting).get("ownerNode").asText(), "a live node keeps its sessions");

            p1.kill();

            Await.until("p2 takes over", WAIT, () -> session(a2, waiting).get("ownerNode").asText().equals("p2")
                    && session(a2, waiting).get("state").asText().equals("WAITING"));
            JsonNode failed = session(a2, running);
            assertEquals("FAILED", failed.get("state").asText());
            assertTrue(failed.get("stateReason").asText().contains("node p1 stopped renewing its lease"));
        } finally {
            p1.kill();
            if (p2 != null) {
                p2.kill();
            }
        }
    }

    @Test
    void waitingSessionsOfADeadNodeAreTakenOverAfterTheLease() throws Exception {
        String url = TestPostgres.newDatabase();
        Files.createDirectories(dir.resolve("images"));
        for (String n : List.of("a", "b", "c", "d", "e")) {
            Files.write(dir.resolve("images/" + n + ".img"), new byte[100]);
        }
        FakeSenders s1 = new FakeSenders("127.0.0.2").holding();
        FakeSenders s2 = new FakeSenders("127.0.0.2").holding();
        JcastServer n1 = node(url, "n1", s1);
        Http a1 = admin(n1);
        assertEquals(200, a1.send("PUT", "/api/settings", "{\"maxSessions\":\"3\"}", null).status());
        long running = create(a1, "a", 1);
        long b = create(a1, "b", 5);
        long c = create(a1, "c", 5);
        Await.until("n1 runs three", WAIT, () -> session(a1, running).get("state").asText().equals("IN_PROGRESS")
                && session(a1, b).get("state").asText().equals("WAITING")
                && session(a1, c).get("state").asText().equals("WAITING"));

        try (JcastServer n2 = node(url, "n2", s2)) {
            Http a2 = admin(n2);
            long d = create(a2, "d", 5);
            long e = create(a2, "e", 5);
            Await.until("n2 claims the rest", WAIT, () -> session(a2, d).get("ownerNode").asText().equals("n2")
                    && session(a2, e).get("ownerNode").asText().equals("n2"));
            assertEquals(200, a2.send("PUT", "/api/settings", "{\"maxSessions\":\"5\"}", null).status());

            n1.crash();   // n1 dies: it writes nothing more; its leases run out

            Await.until("take-over", WAIT, () -> session(a2, b).get("ownerNode").asText().equals("n2")
                    && session(a2, c).get("ownerNode").asText().equals("n2")
                    && session(a2, b).get("state").asText().equals("WAITING")
                    && session(a2, c).get("state").asText().equals("WAITING"));
            JsonNode failed = session(a2, running);
            assertEquals("FAILED", failed.get("state").asText());
            assertTrue(failed.get("stateReason").asText().contains("node n1 stopped renewing its lease during the "
                    + "transfer"), failed.toString());
            JsonNode bTransitions = a2.get("/api/sessions/" + b).json().get("transitions");
            assertTrue(bTransitions.toString().contains("node n1 stopped renewing its lease before the transfer "
                    + "began; queued again"), bTransitions.toString());
            // a claimed session's sender opens after its pre-flight, a moment after the session shows WAITING
            Await.until("n2's senders open", WAIT, () -> s2.opened.size() >= 4);
            Map<String, Integer> opens = opensPerImage(s2);
            assertEquals(Map.of("b.img", 1, "c.img", 1, "d.img", 1, "e.img", 1), opens,
                    "n2 runs the taken-over sessions once and never the failed one");
            assertEquals(Map.of("a.img", 1, "b.img", 1, "c.img", 1), opensPerImage(s1));
        }
    }
}
