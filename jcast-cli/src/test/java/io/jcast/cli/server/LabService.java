package io.jcast.cli.server;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jcast.cli.interop.Programs;
import io.jcast.testkit.NetLab;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * {@code jcast serve} on host 0 of a namespace lab, asked with curl inside host 0 (the lab is not routed from here).
 * Its sessions start on a random even port pair of 20000-39999, so that a lingering lab cannot answer.
 */
final class LabService {
    static final int HTTP_PORT = 8080;
    private static final String PASSWORD = "lab-service";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final NetLab lab;
    private final Path dir;
    /** The first session port the service hands out. */
    final int portBase;

    private LabService(NetLab lab, Path dir, int portBase) {
        this.lab = lab;
        this.dir = dir;
        this.portBase = portBase;
    }

    /** Starts the service (data and stderr under {@code dir}), waits until it answers, sets interface and ports. */
    static LabService start(NetLab lab, Path dir, Path imageRoot, String multicastAddress) throws Exception {
        Path pw = Files.writeString(dir.resolve("admin-password"), PASSWORD);
        Programs.start(lab, 0, "serve", Programs.jcast("serve", "--data-dir", dir.resolve("data").toString(),
                "--image-root", imageRoot.toString(), "--bind", "0.0.0.0", "--port", String.valueOf(HTTP_PORT),
                "--admin-password-file", pw.toString()), dir, null);
        LabService service = new LabService(lab, dir, 20000 + 2 * ThreadLocalRandom.current().nextInt(10000));
        service.awaitHttp();
        service.api("PUT", "api/settings", "{\"interface\":\"" + NetLab.INTERFACE + "\",\"startingPort\":\""
                + service.portBase + "\",\"multicastAddress\":\"" + multicastAddress + "\"}");
        return service;
    }

    /** One authenticated REST call; the body it answered. */
    String api(String method, String path, String json) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("curl", "-s", "-S", "-f", "-X", method, "-u", "admin:" + PASSWORD));
        if (json != null) {
            cmd.addAll(List.of("-H", "Content-Type: application/json", "-d", json));
        }
        cmd.add("http://127.0.0.1:" + HTTP_PORT + "/" + path);
        return lab.exec(0, cmd.toArray(String[]::new));
    }

    /** Creates a session from its JSON; returns the session as created. */
    JsonNode createSession(String json) throws IOException {
        return JSON.readTree(api("POST", "api/sessions", json));
    }

    String metrics() throws IOException {
        return lab.exec(0, "curl", "-s", "-S", "-f", "http://127.0.0.1:" + HTTP_PORT + "/metrics");
    }

    /** The session's log, or nothing when it cannot be read (it only decorates a failure). */
    String logOf(long id) {
        try {
            return api("GET", "api/sessions/" + id + "/log", null);
        } catch (IOException e) {
            return "";
        }
    }

    JsonNode awaitSession(long id, String state) throws Exception {
        return awaitSessionWhere(id, state, n -> n.at("/session/state").asText().equals(state));
    }

    JsonNode awaitSessionWhere(long id, String what, Predicate<JsonNode> done) throws Exception {
        JsonNode last = null;
        for (int i = 0; i < 300; i++) {
            last = JSON.readTree(api("GET", "api/sessions/" + id, null));
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(200);
        }
        fail("session " + id + " not " + what + " within 60 s: " + last + "\nlog: " + logOf(id));
        return last;
    }

    /**
     * Waits until the session's sender listens on its port (it logged its control address): a udp-receiver with a
     * unicast rendezvous asks once, and a request before that is lost.
     */
    JsonNode awaitSenderListening(long id) throws Exception {
        return awaitSessionWhere(id, "waiting with its sender listening", n -> n.at("/session/state").asText()
                .equals("WAITING") && logOf(id).contains("control messages via"));
    }

    /** A session's receiver rows by address. */
    static Map<String, JsonNode> rows(JsonNode session) {
        Map<String, JsonNode> rows = new HashMap<>();
        session.get("receivers").forEach(r -> rows.put(r.get("address").asText(), r));
        return rows;
    }

    private void awaitHttp() throws Exception {
        IOException last = null;
        for (int i = 0; i < 150; i++) {
            try {
                api("GET", "api/settings", null);
                return;
            } catch (IOException e) {
                last = e;
                Thread.sleep(200);
            }
        }
        fail("jcast serve did not answer within 30 s: " + last + "\n" + Files.readString(dir.resolve("serve.stderr")));
    }
}
