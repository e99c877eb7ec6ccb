package io.jcast.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jcast.server.session.Await;
import io.jcast.server.web.Http;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the service process mid-transfer, then a restart on the same data directory: no session
 * record is lost, the interrupted transfer is failed with a reason, the waiting session is queued and
 * started again, nothing stays "in progress", and nothing of the killed process survives.
 */
class CrashRecoveryIT {
    private static final String PASSWORD = "crash-test-pw";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void killLeftovers() throws Exception {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private record Child(Process process, Http admin) {
    }

    private Child startChild(Path data, Path images) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                CrashChild.class.getName(), data.toString(), images.toString(), PASSWORD)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        started.add(p);
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null && !line.startsWith("URL ")) {
            // skip anything printed before the URL
        }
        if (line == null) {
            throw new AssertionError("child service exited before printing its URL");
        }
        Http anonymous = new Http(line.substring(4));
        String token = anonymous.post("/api/login", "{\"password\":\"" + PASSWORD + "\"}").json().get("token")
                .asText();
        return new Child(p, new Http(line.substring(4)).bearer(token));
    }

    private static String state(Http http, long id) {
        return session(http, id).get("session").get("state").asText();
    }

    private static JsonNode session(Http http, long id) {
        return http.get("/api/sessions/" + id).json();
    }

    @Test
    void killNineMidTransferThenRestart() throws Exception {
        Path images = dir.resolve("images");
        Files.createDirectories(images);
        Files.write(images.resolve("disk.img"), new byte[50_000]);
        Path data = dir.resolve("data");

        Child first = startChild(data, images);
        long running = first.admin().post("/api/sessions",
                "{\"name\":\"running\",\"image\":\"disk.img\",\"expectedReceivers\":1}").json().get("id").asLong();
        long waiting = first.admin().post("/api/sessions",
                "{\"name\":\"waiting\",\"image\":\"disk.img\",\"expectedReceivers\":4}").json().get("id").asLong();
        long queued = first.admin().post("/api/sessions", "{\"name\":\"later\",\"image\":\"disk.img\","
                + "\"startAt\":\"2099-01-01T00:00:00Z\"}").json().get("id").asLong();
        Await.until("in progress and waiting", WAIT, () -> state(first.admin(), running).equals("IN_PROGRESS")
                && state(first.admin(), waiting).equals("WAITING"));

        List<ProcessHandle> tree = new ArrayList<>(first.process().descendants().toList());
        tree.add(first.process().toHandle());
        first.process().destroyForcibly();    // SIGKILL: no shutdown hook, no cleanup
        assertTrue(first.process().waitFor(10, TimeUnit.SECONDS));
        assertEquals(137, first.process().exitValue(), "killed by SIGKILL");
        Await.until("no process of the killed service left", WAIT, () -> tree.stream().noneMatch(ProcessHandle::isAlive));

        Child second = startChild(data, images);
        Http admin = second.admin();
        Await.until("reconciled", WAIT, () -> state(admin, running).equals("FAILED")
                && state(admin, waiting).equals("WAITING"));
        JsonNode failed = session(admin, running);
        assertTrue(failed.get("session").get("stateReason").asText()
                .contains("restarted during the transfer; its sender is gone"), failed.toString());
        List<String> waitingPath = new ArrayList<>();
        session(admin, waiting).get("transitions").forEach(t -> waitingPath.add(t.get("to").asText()));
        assertEquals(List.of("QUEUED", "WAITING", "QUEUED", "WAITING"), waitingPath);
        assertEquals("QUEUED", state(admin, queued));
        JsonNode all = admin.get("/api/sessions").json();
        assertEquals(3, all.size(), "no session record lost");
        for (JsonNode s : all) {
            assertFalse(s.get("state").asText().equals("IN_PROGRESS"), "nothing stuck in progress: " + s);
        }

        second.process().destroy();           // SIGTERM: graceful stop requeues the waiting session
        assertTrue(second.process().waitFor(20, TimeUnit.SECONDS));
        Child third = startChild(data, images);
        Await.until("claimed again after a graceful restart", WAIT,
                () -> state(third.admin(), waiting).equals("WAITING"));
        JsonNode t = session(third.admin(), waiting).get("transitions");
        assertTrue(t.get(t.size() - 2).get("reason").asText().contains("node local stopped before the transfer began"),
                t.toString());
    }
}
