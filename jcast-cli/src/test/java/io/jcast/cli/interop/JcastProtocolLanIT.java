package io.jcast.cli.interop;

import static io.jcast.cli.interop.Programs.awaitSize;
import static io.jcast.cli.interop.Programs.sha256;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcast.cli.interop.Programs.Started;
import io.jcast.testkit.Environment;
import io.jcast.testkit.NetLab;
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

/**
 * {@code jcast send/receive --protocol jcast} on a namespace LAN (sender on host 0, receivers on hosts 1..4) with
 * real sockets, nftables loss and a tbf shaper: every byte verified by SHA-256, every exit code checked, sessions
 * repeated so that a race seen once in a few runs shows.
 */
@Tag("netns")
class JcastProtocolLanIT {
    private static final int BYTES = 3_000_000;

    @TempDir
    Path dir;
    private NetLab lab;
    private Path input;

    @BeforeEach
    void lab() throws Exception {
        Environment.assumeNamespaceLab();
        lab = NetLab.create(5);
        input = Programs.input(dir, BYTES);
    }

    @AfterEach
    void close() {
        if (lab != null) {
            lab.close();
        }
    }

    private Started receiver(int host, String run, String... extra) throws Exception {
        Path out = dir.resolve(run + "-out" + host);
        List<String> args = Stream.concat(Stream.of("receive", "--protocol", "jcast", "-i", NetLab.INTERFACE,
                "--no-progress", "--start-timeout", "30", "--receive-timeout", "10", "-o", out.toString()),
                Stream.of(extra)).toList();
        return Programs.start(lab, host, run + "-receiver" + host, Programs.jcast(args.toArray(String[]::new)), dir,
                out);
    }

    private Started sender(String run, String... extra) throws Exception {
        List<String> args = Stream.concat(Stream.of("send", "--protocol", "jcast", "--nokbd", "-i", NetLab.INTERFACE,
                "--no-progress", "--start-timeout", "30"), Stream.concat(Stream.of(extra), Stream.of(input.toString())))
                .toList();
        return Programs.start(lab, 0, run + "-sender", Programs.jcast(args.toArray(String[]::new)), dir, null);
    }

    private void assertVerified(Started r, Started sender) throws Exception {
        r.assertExit(0, 90, sender);
        assertEquals(sha256(input), sha256(r.output()), r.name() + " output differs; stderr:\n" + r.stderrText());
        assertTrue(r.stderrText().contains("verified " + BYTES + " bytes, SHA-256 " + sha256(input)), r.stderrText());
    }

    @Test
    void fourReceiversAtTwoPercentLossRepeatedly() throws Exception {
        for (int host = 0; host <= 4; host++) {
            lab.dropIncomingUdp(host, 2.0);
        }
        for (int run = 0; run < 4; run++) {
            String name = "run" + run;
            List<Started> receivers = new ArrayList<>();
            for (int host = 1; host <= 4; host++) {
                receivers.add(receiver(host, name));
            }
            Started sender = sender(name, "--min-receivers", "4", "--name", "img");
            for (Started r : receivers) {
                assertVerified(r, sender);
            }
            sender.assertExit(0, 30);
            assertTrue(sender.stderrText().contains("4 receiver(s) verified " + BYTES + " bytes"),
                    sender.stderrText());
        }
    }

    @Test
    void shapedLinkWithLossAndAKey() throws Exception {
        lab.limitRate(0, "100mbit");
        for (int host = 1; host <= 4; host++) {
            lab.dropIncomingUdp(host, 1.0);
        }
        Path key = java.nio.file.Files.write(dir.resolve("key"), "a shared secret of 32 bytes long".getBytes());
        List<Started> receivers = new ArrayList<>();
        for (int host = 1; host <= 4; host++) {
            receivers.add(receiver(host, "keyed", "--key-file", key.toString()));
        }
        Started sender = sender("keyed", "--min-receivers", "4", "--key-file", key.toString());
        for (Started r : receivers) {
            assertVerified(r, sender);
        }
        sender.assertExit(0, 30);
    }

    @Test
    void aReceiverThatJoinsLateIsRepairedFromTheStart() throws Exception {
        List<Started> receivers = new ArrayList<>();
        for (int host = 1; host <= 3; host++) {
            receivers.add(receiver(host, "late"));
        }
        // 3 MB at 8 Mbit/s take 3 s: host 4 comes when about a third has gone by.
        Started sender = sender("late", "--min-receivers", "3", "--max-bitrate", "8m");
        awaitSize(receivers.get(0).output(), 1_000_000, 30);
        receivers.add(receiver(4, "late"));
        for (Started r : receivers) {
            assertVerified(r, sender);
        }
        sender.assertExit(0, 30);
        assertTrue(sender.stderrText().contains("4 receiver(s) verified"), sender.stderrText());
    }

    @Test
    void aKilledReceiverIsCountedAndTheOthersFinish() throws Exception {
        List<Started> receivers = new ArrayList<>();
        for (int host = 1; host <= 3; host++) {
            receivers.add(receiver(host, "kill"));
        }
        Started sender = sender("kill", "--min-receivers", "3", "--max-bitrate", "8m");
        awaitSize(receivers.get(2).output(), 500_000, 30);
        receivers.get(2).process().destroyForcibly();
        for (Started r : receivers.subList(0, 2)) {
            assertVerified(r, sender);
        }
        sender.assertExit(ExitCode.RECEIVERS_DROPPED.code(), 40);
        assertTrue(sender.stderrText().contains("1 of 3 receiver(s) did not complete"), sender.stderrText());
    }
}
