package io.jcast.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jcast.server.session.Await;
import io.jcast.server.web.Http;
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

    private ServiceProcess startChild(Path data, Path images) throws Exception {
        ServiceProcess p = ServiceProcess.start(PASSWORD, data.toString(), images.toString(), PASSWORD);
        started.add(p.process());
        return p;
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

        ServiceProcess first = startChild(data, images);
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
        Await.until("no process of the killed service left", WAIT,
                () -> tree.stream().noneMatch(ProcessHandle::isAlive));

        ServiceProcess second = startChild(data, images);
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
        ServiceProcess third = startChild(data, images);
        Await.until("claimed again after a graceful restart", WAIT,
                () -> state(third.admin(), waiting).equals("WAITING"));
        JsonNode t = session(third.admin(), waiting).get("transitions");
        assertTrue(t.get(t.size() - 2).get("reason").asText().contains("node local stopped before the transfer began"),
                t.toString());
    }
}
