package io.jcast.cli.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcast.cli.JcastCommand;
import io.jcast.server.JcastServer;
import io.jcast.server.ServerConfig;
import io.jcast.server.session.SenderFactory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code jcast receive --server URL --session NAME} against a real manager on loopback (interface lo). */
class ReceiveFromServerIT {
    private static final String PASSWORD = "receive-it-pw";
    @TempDir
    Path dir;
    private JcastServer server;
    private Path images;
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        images = Files.createDirectories(dir.resolve("images"));
        server = JcastServer.start(ServerConfig.defaults(dir.resolve("data")).withPort(0).withImageRoot(images)
                .withAdminPassword(PASSWORD).withTiming(Duration.ofMillis(100), Duration.ofSeconds(2)),
                SenderFactory.ENGINE);
        int port = 20000 + 2 * ThreadLocalRandom.current().nextInt(10000);
        String address = "239.255." + (1 + ThreadLocalRandom.current().nextInt(250)) + ".7";
        assertEquals(200, admin("PUT", "api/settings", "{\"interface\":\"lo\",\"startingPort\":\"" + port
                + "\",\"multicastAddress\":\"" + address + "\"}").statusCode());
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
        server.close();
    }

    private HttpResponse<String> admin(String method, String path, String json) throws Exception {
        String auth = Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.url()).resolve(path))
                .header("Authorization", "Basic " + auth).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private Future<Integer> receive(int index, String output, StringWriter err) {
        return pool.submit(() -> {
            CommandLine cl = JcastCommand.commandLine();
            cl.setErr(new PrintWriter(err, true));
            return cl.execute("receive", "--server", server.url(), "--session", "lab", "-i", "lo",
                    "--local-address", "127.0.0." + (2 + index), "-o", output, "--nokbd", "--no-progress",
                    "--start-timeout", "30", "--receive-timeout", "10");
        });
    }

    private static byte[] random(int size) {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        return b;
    }

    @Test
    void shouldReceiveASessionThroughTheManager() throws Exception {
        byte[] image = random(1_500_000 + 3);
        Files.write(images.resolve("disk.img"), image);
        assertEquals(201, admin("POST", "api/sessions",
                "{\"name\":\"lab\",\"image\":\"disk.img\",\"expectedReceivers\":2}").statusCode());
        StringWriter err0 = new StringWriter();
        StringWriter err1 = new StringWriter();
        List<Future<Integer>> rx = List.of(receive(0, dir.resolve("out0.img").toString(), err0),
                receive(1, dir.resolve("out1.img").toString(), err1));
        assertEquals(0, rx.get(0).get(90, TimeUnit.SECONDS), err0.toString());
        assertEquals(0, rx.get(1).get(90, TimeUnit.SECONDS), err1.toString());
        assertArrayEquals(image, Files.readAllBytes(dir.resolve("out0.img")));
        assertArrayEquals(image, Files.readAllBytes(dir.resolve("out1.img")));
        String detail = "";
        for (int i = 0; i < 100 && !detail.contains("\"COMPLETE\""); i++) {
            Thread.sleep(100);
            detail = admin("GET", "api/sessions", "").body();
        }
        assertTrue(detail.contains("\"COMPLETE\""), detail);
    }

    @Test
    void shouldWriteEveryPartitionOfADirectorySessionIntoTheOutputDirectory() throws Exception {
        Files.createDirectories(images.resolve("pc1"));
        byte[] p1 = random(200_000);
        byte[] p2 = random(500_001);
        Files.write(images.resolve("pc1/sda1.img"), p1);
        Files.write(images.resolve("pc1/sda2.img"), p2);
        assertEquals(201, admin("POST", "api/sessions",
                "{\"name\":\"lab\",\"image\":\"pc1\",\"expectedReceivers\":1}").statusCode());
        Path out = Files.createDirectories(dir.resolve("restore"));
        StringWriter err = new StringWriter();
        assertEquals(0, receive(0, out.toString(), err).get(90, TimeUnit.SECONDS), err.toString());
        assertArrayEquals(p1, Files.readAllBytes(out.resolve("sda1.img")));
        assertArrayEquals(p2, Files.readAllBytes(out.resolve("sda2.img")));
    }

    @Test
    void shouldRefuseAnUnknownSessionAndAHalfGivenServerOption() throws Exception {
        StringWriter err = new StringWriter();
        assertEquals(2, receive(0, dir.resolve("x").toString(), err).get(30, TimeUnit.SECONDS));
        assertTrue(err.toString().contains("session lab on"), err.toString());
        CommandLine cl = JcastCommand.commandLine();
        StringWriter err2 = new StringWriter();
        cl.setErr(new PrintWriter(err2, true));
        assertEquals(2, cl.execute("receive", "--session", "lab", "-o", dir.resolve("y").toString()));
        assertTrue(err2.toString().contains("--server and --session go together"), err2.toString());
    }
}
