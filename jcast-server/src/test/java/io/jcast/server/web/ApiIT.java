package io.jcast.server.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jcast.server.JcastServer;
import io.jcast.server.ServerConfig;
import io.jcast.server.session.Await;
import io.jcast.server.session.FakeSenders;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The REST API over HTTP on 127.0.0.1 with a scripted sender: auth, validation, check-in, SSE, queue. */
class ApiIT {
    private static final String PASSWORD = "correct horse battery";
    @TempDir
    static Path dir;
    static JcastServer server;
    static FakeSenders senders;
    static Http anonymous;
    static Http admin;
    static byte[] image;

    @BeforeAll
    static void start() throws Exception {
        Path images = dir.resolve("images");
        Files.createDirectories(images);
        image = new byte[200_000];
        new java.util.Random(7).nextBytes(image);
        Files.write(images.resolve("disk.img"), image);
        Files.write(dir.resolve("secret.txt"), new byte[] {1});
        Files.createSymbolicLink(images.resolve("escape.img"), dir.resolve("secret.txt"));
        senders = new FakeSenders("127.0.0.2", "127.0.0.3");
        server = JcastServer.start(ServerConfig.defaults(dir.resolve("data")).withPort(0).withImageRoot(images)
                .withAdminPassword(PASSWORD).withTiming(Duration.ofMillis(50), Duration.ofSeconds(1))
                .withUnicastSlots(1), senders);
        anonymous = new Http(server.url());
        String token = anonymous.post("/api/login", "{\"password\":\"" + PASSWORD + "\"}").json().get("token")
                .asText();
        admin = new Http(server.url()).bearer(token);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void bindsToLoopbackAndServesTheOpenApiFileAndTheUi() {
        assertTrue(server.url().startsWith("http://127.0.0.1:"));
        Http.Response spec = anonymous.get("/api/openapi.yaml");
        assertEquals(200, spec.status());
        assertTrue(spec.body().startsWith("openapi: 3"));
        Http.Response page = anonymous.get("/");
        assertTrue(page.body().contains("jcast sessions"));
        assertEquals("DENY", page.raw().headers().firstValue("X-Frame-Options").orElse(""));
        assertTrue(page.raw().headers().firstValue("Content-Security-Policy").orElse("")
                .contains("default-src 'self'"));
        assertEquals("nosniff", spec.raw().headers().firstValue("X-Content-Type-Options").orElse(""));
        assertEquals(404, anonymous.get("/api/nothing").status());
    }

    /** openapi.yaml names every route the service serves, and only those (path and method). */
    @Test
    void everyRouteIsInTheOpenApiFileAndViceVersa() {
        Pattern pathLine = Pattern.compile("^  (/\\S*):$");
        Pattern methodLine = Pattern.compile("^    (get|post|put|patch|delete):");
        List<String> described = new ArrayList<>();
        String path = null;
        for (String line : anonymous.get("/api/openapi.yaml").body().split("\n")) {
            Matcher p = pathLine.matcher(line);
            Matcher m = methodLine.matcher(line);
            if (p.find()) {
                path = p.group(1);
            } else if (m.find() && path != null) {
                described.add(m.group(1).toUpperCase(Locale.ROOT) + " " + path);
            }
        }
        assertEquals(new TreeSet<>(server.routes()), new TreeSet<>(described));
        assertEquals(server.routes().size(), described.size(), "each once: " + described);
    }

    @Test
    void changesNeedAuthentication() {
        Http.Response r = anonymous.post("/api/sessions", "{\"name\":\"x\",\"image\":\"disk.img\"}");
        assertEquals(401, r.status());
        assertTrue(r.json().get("error").asText().startsWith("authentication required"));
        assertEquals(401, anonymous.post("/api/login", "{\"password\":\"wrong\"}").status());
        assertEquals(401, new Http(server.url()).bearer("forged").post("/api/sessions/1/cancel", null).status());
        assertEquals(401, new Http(server.url()).basic("admin", "wrong").send("PUT", "/api/settings", "{}", null)
                .status());
        assertEquals(200, new Http(server.url()).basic("admin", PASSWORD).send("PUT", "/api/settings", "{}", null)
                .status());
    }

    @Test
    void invalidInputGetsAClear400() {
        assertError(400, "name: 1-64",
                admin.post("/api/sessions", "{\"name\":\"bad name;rm\",\"image\":\"disk.img\"}"));
        assertError(400, "must not contain '..'",
                admin.post("/api/sessions", "{\"name\":\"a\",\"image\":\"../secret.txt\"}"));
        assertError(400, "relative", admin.post("/api/sessions", "{\"name\":\"a\",\"image\":\"/etc/passwd\"}"));
        assertError(400, "outside the image root",
                admin.post("/api/sessions", "{\"name\":\"a\",\"image\":\"escape.img\"}"));
        assertError(400, "not found", admin.post("/api/sessions", "{\"name\":\"a\",\"image\":\"none.img\"}"));
        assertError(400, "unknown field 'colour'",
                admin.post("/api/sessions", "{\"name\":\"a\",\"image\":\"disk.img\",\"colour\":1}"));
        assertError(400, "malformed JSON", admin.post("/api/sessions", "{\"name\":"));
        assertError(400, "expectedReceivers must be",
                admin.post("/api/sessions", "{\"name\":\"a\",\"image\":\"disk.img\",\"expectedReceivers\":0}"));
        assertError(400, "fec:", admin.post("/api/sessions", "{\"name\":\"a\",\"image\":\"disk.img\",\"fec\":\"x\"}"));
        assertError(400, "startAt", admin.post("/api/sessions",
                "{\"name\":\"a\",\"image\":\"disk.img\",\"startAt\":\"tomorrow\"}"));
        assertError(400, "id must be a number", admin.get("/api/sessions/abc"));
        assertError(404, "no session", admin.get("/api/sessions/99999"));
        assertError(400, "startingPort", admin.send("PUT", "/api/settings", "{\"startingPort\":\"80\"}", null));
        assertError(400, "unknown setting", admin.send("PUT", "/api/settings", "{\"colour\":\"red\"}", null));
        assertError(400, "multicast address",
                admin.send("PUT", "/api/settings", "{\"multicastAddress\":\"10.0.0.1\"}", null));
    }

    @Test
    void sessionRunsWithCheckedInReceiversAndLiveProgress() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<java.io.InputStream> sse = client.send(HttpRequest.newBuilder(
                URI.create(server.url() + "api/events")).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, sse.statusCode());

        Http.Response created = admin.post("/api/sessions",
                "{\"name\":\"lab1\",\"image\":\"disk.img\",\"expectedReceivers\":3,\"maxWaitSeconds\":0}");
        assertEquals(201, created.status(), created.body());
        long id = created.json().get("id").asLong();
        assertError(409, "already queued or running",
                admin.post("/api/sessions", "{\"name\":\"lab1\",\"image\":\"disk.img\"}"));

        Http.Response reg = anonymous.post("/api/checkin",
                "{\"session\":\"lab1\",\"host\":\"pc-2\",\"address\":\"127.0.0.2\"}");
        assertEquals(201, reg.status(), reg.body());
        long receiverId = reg.json().get("receiverId").asLong();
        String key = reg.json().get("key").asText();
        assertEquals(200_000, reg.json().get("session").get("totalBytes").asLong());
        assertError(404, "no queued or running session", anonymous.post("/api/checkin", "{\"session\":\"nope\"}"));
        assertError(400, "address", anonymous.post("/api/checkin", "{\"session\":\"lab1\",\"address\":\"evil.com\"}"));

        Await.until("claimed", Duration.ofSeconds(10), () -> admin.get("/api/sessions/" + id).json()
                .get("session").get("state").asText().equals("WAITING"));
        JsonNode params = anonymous.send("GET", "/api/checkin/" + receiverId, null,
                new String[] {"X-Check-In-Key", key}).json();
        assertEquals(63100, params.get("portBase").asInt());
        assertEquals("239.255.100.1", params.get("multicastAddress").asText());
        assertError(403, "wrong check-in key", anonymous.send("POST", "/api/checkin/" + receiverId + "/progress",
                "{\"bytes\":1}", new String[] {"X-Check-In-Key", "guess"}));

        // Only two of three expected joined: the expected count is lowered while waiting.
        assertEquals(200, admin.send("PATCH", "/api/sessions/" + id, "{\"expectedReceivers\":2}", null).status());
        Await.until("complete", Duration.ofSeconds(10), () -> admin.get("/api/sessions/" + id).json()
                .get("session").get("state").asText().equals("COMPLETE"));
        assertEquals(204, anonymous.send("POST", "/api/checkin/" + receiverId + "/result",
                "{\"exitCode\":0,\"message\":\"transfer complete\",\"bytes\":200000}",
                new String[] {"X-Check-In-Key", key}).status());

        JsonNode detail = admin.get("/api/sessions/" + id).json();
        assertEquals(100.0, detail.get("session").get("percent").asDouble());
        JsonNode receivers = detail.get("receivers");
        assertEquals(2, receivers.size());
        // Rows are in creation order, and the sender may see the other receiver before pc-2 checks in.
        int checkedIn = "127.0.0.2".equals(receivers.get(0).get("address").asText()) ? 0 : 1;
        assertEquals("pc-2", receivers.get(checkedIn).get("host").asText());
        assertEquals(0, receivers.get(checkedIn).get("exitCode").asInt());
        assertEquals("COMPLETED", receivers.get(1 - checkedIn).get("state").asText());
        assertTrue(detail.get("transitions").size() >= 4);
        assertError(409, "already COMPLETE", admin.post("/api/sessions/" + id + "/cancel", null));

        try (BufferedReader lines = new BufferedReader(new InputStreamReader(sse.body(), StandardCharsets.UTF_8))) {
            String line;
            boolean sawComplete = false;
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!sawComplete && System.nanoTime() < deadline && (line = lines.readLine()) != null) {
                sawComplete = line.startsWith("data:") && line.contains("\"lab1\"") && line.contains("COMPLETE");
            }
            assertTrue(sawComplete, "the SSE stream reported the session complete");
        }

