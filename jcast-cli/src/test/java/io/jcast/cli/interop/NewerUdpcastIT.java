package io.jcast.cli.interop;

import static io.jcast.cli.interop.Programs.awaitStderr;
import static io.jcast.cli.interop.Programs.sha256;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jcast.cli.interop.Programs.Started;
import io.jcast.testkit.Environment;
import io.jcast.testkit.NetLab;
import io.jcast.testkit.UdpcastRelease;
import io.jcast.transfer.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What udpcast 20230924 changed (Debian sid's 20250223 package), against jcast's drop-ins in private network
 * namespaces: the default data address, source-specific joins in 232/8, the sender's unicast address as rendezvous
 * (as FOG's FOS passes it) and a non-zero exit on a start timeout. Sender on host 0, receivers on hosts 1 and 2.
 */
@Tag("netns")
class NewerUdpcastIT {
    private static final UdpcastRelease SID = UdpcastRelease.SID_20250223;
    private static final int BYTES = 2_000_000;
    private static final String SSM_GROUP = "232.213.0.9";
    /** /proc/net/mcfilter's spelling of SSM_GROUP and of host 0 (10.213.0.1) as the one source. */
    private static final String SSM_FILTER = "0xe8d50009 0x0ad50001";

    @TempDir
    Path dir;
    private NetLab lab;
    private Path input;

    @BeforeEach
    void lab() throws Exception {
        Environment.assumeNamespaceLab();
        SID.assumeInstalled();
        lab = NetLab.create(3);
        input = Programs.input(dir, BYTES);
    }

    @AfterEach
    void close() {
        if (lab != null) {
            lab.close();
        }
    }

    /** 20230924 moved the default out of 232/8, where 20120424 put every 192.168 network: jcast picks the same. */
    @Test
    void defaultDataAddressIsTheNewSenders() throws Exception {
        Started real = start(0, "udp-sender", sidSender("--start-timeout", "1"), null);
        real.await(20);
        Started jcast = start(0, "jcast-udp-sender", jcastSender("--start-timeout", "1"), null);
        jcast.await(20);
        assertTrue(real.stderrText().contains("Using mcast address 233.255.0.1\n"), real.stderrText());
        assertTrue(jcast.stderrText().contains("Using mcast address 233.255.0.1\n"), jcast.stderrText());
    }

    @Test
    void realSenderInTheSsmRangeToJcastReceivers() throws Exception {
        List<Started> receivers = List.of(
                start(1, "jcast-receive", Programs.jcast("receive", "--nokbd", "-i", NetLab.INTERFACE,
                        "-o", out(1).toString()), out(1)),
                start(2, "jcast-udp-receiver", Programs.jcast("udp-receiver", "--nokbd", "--interface",
                        NetLab.INTERFACE, "--file", out(2).toString()), out(2)));
        for (Started r : receivers) {
            awaitStderr(r, "UDP receiver for", 20);
        }
        Started sender = start(0, "udp-sender", sidSender("--min-receivers", "2", "-m", SSM_GROUP,
                "--max-bitrate", "4m"), null);
        for (int host = 1; host <= 2; host++) {
            awaitSourceSpecificJoin(host, sender);
        }
        assertAllReceived(receivers, sender);
        sender.assertExit(0, 60);
    }

    @Test
    void jcastSenderInTheSsmRangeToRealReceivers() throws Exception {
        List<Started> receivers = sidReceivers();
        Started sender = start(0, "jcast-udp-sender", jcastSender("--min-receivers", "2", "-m", SSM_GROUP,
                "--max-bitrate", "4m"), null);
        for (int host = 1; host <= 2; host++) {
            awaitSourceSpecificJoin(host, sender);
        }
        assertAllReceived(receivers, sender);
        sender.assertExit(0, 60);
    }

    /** FOG's FOS runs udp-receiver with the server's own address as rendezvous, and a TTL for routed labs. */
    @Test
    void unicastRendezvousBothWays() throws Exception {
        String server = NetLab.address(0);
        List<Started> receivers = sidReceivers("--ttl", "32", "--mcast-rdv-address", server);
        Started sender = start(0, "jcast-udp-sender", jcastSender("--min-receivers", "2"), null);
        assertAllReceived(receivers, sender);
        sender.assertExit(0, 60);

        List<Started> jcastReceivers = new ArrayList<>();
        for (int host = 1; host <= 2; host++) {
            Path out = dir.resolve("again" + host + ".bin");
            jcastReceivers.add(start(host, "jcast-udp-receiver" + host, Programs.jcast("udp-receiver", "--nokbd",
                    "--interface", NetLab.INTERFACE, "--ttl", "32", "--mcast-rdv-address", server,
                    "--file", out.toString()), out));
        }
        for (Started r : jcastReceivers) {
            awaitStderr(r, "UDP receiver for", 20);
        }
        Started realSender = start(0, "udp-sender", sidSender("--min-receivers", "2"), null);
        assertAllReceived(jcastReceivers, realSender);
        realSender.assertExit(0, 60);
    }

    /**
     * 20200328 and later end a start timeout with a non-zero exit (20120424's sender said 0): so does jcast. Neither
     * receiver creates its output, nor empties one that was there.
     */
    @Test
    void startTimeoutEndsNonZero() throws Exception {
        Started real = start(0, "udp-sender", sidSender("--start-timeout", "1"), null);
        assertNotEquals(0, real.await(20), real.stderrText());
        Started jcast = start(0, "jcast-udp-sender", jcastSender("--start-timeout", "1"), null);
        jcast.assertExit(ExitCode.START_TIMEOUT.code(), 20);

        Started realReceiver = start(1, "udp-receiver", List.of(SID.program("udp-receiver"), "--nokbd",
                "--interface", NetLab.INTERFACE, "--start-timeout", "1", "--file", out(1).toString()), out(1));
        assertNotEquals(0, realReceiver.await(20), realReceiver.stderrText());
        Started jcastReceiver = start(2, "jcast-udp-receiver", Programs.jcast("udp-receiver", "--nokbd",
                "--interface", NetLab.INTERFACE, "--start-timeout", "1", "--file", out(2).toString()), out(2));
        jcastReceiver.assertExit(ExitCode.START_TIMEOUT.code(), 20);
        assertFalse(Files.exists(out(1)), "udp-receiver creates no output before a sender answers");
        assertFalse(Files.exists(out(2)), "jcast's udp-receiver creates no output before a sender answers");

        Path yesterday = Files.writeString(dir.resolve("yesterday.img"), "yesterday's image");
        Started again = start(2, "jcast-udp-receiver-again", Programs.jcast("udp-receiver", "--nokbd",
                "--interface", NetLab.INTERFACE, "--start-timeout", "1", "--file", yesterday.toString()), yesterday);
        again.assertExit(ExitCode.START_TIMEOUT.code(), 20);
        assertEquals("yesterday's image", Files.readString(yesterday));
    }

    private Path out(int host) {
        return dir.resolve("out" + host + ".bin");
    }

    private Started start(int host, String name, List<String> command, Path output) throws Exception {
        return Programs.start(lab, host, name, command, dir, output);
    }

    private List<String> sidSender(String... options) {
        return Stream.concat(Stream.of(SID.program("udp-sender"), "--nokbd", "--interface", NetLab.INTERFACE,
                "--file", input.toString()), Stream.of(options)).toList();
    }

    private List<String> jcastSender(String... options) {
        return Programs.jcast(Stream.concat(Stream.of("udp-sender", "--nokbd", "--interface", NetLab.INTERFACE,
                "--file", input.toString()), Stream.of(options)).toArray(String[]::new));
    }

    private List<Started> sidReceivers(String... extra) throws Exception {
        List<Started> receivers = new ArrayList<>();
        for (int host = 1; host <= 2; host++) {
            List<String> cmd = new ArrayList<>(List.of(SID.program("udp-receiver"), "--nokbd", "--interface",
                    NetLab.INTERFACE, "--file", out(host).toString()));
            cmd.addAll(List.of(extra));
            receivers.add(start(host, "udp-receiver" + host, cmd, out(host)));
        }
        for (Started r : receivers) {
            awaitStderr(r, "UDP receiver for", 10);
        }
        return receivers;
    }

    /** Waits (bounded) until the host's kernel holds a join of SSM_GROUP that includes host 0 as its only source. */
    private void awaitSourceSpecificJoin(int host, Started sender) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        String filters = "";
        while (System.nanoTime() < deadline) {
            filters = lab.exec(host, "cat", "/proc/net/mcfilter");
            // columns: Idx Device MCA SRC INC EXC; INC 1 = this source is included
            if (filters.lines().map(l -> String.join(" ", l.trim().split("\\s+")))
                    .anyMatch(l -> l.endsWith(SSM_FILTER + " 1 0"))) {
                return;
            }
            Thread.sleep(50);
        }
        fail("host " + host + " never joined " + SSM_GROUP + " for 10.213.0.1 only; /proc/net/mcfilter:\n" + filters
                + "\nsender stderr:\n" + sender.stderrText());
    }

    private void assertAllReceived(List<Started> receivers, Started sender) throws Exception {
        String expected = sha256(input);
        for (Started r : receivers) {
            r.assertExit(0, 60, sender);
            assertEquals(expected, sha256(r.output()), r.name() + " output differs; stderr:\n" + r.stderrText());
        }
    }
}
