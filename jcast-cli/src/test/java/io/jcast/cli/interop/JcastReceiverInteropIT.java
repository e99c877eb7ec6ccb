package io.jcast.cli.interop;

import static io.jcast.cli.interop.Programs.awaitSize;
import static io.jcast.cli.interop.Programs.awaitStderr;
import static io.jcast.cli.interop.Programs.sha256;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcast.cli.interop.Programs.Started;
import io.jcast.testkit.Environment;
import io.jcast.testkit.NetLab;
import io.jcast.testkit.UdpcastRelease;
import io.jcast.transfer.ExitCode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The real udp-sender to jcast receivers (the udp-receiver front end, and {@code jcast receive}), in private network
 * namespaces: sender on host 0, receivers on hosts 1..3. Debian's 20120424 and sid's 20250223 (the FEC tests:
 * 20120424 only, sid's is built without FEC).
 */
@Tag("netns")
class JcastReceiverInteropIT {
    private static final int BYTES = 2_000_000;
    /** As udpcast users do (FOG sets one): without a cap a descheduled receiver JVM overflows its socket buffer. */
    private static final String RATE = "30m";

    @TempDir
    Path dir;
    private NetLab lab;
    private Path input;

    @BeforeEach
    void lab() throws Exception {
        Environment.assumeNamespaceLab();
        lab = NetLab.create(4);
        input = Programs.input(dir, BYTES);
    }

    @AfterEach
    void close() {
        if (lab != null) {
            lab.close();
        }
    }

    /** jcast receivers on hosts 1..count; host 1 uses {@code jcast receive}, the others the udp-receiver front end. */
    private List<Started> jcastReceivers(int count, String... extra) throws Exception {
        List<Started> receivers = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            Path out = dir.resolve("out" + i + ".bin");
            List<String> args = new ArrayList<>(i == 1
                    ? List.of("receive", "--nokbd", "-i", NetLab.INTERFACE, "-o", out.toString())
                    : List.of("udp-receiver", "--nokbd", "--interface", NetLab.INTERFACE, "--file", out.toString()));
            args.addAll(List.of(extra));
            receivers.add(Programs.start(lab, i, "jcast-receiver" + i, Programs.jcast(args.toArray(String[]::new)),
                    dir, out));
        }
        for (Started r : receivers) {
            awaitStderr(r, "UDP receiver for", 20);
        }
        return receivers;
    }

    private Started realSender(UdpcastRelease release, String... options) throws Exception {
        release.assumeInstalled();
        List<String> rate = List.of(options).contains("--max-bitrate") ? List.of() : List.of("--max-bitrate", RATE);
        List<String> cmd = Stream.of(Stream.of(release.program("udp-sender"), "--nokbd", "--interface", NetLab.INTERFACE,
                "--file", input.toString()), rate.stream(), Stream.of(options)).flatMap(s -> s).toList();
        return Programs.start(lab, 0, "udp-sender", cmd, dir, null);
    }

    private void assertAllReceived(List<Started> receivers, Started sender) throws Exception {
        String expected = sha256(input);
        for (Started r : receivers) {
            r.assertExit(0, 60, sender);
            assertEquals(expected, sha256(r.output()), r.name() + " output differs; stderr:\n" + r.stderrText());
        }
    }

    @ParameterizedTest
    @EnumSource(UdpcastRelease.class)
    void oneReceiver(UdpcastRelease release) throws Exception {
        List<Started> receivers = jcastReceivers(1);
        Started sender = realSender(release, "--min-receivers", "1");
        assertAllReceived(receivers, sender);
        sender.assertExit(0, 60);
        assertTrue(receivers.get(0).stderrText().contains("Connected as #0 to 10.213.0.1"), receivers.get(0).stderrText());
    }

    @ParameterizedTest
    @EnumSource(UdpcastRelease.class)
    void threeReceivers(UdpcastRelease release) throws Exception {
        List<Started> receivers = jcastReceivers(3);
        Started sender = realSender(release, "--min-receivers", "3");
        assertAllReceived(receivers, sender);
        sender.assertExit(0, 60);
        assertTrue(receivers.get(2).stderrText().contains("Transfer complete.\u0007"), receivers.get(2).stderrText());
    }

    @Test
    void threeReceiversWithFec() throws Exception {
        List<Started> receivers = jcastReceivers(3);
        Started sender = realSender(UdpcastRelease.DEBIAN_20120424, "--min-receivers", "3", "--fec", "8x8/64");
        assertAllReceived(receivers, sender);
        sender.assertExit(0, 60);
    }

    @Test
    void asyncWithFecToThreeReceivers() throws Exception {
        List<Started> receivers = jcastReceivers(3);
        Started sender = realSender(UdpcastRelease.DEBIAN_20120424, "--async", "--fec", "8x8/64", "--autostart", "2");
        assertAllReceived(receivers, sender);
        sender.assertExit(0, 60);
    }

    @ParameterizedTest
    @EnumSource(UdpcastRelease.class)
    void twoPercentLossEverywhere(UdpcastRelease release) throws Exception {
        for (int host = 0; host < 4; host++) {
            lab.dropIncomingUdp(host, 2.0);
        }
        List<Started> receivers = jcastReceivers(3);
        Started sender = realSender(release, "--min-receivers", "3");
        assertAllReceived(receivers, sender);
        sender.assertExit(0, 90);
    }

    @ParameterizedTest
    @EnumSource(UdpcastRelease.class)
    void killedSenderMakesReceiversFailInsteadOfHanging(UdpcastRelease release) throws Exception {
        // jcast's default receive timeout is 60 s; a short one keeps the test quick
        List<Started> receivers = jcastReceivers(2, "--receive-timeout", "3");
        Started sender = realSender(release, "--min-receivers", "2", "--max-bitrate", "4m");
        awaitSize(receivers.get(0).output(), 200_000, 30);
        sender.process().destroyForcibly();
        for (Started r : receivers) {
            int code = r.await(30);
            assertNotEquals(0, code, r.name() + " must not claim success; stderr:\n" + r.stderrText());
            assertEquals(ExitCode.INCOMPLETE.code(), code, r.stderrText());
        }
    }
}