        String metrics = anonymous.get("/metrics").body();
        assertTrue(metrics.contains("jcast_sessions{state=\"complete\""), metrics);
        assertTrue(metrics.contains("jcast_sent_bytes_total"), metrics);
        assertTrue(metrics.contains("jcast_unicast_queue_length"), metrics);
    }

    @Test
    void diagnosticsRunTheDoctorOnThisNode() {
        assertEquals(401, anonymous.post("/api/diagnostics", "{\"interfaceName\":\"lo\"}").status());
        assertError(400, "unknown interface", admin.post("/api/diagnostics", "{\"interfaceName\":\"nosuch9\"}"));
        assertError(400, "interface:", admin.post("/api/diagnostics", "{\"interfaceName\":\"lo; reboot\"}"));
        assertError(400, "is not a host name", admin.post("/api/diagnostics", "{\"peers\":[\"a b\"]}"));
        Http.Response r = admin.post("/api/diagnostics", "{\"interfaceName\":\"lo\"}");
        assertEquals(200, r.status(), r.body());
        JsonNode report = r.json();
        assertEquals("lo", report.get("interface").asText());
        assertTrue(report.get("checks").size() > 3, r.body());
        assertTrue(report.get("verdict").hasNonNull("text"), r.body());
    }

    @Test
    void unicastQueueServesInOrderWithRanges() {
        JsonNode a = anonymous.post("/api/downloads", "{\"image\":\"disk.img\"}").json();
        JsonNode b = anonymous.post("/api/downloads", "{\"image\":\"disk.img\"}").json();
        assertEquals(0, a.get("position").asInt());
        assertEquals(1, b.get("position").asInt());
        String ta = a.get("ticket").asText();
        String tb = b.get("ticket").asText();
        Http.Response queued = anonymous.get("/api/downloads/" + tb + "/data");
        assertEquals(503, queued.status());
        assertEquals(1, queued.json().get("position").asInt());

        HttpResponse<byte[]> part = bytes("/api/downloads/" + ta + "/data", "bytes=100-199");
        assertEquals(206, part.statusCode());
        assertEquals("bytes 100-199/200000", part.headers().firstValue("Content-Range").orElse(""));
        assertArrayEquals(Arrays.copyOfRange(image, 100, 200), part.body());
        HttpResponse<byte[]> rest = bytes("/api/downloads/" + ta + "/data", "bytes=150000-");
        assertArrayEquals(Arrays.copyOfRange(image, 150_000, 200_000), rest.body());
        assertEquals(416, bytes("/api/downloads/" + ta + "/data", "bytes=300000-").statusCode());

        assertEquals(204, anonymous.send("DELETE", "/api/downloads/" + ta, null, null).status());
        assertEquals(0, anonymous.get("/api/downloads/" + tb).json().get("position").asInt());
        HttpResponse<byte[]> whole = bytes("/api/downloads/" + tb + "/data", null);
        assertEquals(200, whole.statusCode());
        assertArrayEquals(image, whole.body());
        anonymous.send("DELETE", "/api/downloads/" + tb, null, null);
        assertError(400, "outside the image root", anonymous.post("/api/downloads", "{\"image\":\"escape.img\"}"));
    }

    private static HttpResponse<byte[]> bytes(String path, String range) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path.substring(1)));
        if (range != null) {
            b.header("Range", range);
        }
        try {
            return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void assertError(int status, String fragment, Http.Response r) {
        assertEquals(status, r.status(), r.body());
        String error = r.json().get("error").asText();
        assertTrue(error.contains(fragment), "error '" + error + "' should contain '" + fragment + "'");
    }
}
