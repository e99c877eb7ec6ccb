package io.jcast.cli.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jcast.cli.interop.Programs;
import io.jcast.cli.interop.Programs.Started;
import io.jcast.testkit.Environment;
import io.jcast.testkit.NetLab;
import io.jcast.testkit.UdpcastRelease;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jcast serve} on host 0 of a namespace LAN imaging clients the way FOG's and Clonezilla's boot images do:
 * Debian's {@code udp-receiver} with only the port and the server's address, no check-in, next to
 * {@code jcast receive --server} clients. The REST API is asked with curl inside host 0 (the lab is not routed from
 * this namespace).
 */
@Tag("netns")
class ManagedUdpReceiversIT {
    private static final int BYTES = 2_000_000;
    private static final String SERVER = NetLab.address(0);

    @TempDir
    Path dir;
    private NetLab lab;
    private Path input;
    private LabService service;

    @BeforeEach
    void lab() throws Exception {
        Environment.assumeNamespaceLab();
        Environment.assumePrograms("udpcast", "udp-receiver");
        Environment.assumePrograms("curl", "curl");
        lab = NetLab.create(4);
        Path images = Files.createDirectories(dir.resolve("images"));
        input = Programs.input(dir, BYTES);
        Files.copy(input, images.resolve("disk.img"));
        service = LabService.start(lab, dir, images, "239.213.1.1");
    }

    @AfterEach
    void close() {
        if (lab != null) {
            lab.close();
        }
    }

    /** Two plain udp-receivers, nothing else: the sender's view is all the manager has of them. */
    @Test
    void twoPlainUdpReceiversCompleteASession() throws Exception {
        // 8 Mbit/s: 2 s, long enough for the manager's ticks to see the rate
        long id = createSession(2, 60, "8m");
        List<Started> rx = List.of(udpReceiver(1), udpReceiver(2));
        for (Started r : rx) {
            r.assertExit(0, 90);
            assertEquals(Programs.sha256(input), Programs.sha256(r.output()), r.name() + " output differs");
        }
        JsonNode s = service.awaitSession(id, "COMPLETE");
        assertEquals("2 of 2 receivers finished", s.at("/session/stateReason").asText(), s.toString());
        Map<String, JsonNode> rows = LabService.rows(s);
        assertEquals(2, rows.size(), s.toString());
        for (int host : List.of(1, 2)) {
            JsonNode r = rows.get(NetLab.address(host));
            assertEquals("COMPLETED", r.get("state").asText(), r.toString());
            assertEquals(BYTES, r.get("bytes").asLong(), r.toString());
            assertTrue(r.get("host").isNull(), "never checked in: " + r);
            assertTrue(r.get("bytesPerSecond").asDouble() > 0, "the sender's rate estimate: " + r);
        }
        assertTrue(List.of("ok", "warn").contains(s.at("/session/preflight/status").asText()), s.toString());
        assertTrue(service.metrics().contains("jcast_receivers_ended_total{result=\"done\",} 2.0"), service.metrics());
    }

    /** Boot images that carry udpcast 20230924 (Debian sid's 20250223) beside ones with 20120424, in one session. */
    @Test
    void aNewerAndAnOlderUdpReceiverShareASession() throws Exception {
        UdpcastRelease.SID_20250223.assumeInstalled();
        long id = createSession(2, 60);
        List<Started> rx = List.of(udpReceiver(1), udpReceiver(UdpcastRelease.SID_20250223, 2));
        for (Started r : rx) {
            r.assertExit(0, 90);
            assertEquals(Programs.sha256(input), Programs.sha256(r.output()), r.name() + " output differs");
        }
        JsonNode s = service.awaitSession(id, "COMPLETE");
        assertEquals("2 of 2 receivers finished", s.at("/session/stateReason").asText(), s.toString());
        for (int host : List.of(1, 2)) {
            assertEquals("COMPLETED", LabService.rows(s).get(NetLab.address(host)).get("state").asText(), s.toString());
        }
    }

