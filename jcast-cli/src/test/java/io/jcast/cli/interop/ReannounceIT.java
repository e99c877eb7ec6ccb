package io.jcast.cli.interop;

import static io.jcast.cli.interop.Programs.awaitSize;
import static io.jcast.cli.interop.Programs.sha256;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jcast.cli.interop.Programs.Started;
import io.jcast.testkit.Environment;
import io.jcast.testkit.NetLab;
import io.jcast.transfer.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A transfer that outlasts the membership interval of a bridge that snoops IGMP and hears no queries
 * ({@link NetLab#snoopWithoutQueries}): the group reaches the receiver only while the report of its last join is
 * fresher than {@link #MEMBERSHIP}. A jcast sender on host 0 multicasts 1.5 MB at 1 Mbit/s (about 13 s) to a
 * jcast receiver on host 1.
 */
@Tag("netns")
class ReannounceIT {
    private static final Duration MEMBERSHIP = Duration.ofSeconds(5);
    private static final int BYTES = 1_500_000;
    private static final String GROUP = "239.213.0.9";

    @TempDir
    Path dir;
    private NetLab lab;
    private Path input;
    private Path output;

    @BeforeEach
    void lab() throws Exception {
        Environment.assumeNamespaceLab();
        Environment.assumePrograms("iproute2", "bridge");
        lab = NetLab.create(2);
        lab.snoopWithoutQueries(MEMBERSHIP);
        input = Programs.input(dir, BYTES);
        output = dir.resolve("out.bin");
    }

    @AfterEach
    void close() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void aReceiverThatReannouncesKeepsTheGroupComing() throws Exception {
        Started receiver = receiver("--reannounce-interval", "2");
        Started sender = sender();
        awaitSize(output, BYTES * 3L / 4, 30);
        assertTrue(lab.forwardsGroup(1, GROUP), "the bridge still forwards the group to the receiver, long after"
                + " its join");
        receiver.assertExit(0, 30, sender);
        assertEquals(sha256(input), sha256(output), "output differs; stderr:\n" + receiver.stderrText());
        sender.assertExit(0, 10, receiver);
    }

    /** Proves the set-up: without re-announcements the bridge forgets the group and the receiver is cut off. */
    @Test
    void withoutReannouncementsTheBridgeForgetsTheGroup() throws Exception {
        Started receiver = receiver("--reannounce-interval", "0", "--receive-timeout", "3");
        Started sender = sender();
        awaitForwarding(true, Duration.ofSeconds(15));
        awaitForwarding(false, MEMBERSHIP.plusSeconds(3));
        receiver.assertExit(ExitCode.INCOMPLETE.code(), 15, sender);
        assertTrue(receiver.stderrText().contains("the sender fell silent"), receiver.stderrText());
        assertTrue(Files.size(output) < BYTES, "the receiver was cut off before the end");
    }

    private Started receiver(String... options) throws Exception {
        String[] args = Stream.concat(Stream.of("receive", "--nokbd", "--no-progress", "-i", NetLab.INTERFACE,
                "-o", output.toString()), Stream.of(options)).toArray(String[]::new);
        return Programs.start(lab, 1, "jcast-receive", Programs.jcast(args), dir, output);
    }

    /** Multicast even to a single receiver (--unicast never), to a known group, slowly. */
    private Started sender() throws Exception {
        return Programs.start(lab, 0, "jcast-send", Programs.jcast("send", "--nokbd", "--no-progress",
                "-i", NetLab.INTERFACE, "--min-receivers", "1", "--unicast", "never", "--data-address", GROUP,
                "--max-bitrate", "1m", input.toString()), dir, null);
    }

    private void awaitForwarding(boolean expected, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (lab.forwardsGroup(1, GROUP) != expected) {
            if (System.nanoTime() > deadline) {
                fail("the bridge " + (expected ? "never forwarded " : "still forwards ") + GROUP + " after "
                        + within.toSeconds() + " s");
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
    }
}
