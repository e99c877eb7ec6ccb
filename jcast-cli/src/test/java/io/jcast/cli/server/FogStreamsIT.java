package io.jcast.cli.server;

import static io.jcast.cli.interop.Programs.awaitStderr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jcast.cli.interop.Programs;
import io.jcast.cli.interop.Programs.Started;
import io.jcast.testkit.Environment;
import io.jcast.testkit.NetLab;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FOG's partition streams (a 128-byte {@code FOGMC1 <name>} record, then gzip or zstd data) through jcast, in
 * private network namespaces: jcast's udp-sender to Debian's udp-receiver and jcast's udp-receiver, Debian's
 * udp-sender to jcast's udp-receiver, and a managed directory session (one udp-receiver run per partition, as FOS
 * runs them). FOS-like consumers behind Debian's udp-receiver split the record
 * off and decompress the rest; jcast's receivers' output is split by the test. Every image must hash as the
 * original, every record must be byte for byte the one sent.
 */
@Tag("netns")
class FogStreamsIT {
    private static final int IMAGE_BYTES = 1_500_000;
    private static final String SERVER = NetLab.address(0);
    /** FOG always caps the rate: udp-receiver's default socket buffer overflows at line rate on a busy host. */
    private static final String RATE = "30m";

    @TempDir
    Path dir;
    private NetLab lab;
    private List<FogStream> streams;

    @BeforeEach
    void lab() throws Exception {
        Environment.assumeNamespaceLab();
        Environment.assumePrograms("udpcast", "udp-receiver", "udp-sender");
        Environment.assumePrograms("gzip", "gzip");
        Environment.assumePrograms("zstd", "zstd");
        Environment.assumePrograms("curl", "curl");
        lab = NetLab.create(4);
        Path images = Files.createDirectories(dir.resolve("images/fog"));
        streams = List.of(FogStream.gzip(images, "d1p1.img", IMAGE_BYTES),
                FogStream.zstd(images, "d1p2.img", IMAGE_BYTES),
                FogStream.gzip(images, "d1p3.img", IMAGE_BYTES / 2));
    }

    @AfterEach
    void close() {
        if (lab != null) {
            lab.close();
        }
    }

    /** Each stream from jcast's udp-sender to two FOS-like udp-receiver consumers and jcast's udp-receiver. */
    @Test
    void jcastUdpSenderToUdpReceiverConsumersAndJcastUdpReceiver() throws Exception {
        for (FogStream s : streams) {
            String tag = s.name();
            List<String> plain = List.of("udp-receiver", "--nokbd", "--interface", NetLab.INTERFACE);
            Consumer fos1 = consumer(1, s, plain, "fos1-" + tag);
            Consumer fos2 = consumer(2, s, plain, "fos2-" + tag);
            Path out = dir.resolve("jcast3-" + tag);
            Started jcast = Programs.start(lab, 3, "jcast3-" + tag, Programs.jcast("udp-receiver", "--nokbd",
                    "--interface", NetLab.INTERFACE, "--file", out.toString()), dir, out);
            for (Started r : List.of(fos1.started(), fos2.started(), jcast)) {
                awaitStderr(r, "UDP receiver for", 20);
            }
            Started sender = Programs.start(lab, 0, "jcast-udp-sender-" + tag, Programs.jcast("udp-sender", "--nokbd",
                    "--interface", NetLab.INTERFACE, "--file", s.stream().toString(), "--max-bitrate", RATE,
                    "--min-receivers", "3"), dir, null);
            fos1.assertDone(60, sender);
            fos2.assertDone(60, sender);
            jcast.assertExit(0, 60, sender);
            s.assertReceived(out, "jcast udp-receiver");
            sender.assertExit(0, 30);
        }
    }

    /** Each stream from Debian's udp-sender to jcast's udp-receiver, one writing a file, one writing stdout. */
    @Test
    void udpSenderToJcastUdpReceivers() throws Exception {
        for (FogStream s : streams) {
            String tag = s.name();
            Path file = dir.resolve("jcast1-" + tag);
            Started toFile = Programs.start(lab, 1, "jcast1-" + tag, Programs.jcast("udp-receiver", "--nokbd",
                    "--interface", NetLab.INTERFACE, "--file", file.toString()), dir, file);
            // Programs.start sends stdout to NAME.stdout: FOS reads udp-receiver's stdout
            Started toStdout = Programs.start(lab, 2, "jcast2-" + tag, Programs.jcast("udp-receiver", "--nokbd",
                    "--interface", NetLab.INTERFACE), dir, dir.resolve("jcast2-" + tag + ".stdout"));
            for (Started r : List.of(toFile, toStdout)) {
                awaitStderr(r, "UDP receiver for", 20);
            }
            Started sender = Programs.start(lab, 0, "udp-sender-" + tag, List.of("udp-sender", "--nokbd",
                    "--interface", NetLab.INTERFACE, "--file", s.stream().toString(), "--max-bitrate", RATE,
                    "--min-receivers", "2"), dir, null);
            for (Started r : List.of(toFile, toStdout)) {
                r.assertExit(0, 60, sender);
                s.assertReceived(r.output(), r.name());
            }
            sender.assertExit(0, 30);
        }
    }

