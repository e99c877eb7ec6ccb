package io.jcast.server;

import io.jcast.client.SessionCheckIn;
import io.jcast.server.session.SenderFactory;
import io.jcast.server.web.Http;
import io.jcast.transfer.ExitCode;
import io.jcast.transfer.Receiver;
import io.jcast.transfer.ReceiverConfig;
import io.jcast.transfer.TransferResult;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The service with jcast's real sender on loopback only (interface lo, a random even port base, a random
 * 239.255.x.y address pool), and in-process jcast receivers on 127.0.0.2, .3, ... that check in.
 */
public final class LoopbackRig implements AutoCloseable {
    public static final String PASSWORD = "loopback-rig-pw";
    public final JcastServer server;
    public final Http admin;
    public final Path images;
    private final Path outputs;
    private final ExecutorService pool = Executors.newCachedThreadPool();

    public LoopbackRig(Path dir) throws Exception {
        images = dir.resolve("images");
        outputs = dir.resolve("received");
        Files.createDirectories(images);
        Files.createDirectories(outputs);
        server = JcastServer.start(ServerConfig.defaults(dir.resolve("data")).withPort(0).withImageRoot(images)
                .withAdminPassword(PASSWORD).withTiming(Duration.ofMillis(100), Duration.ofSeconds(2)),
                SenderFactory.ENGINE);
        admin = new Http(server.url()).basic("admin", PASSWORD);
        int port = 20000 + 2 * ThreadLocalRandom.current().nextInt(10000);
        String address = "239.255." + (1 + ThreadLocalRandom.current().nextInt(250)) + ".1";
        Http.Response r = admin.send("PUT", "/api/settings", "{\"interface\":\"lo\",\"startingPort\":\"" + port
                + "\",\"multicastAddress\":\"" + address + "\"}", null);
        if (r.status() != 200) {
            throw new IllegalStateException(r.body());
        }
    }

    /** Starts a receiver on 127.0.0.(2+index) that checks in to the session and receives every file. */
    public Future<List<TransferResult>> receiver(String session, int index) {
        return pool.submit(() -> {
            InetAddress local = InetAddress.getByName("127.0.0." + (2 + index));
            SessionCheckIn checkIn = SessionCheckIn.register(URI.create(server.url()), session, "rx" + index, local,
                    Duration.ofSeconds(20));
            List<TransferResult> results = new ArrayList<>();
            List<SessionCheckIn.FileEntry> files = checkIn.files();
            for (int i = 0; i < files.size(); i++) {
                checkIn.beginFile(i);
                ReceiverConfig config = checkIn.configure(ReceiverConfig.builder().interfaceName("lo")
                        .file(output(index, files.get(i).name())).startTimeout(Duration.ofSeconds(30))
                        .receiveTimeout(Duration.ofSeconds(10))).build();
                try (Receiver r = Receiver.open(config, checkIn)) {
                    TransferResult result = r.run();
                    results.add(result);
                    if (result.exitCode() != ExitCode.OK) {
                        break;
                    }
                }
            }
            TransferResult last = results.get(results.size() - 1);
            checkIn.reportResult(last);
            return results;
        });
    }

    public Path output(int receiver, String file) {
        return outputs.resolve(receiver + "-" + file);
    }

    @Override
    public void close() {
        pool.shutdownNow();
        server.close();
    }
}