    /** A plain udp-receiver and a {@code jcast receive --server} client in one session: one row each. */
    @Test
    void aPlainUdpReceiverAndACheckedInClientShareASession() throws Exception {
        long id = createSession(2, 60);
        Started plain = udpReceiver(1);
        Path out = dir.resolve("jcast2.bin");
        Started checkedIn = Programs.start(lab, 2, "jcast-receive2", Programs.jcast("receive", "--server",
                "http://" + SERVER + ":" + LabService.HTTP_PORT, "--session", "lab", "-i", NetLab.INTERFACE, "-o",
                out.toString(), "--nokbd", "--no-progress", "--start-timeout", "60", "--receive-timeout", "10"),
                dir, out);
        plain.assertExit(0, 90, checkedIn);
        checkedIn.assertExit(0, 90, plain);
        assertEquals(Programs.sha256(input), Programs.sha256(plain.output()));
        assertEquals(Programs.sha256(input), Programs.sha256(out));
        JsonNode s = service.awaitSession(id, "COMPLETE");
        assertEquals("2 of 2 receivers finished", s.at("/session/stateReason").asText(), s.toString());
        Map<String, JsonNode> rows = LabService.rows(s);
        assertEquals(2, rows.size(), "a client that checked in and connected is one receiver: " + s);
        assertEquals("COMPLETED", rows.get(NetLab.address(1)).get("state").asText());
        assertTrue(rows.get(NetLab.address(1)).get("host").isNull());
        JsonNode client = rows.get(NetLab.address(2));
        assertEquals("COMPLETED", client.get("state").asText(), client.toString());
        assertEquals(0, client.get("exitCode").asInt(), client.toString());
    }

    /**
     * Three expected, two udp-receivers come and a third host checks in but never runs a receiver: at max wait the
     * session starts with the two, and its end names the one missing.
     */
    @Test
    void aSessionShortOfItsExpectedReceiversStartsAtMaxWaitAndNamesWhoIsMissing() throws Exception {
        long id = createSession(3, 5);
        lab.exec(3, "curl", "-s", "-S", "-f", "-H", "Content-Type: application/json", "-d",
                "{\"session\":\"lab\",\"host\":\"pc3\",\"address\":\"" + NetLab.address(3) + "\"}",
                "http://" + SERVER + ":" + LabService.HTTP_PORT + "/api/checkin");
        List<Started> rx = List.of(udpReceiver(1), udpReceiver(2));
        for (Started r : rx) {
            r.assertExit(0, 90);
            assertEquals(Programs.sha256(input), Programs.sha256(r.output()));
        }
        JsonNode s = service.awaitSession(id, "COMPLETE");
        assertEquals("2 of 3 receivers finished; missing: pc3 (" + NetLab.address(3)
                + ") (checked in, never connected)", s.at("/session/stateReason").asText(), s.toString());
        List<String> reasons = new ArrayList<>();
        s.get("transitions").forEach(t -> reasons.add(t.get("reason").asText()));
        assertTrue(reasons.contains("max wait 5 s reached with 2 of 3 receivers"), reasons.toString());
        assertEquals("CHECKED_IN", LabService.rows(s).get(NetLab.address(3)).get("state").asText());
    }

    private Started udpReceiver(int host) throws IOException {
        return udpReceiver(UdpcastRelease.DEBIAN_20120424, host);
    }

    private Started udpReceiver(UdpcastRelease release, int host) throws IOException {
        Path out = dir.resolve("udp-receiver" + host + ".bin");
        // exactly what a FOG client runs for one partition: no interface, no check-in
        return Programs.start(lab, host, "udp-receiver" + host, List.of(release.program("udp-receiver"), "--nokbd",
                "--portbase", String.valueOf(service.portBase), "--ttl", "32", "--mcast-rdv-address", SERVER,
                "--file", out.toString()), dir, out);
    }

    /** Creates session "lab" and waits until its sender waits on the session's port (the receivers may come). */
    private long createSession(int expected, int maxWaitSeconds) throws Exception {
        return createSession(expected, maxWaitSeconds, "30m");
    }

    /**
     * @param maxBitrate 30 Mbit/s by default, as FOG's clients use: udp-receiver's default socket buffer overflows
     *                   at line rate on a busy host
     */
    private long createSession(int expected, int maxWaitSeconds, String maxBitrate) throws Exception {
        long id = service.createSession("{\"name\":\"lab\",\"image\":\"disk.img\","
                + "\"expectedReceivers\":" + expected + ",\"maxWaitSeconds\":" + maxWaitSeconds
                + ",\"maxBitrate\":\"" + maxBitrate + "\"}").get("id").asLong();
        // the pre-flight runs before the sender opens
        JsonNode s = service.awaitSenderListening(id);
        assertFalse(s.at("/session/preflight").isMissingNode() || s.at("/session/preflight").isNull(), s.toString());
        assertTrue(service.logOf(id).contains("sending 1 file"), service.logOf(id));
        assertEquals(service.portBase, s.at("/session/portBase").asInt(), s.toString());
        return id;
    }
}