    /**
     * A managed directory session of the three streams, each host running one receiver per partition as FOS does:
     * two FOS-like udp-receiver consumers and jcast's udp-receiver. Every receiver's row lists the three files.
     */
    @Test
    void aManagedChainPassesEveryStreamThrough() throws Exception {
        LabService service = LabService.start(lab, dir, dir.resolve("images"), "239.213.2.1");
        int port = service.portBase;
        long id = createSession(service, RATE);
        for (FogStream s : streams) {
            String tag = s.name();
            Consumer fos1 = consumer(1, s, fosReceiver(port), "fos1-" + tag);
            Consumer fos2 = consumer(2, s, fosReceiver(port), "fos2-" + tag);
            Started jcast = jcastFosReceiver(3, port, "jcast3-" + tag);
            fos1.assertDone(90, null);
            fos2.assertDone(90, null);
            jcast.assertExit(0, 90);
            s.assertReceived(jcast.output(), "jcast udp-receiver");
        }
        JsonNode session = service.awaitSession(id, "COMPLETE");
        assertEquals("3 of 3 receivers finished", session.at("/session/stateReason").asText(), session.toString());
        Map<String, JsonNode> rows = LabService.rows(session);
        for (int host = 1; host <= 3; host++) {
            assertEquals(List.of("d1p1.img COMPLETED", "d1p2.img COMPLETED", "d1p3.img COMPLETED"),
                    parts(rows.get(NetLab.address(host))), session.toString());
        }
    }

    /**
     * Host 3 reboots in the middle of part 1: its udp-receiver is killed and FOS runs the first partition's receiver
     * again. jcast's sender drops the dead one at once (udp-sender would wait about 3 minutes, everyone with it) and
     * refuses the new one; on a second reboot host 3 meets part 2 and the manager refuses it. Neither run writes a
     * byte, and hosts 1 and 2 take all three files.
     */
    @Test
    void aHostThatRebootsMidChainIsDroppedAtOnceAndRefused() throws Exception {
        LabService service = LabService.start(lab, dir, dir.resolve("images"), "239.213.2.2");
        int port = service.portBase;
        long id = createSession(service, "1m");
        String host3 = NetLab.address(3);
        FogStream first = streams.get(0);
        Consumer fos1 = consumer(1, first, fosReceiver(port), "fos1-" + first.name());
        Consumer fos2 = consumer(2, first, fosReceiver(port), "fos2-" + first.name());
        Consumer fos3 = consumer(3, first, fosReceiver(port), "fos3-" + first.name());
        service.awaitSessionWhere(id, "sending to host 3", n -> {
            JsonNode row = LabService.rows(n).get(host3);
            return row != null && row.get("state").asText().equals("RECEIVING") && row.get("bytes").asLong() > 0;
        });
        killUdpReceiver(fos3.started());
        Consumer rebooted = consumer(3, first, fosReceiver(port), "fos3-rebooted");
        assertRefused(rebooted);
        // within the consumers' wait, far below the 3 minutes the dead receiver would cost with udp-sender
        fos1.assertDone(60, null);
        fos2.assertDone(60, null);
        Consumer again = consumer(3, first, fosReceiver(port), "fos3-again");
        for (FogStream s : streams.subList(1, streams.size())) {
            Consumer a = consumer(1, s, fosReceiver(port), "fos1-" + s.name());
            Consumer b = consumer(2, s, fosReceiver(port), "fos2-" + s.name());
            a.assertDone(90, null);
            b.assertDone(90, null);
        }
        assertRefused(again);
        JsonNode session = service.awaitSession(id, "COMPLETE");
        assertEquals("2 of 3 receivers finished; " + host3 + " was refused: part 2 (d1p2.img): it did not complete "
                + "part 1 (d1p1.img) (dropped)", session.at("/session/stateReason").asText(), session.toString());
        JsonNode row = LabService.rows(session).get(host3);
        assertEquals("REFUSED", row.get("state").asText(), row.toString());
        assertEquals(List.of("d1p1.img DROPPED", "d1p2.img REFUSED"), parts(row), row.toString());
        assertEquals("it restarted: a new receiver on that host asked to join mid-transfer",
                row.at("/parts/0/reason").asText(), row.toString());
        assertTrue(service.metrics().contains("jcast_receivers_ended_total{result=\"refused\",} 1.0"),
                service.metrics());
    }

