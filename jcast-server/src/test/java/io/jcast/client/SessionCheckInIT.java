package io.jcast.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jcast.server.JcastServer;
import io.jcast.server.ServerConfig;
import io.jcast.server.session.Await;
import io.jcast.server.session.FakeSenders;
import io.jcast.transfer.ExitCode;
import io.jcast.transfer.ReceiverConfig;
import io.jcast.transfer.TransferProgress;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The receiver-side check-in library and the session client against a running service. */
class SessionCheckInIT {
    @TempDir
    Path dir;

    @Test
    void registersWaitsForTheClaimConfiguresAndReports() throws Exception {
        Path images = dir.resolve("images");
        Files.createDirectories(images.resolve("parts"));
        Files.write(images.resolve("parts/1.img"), new byte[1000]);
        Files.write(images.resolve("parts/2.img"), new byte[3000]);
        FakeSenders senders = new FakeSenders();
        try (JcastServer server = JcastServer.start(ServerConfig.defaults(dir.resolve("data")).withPort(0)
                .withImageRoot(images).withAdminPassword("s3cret-pass").withTiming(Duration.ofMillis(50),
                        Duration.ofSeconds(1)), senders)) {
            URI url = URI.create(server.url());
            ServerClient admin = new ServerClient(url, null, "s3cret-pass");
            JsonNode created = admin.createSession(ServerClient.JSON.createObjectNode().put("name", "lab")
                    .put("image", "parts").put("expectedReceivers", 2));
            long id = created.get("id").asLong();
            assertEquals(401, assertThrows(ServerClient.ApiError.class, () -> new ServerClient(url, null, null)
                    .cancel(id)).status());
            assertEquals(404, assertThrows(ServerClient.ApiError.class, () -> SessionCheckIn.register(url, "nope",
                    null, null, Duration.ofSeconds(1))).status());

            InetAddress local = InetAddress.getByName("127.0.0.2");
            SessionCheckIn checkIn = SessionCheckIn.register(url, "lab", "pc-2", local, Duration.ofSeconds(10));
            assertEquals(id, checkIn.sessionId());
            assertEquals(63100, checkIn.portBase());
            assertEquals("239.255.100.1", checkIn.multicastAddress().getHostAddress());
            assertEquals(List.of(new SessionCheckIn.FileEntry("1.img", 1000), new SessionCheckIn.FileEntry("2.img",
                    3000)), checkIn.files());
            assertEquals(4000, checkIn.totalBytes());
            ReceiverConfig config = checkIn.configure(ReceiverConfig.builder().file(dir.resolve("out"))).build();
            assertEquals(63100, config.portBase());
            assertEquals(checkIn.multicastAddress(), config.rendezvousAddress());
            assertEquals(local, config.localAddress());

            checkIn.beginFile(1);
            List<TransferProgress> console = new java.util.ArrayList<>();
            checkIn.alongside(new io.jcast.transfer.TransferListener() {
                @Override
                public void onProgress(TransferProgress p) {
                    console.add(p);
                }
            }).onProgress(new TransferProgress(1500, 3000, 1e6, 2, 0, 1, List.of(), false));
            assertEquals(1, console.size(), "the other listener gets the callback too");
            Await.until("progress reported", Duration.ofSeconds(5), () -> receiver(admin, id).get("bytes").asLong()
                    == 2500);
            assertEquals("RECEIVING", receiver(admin, id).get("state").asText());
            checkIn.reportResult(ExitCode.OK, "transfer complete", 4000);
            JsonNode r = receiver(admin, id);
            assertEquals("COMPLETED", r.get("state").asText());
            assertEquals(0, r.get("exitCode").asInt());
            assertEquals("127.0.0.2", r.get("address").asText());
            assertEquals("pc-2", r.get("host").asText());

            assertTrue(admin.listSessions(10).size() >= 1);
            assertEquals("CANCELLED", admin.cancel(id).get("state").asText());
        }
    }

    private static JsonNode receiver(ServerClient admin, long id) {
        try {
            return admin.session(id).get("receivers").get(0);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
