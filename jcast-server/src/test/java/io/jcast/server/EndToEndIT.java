package io.jcast.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.jcast.server.session.Await;
import io.jcast.transfer.ExitCode;
import io.jcast.transfer.TransferResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service with jcast's real engine: receivers check in, join on loopback multicast, reach 100%. */
class EndToEndIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static String state(LoopbackRig rig, long id) {
        return rig.admin.get("/api/sessions/" + id).json().get("session").get("state").asText();
    }

    @Test
    void sessionDeliversOneFileToTwoCheckedInReceivers() throws Exception {
        try (LoopbackRig rig = new LoopbackRig(dir)) {
            byte[] image = random(2_000_000 + 77, 1);
            Files.write(rig.images.resolve("disk.img"), image);
            long id = rig.admin.post("/api/sessions", "{\"name\":\"e2e\",\"image\":\"disk.img\","
                    + "\"expectedReceivers\":2}").json().get("id").asLong();
            List<Future<List<TransferResult>>> receivers = List.of(rig.receiver("e2e", 0), rig.receiver("e2e", 1));
            for (Future<List<TransferResult>> f : receivers) {
                assertEquals(ExitCode.OK, f.get(60, TimeUnit.SECONDS).get(0).exitCode());
            }
            Await.until("complete", WAIT, () -> state(rig, id).equals("COMPLETE"));
            for (int i = 0; i < 2; i++) {
                assertArrayEquals(image, Files.readAllBytes(rig.output(i, "disk.img")), "receiver " + i);
            }
            JsonNode detail = rig.admin.get("/api/sessions/" + id).json();
            assertEquals(100.0, detail.get("session").get("percent").asDouble());
            assertEquals("2 of 2 expected receivers joined", detail.get("transitions").get(2).get("reason").asText());
            JsonNode rx = detail.get("receivers");
            assertEquals(2, rx.size(), rx.toString());
            List<String> addresses = new ArrayList<>();
            for (JsonNode r : rx) {
                addresses.add(r.get("address").asText());
                assertEquals("COMPLETED", r.get("state").asText(), r.toString());
                assertEquals(0, r.get("exitCode").asInt());
                assertEquals(image.length, r.get("bytes").asLong());
            }
            assertEquals(List.of("127.0.0.2", "127.0.0.3"), addresses.stream().sorted().toList());
        }
    }

    @Test
    void directoryIsSentAsPartitionsInOrder() throws Exception {
        try (LoopbackRig rig = new LoopbackRig(dir)) {
            Files.createDirectories(rig.images.resolve("parts"));
            byte[] p1 = random(300_000, 2);
            byte[] p2 = random(700_001, 3);
            Files.write(rig.images.resolve("parts/sda1.img"), p1);
            Files.write(rig.images.resolve("parts/sda2.img"), p2);
            long id = rig.admin.post("/api/sessions", "{\"name\":\"parts\",\"image\":\"parts\","
                    + "\"expectedReceivers\":2}").json().get("id").asLong();
            List<Future<List<TransferResult>>> receivers = List.of(rig.receiver("parts", 0),
                    rig.receiver("parts", 1));
            for (Future<List<TransferResult>> f : receivers) {
                List<TransferResult> results = f.get(90, TimeUnit.SECONDS);
                assertEquals(2, results.size());
                results.forEach(r -> assertEquals(ExitCode.OK, r.exitCode(),
                        () -> r.message() + "; the session's log: " + rig.admin.get("/api/sessions/" + id + "/log").body()));
            }
            Await.until("complete", WAIT, () -> state(rig, id).equals("COMPLETE"));
            for (int i = 0; i < 2; i++) {
                assertArrayEquals(p1, Files.readAllBytes(rig.output(i, "sda1.img")));
                assertArrayEquals(p2, Files.readAllBytes(rig.output(i, "sda2.img")));
            }
            assertEquals(1_000_001, rig.admin.get("/api/sessions/" + id).json().get("session").get("bytesDone")
                    .asLong());
        }
    }
}