    /** Kills (by PID) the udp-receiver a consumer's shell started, as a reboot would. */
    private static void killUdpReceiver(Started consumer) throws InterruptedException {
        List<ProcessHandle> receivers = consumer.process().descendants()
                .filter(h -> h.info().command().orElse("").endsWith("udp-receiver")).toList();
        assertEquals(1, receivers.size(), "the udp-receiver of " + consumer.name());
        receivers.get(0).destroyForcibly();
        receivers.get(0).onExit().join();
    }

    /** A refused udp-receiver exits 1 at once ("Too many clients already connected"), with nothing written. */
    private static void assertRefused(Consumer c) throws IOException, InterruptedException {
        c.started().await(30);
        String stderr = c.started().stderrText();
        assertEquals("1", Files.readString(c.exitCode()).trim(), c.started().name() + ": " + stderr);
        assertTrue(stderr.contains("Too many clients already connected"), c.started().name() + ": " + stderr);
        assertEquals(0, Files.exists(c.header()) ? Files.size(c.header()) : 0, c.started().name() + " wrote a header");
    }

    /** A FOS-like consumer: {@code receiver} piped into {@link FogStream#consumer}; the receiver's exit code kept. */
    private record Consumer(FogStream stream, Started started, Path header, Path image, Path exitCode) {
        void assertDone(int seconds, Started peer) throws IOException, InterruptedException {
            started.assertExit(0, seconds, peer);
            assertEquals("0", Files.readString(exitCode).trim(), started.name() + " udp-receiver exit code; stderr:\n"
                    + started.stderrText());
            stream.assertConsumed(header, image, started.name());
        }
    }

    private Consumer consumer(int host, FogStream s, List<String> receiver, String tag) throws IOException {
        Path header = dir.resolve(tag + ".header");
        Path image = dir.resolve(tag + ".image");
        Path exitCode = dir.resolve(tag + ".rc");
        String script = "{ " + String.join(" ", receiver) + "; echo $? > " + exitCode + "; } | "
                + s.consumer(header, image);
        return new Consumer(s, Programs.start(lab, host, tag, List.of("sh", "-c", script), dir, image), header, image,
                exitCode);
    }

    /** What FOS runs for one partition: the session's port and the server's address, no interface, no check-in. */
    private static List<String> fosReceiver(int port) {
        return List.of("udp-receiver", "--nokbd", "--portbase", String.valueOf(port), "--ttl", "32",
                "--mcast-rdv-address", SERVER);
    }

    private Started jcastFosReceiver(int host, int port, String tag) throws IOException {
        Path out = dir.resolve(tag);
        return Programs.start(lab, host, tag, Programs.jcast("udp-receiver", "--nokbd", "--portbase",
                String.valueOf(port), "--ttl", "32", "--mcast-rdv-address", SERVER, "--file", out.toString()), dir, out);
    }

    /** Session "fog" of the three streams, three expected; returns once its sender waits on the first port. */
    private static long createSession(LabService service, String rate) throws Exception {
        JsonNode created = service.createSession("{\"name\":\"fog\",\"image\":\"fog\","
                + "\"expectedReceivers\":3,\"maxWaitSeconds\":60,\"partWaitSeconds\":30,\"maxBitrate\":\"" + rate
                + "\"}");
        long id = created.get("id").asLong();
        assertEquals(30, created.get("partWaitSeconds").asInt(), created.toString());
        JsonNode s = service.awaitSenderListening(id);
        assertTrue(service.logOf(id).contains("sending 3 partition files"), service.logOf(id));
        assertEquals(service.portBase, s.at("/session/portBase").asInt(), s.toString());
        return id;
    }

    private static List<String> parts(JsonNode row) {
        List<String> out = new ArrayList<>();
        row.get("parts").forEach(p -> out.add(p.get("file").asText() + " " + p.get("result").asText()));
        return out;
    }
}
