package io.jcast.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jcast.testkit.Stuck;
import io.jcast.transfer.ExitCode;
import java.io.InputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command lines end to end over loopback only: interface lo, a random port base, a multicast
 * rendezvous address, receivers on 127.0.0.2 and 127.0.0.3. Commands run in-process, as Main does.
 */
class CliLoopbackIT {
    @TempDir
    Path dir;
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private String portBase;
    private String rdv;
    private Path input;

    @BeforeEach
    void setUp() throws Exception {
        portBase = Integer.toString(20000 + 2 * ThreadLocalRandom.current().nextInt(10000));
        rdv = "239.255.43." + (1 + ThreadLocalRandom.current().nextInt(200));
        byte[] data = new byte[1_500_000 + 321];
        new Random(7).nextBytes(data);
        input = Files.write(dir.resolve("in.img"), data);
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private Future<CliRun> background(String... args) {
        return pool.submit(() -> CliRun.of(args));
    }

    private static String sha256(Path p) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(p)) {
            md.update(in.readAllBytes());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    @Test
    void jcastSendToTwoJcastReceivers() throws Exception {
        List<Future<CliRun>> receivers = new ArrayList<>();
        for (int i = 2; i <= 3; i++) {
            receivers.add(background("receive", "-i", "lo", "--local-address", "127.0.0." + i, "--port-base", portBase,
                    "--rdv-address", rdv, "--nokbd", "--start-timeout", "20", "--receive-timeout", "10",
                    "-o", dir.resolve("out" + i + ".img").toString()));
        }
        CliRun sender = CliRun.of("send", "-i", "lo", "--port-base", portBase, "--rdv-address", rdv, "--nokbd",
                "--min-receivers", "2", "--start-timeout", "20", input.toString());
        assertEquals(0, sender.exitCode(), sender.err());
        assertTrue(sender.err().contains("jcast send: transfer complete"), sender.err());
        for (int i = 2; i <= 3; i++) {
            CliRun r = receivers.get(i - 2).get(30, TimeUnit.SECONDS);
            assertEquals(0, r.exitCode(), r.err());
            assertEquals(sha256(input), sha256(dir.resolve("out" + i + ".img")));
            assertEquals("", r.out());
        }
    }

    @Test
    void udpcastFrontEndsWithFec() throws Exception {
        Path out = dir.resolve("out.img");
        Future<CliRun> receiver = background("udp-receiver", "-i", "lo", "--local-address", "127.0.0.2", "-P", portBase,
                "-M", rdv, "-k", "-s", "20", "--receive-timeout", "10", "-f", out.toString());
        CliRun sender = CliRun.of("udp-sender", "-i", "lo", "-P", portBase, "-M", rdv, "-k", "-C", "1", "-T", "20",
                "--fec", "8x8/64", "--nopointopoint", input.toString());
        CliRun r = receiver.get(30, TimeUnit.SECONDS);
        assertEquals(0, sender.exitCode(), sender.err());
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(sha256(input), sha256(out));
        String[] lines = sender.err().split("\n");
        assertEquals("stripes=8 redund=8 stripesize=64", lines[0]);
        assertEquals("Udp-sender 20120424 (jcast " + VersionProvider.version() + ")", lines[1]);
        assertTrue(sender.err().matches("(?s).*bytes=  1 500 321  re-xmits=\\d{7} \\(...\\..%\\) slice=\\d{4} - +\\d+\r\n"
                + "Transfer complete\\.\u0007\n.*"), sender.err());
        assertTrue(sender.err().endsWith("\n\n"), "udp-sender ends with an empty line");
        assertTrue(r.err().startsWith("Udp-receiver 20120424 (jcast "), r.err());
        // udpcast's "%3d.%02d": at least three characters before the point, more on a fast loopback (1061.51)
        assertTrue(r.err().matches("(?s).*bytes=  1 500 321  \\([ \\d]{3,}\\.\\d\\d Mbps\\)\r\nTransfer complete\\.\u0007\n"),
                r.err());
    }

    /**
     * The front ends' own options, by their effect: {@code --log} takes the informational messages off stderr into
     * the file, {@code --no-progress} leaves out the statistics lines, {@code -k} the key prompt, {@code -x 0} is
     * accepted.
     */
    @Test
    void udpcastFrontEndsLogQuietAndNoKeyboard() throws Exception {
        Path out = dir.resolve("out.img");
        Path receiverLog = dir.resolve("receiver.log");
        Path senderLog = dir.resolve("sender.log");
        Future<CliRun> receiver = background("udp-receiver", "-i", "lo", "--local-address", "127.0.0.2", "-P", portBase,
                "-M", rdv, "-k", "-s", "20", "--receive-timeout", "10", "-f", out.toString(), "--log",
                receiverLog.toString(), "--no-progress", "-x", "0");
        CliRun sender = CliRun.of("udp-sender", "-i", "lo", "-P", portBase, "-M", rdv, "-k", "-C", "1", "-T", "20",
                "--nopointopoint", "-l", senderLog.toString(), "--no-progress", "-x", "0", input.toString());
        CliRun r = receiver.get(30, TimeUnit.SECONDS);
        assertEquals(0, sender.exitCode(), sender.err());
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(sha256(input), sha256(out));
        // informational lines go to the log, time-stamped as udpcast's; progress lines go nowhere
        assertLogged(receiverLog, "Connected as #0 to 127\\.0\\.0\\.1");
        assertLogged(receiverLog, "Transfer complete\\.\u0007?");
        assertLogged(senderLog, "Disconnecting #0 \\(127\\.0\\.0\\.2\\)");
        assertEquals("Udp-receiver 20120424 (jcast " + VersionProvider.version() + ")\n", r.err());
        // udpcast prints the new connection with plain fprintf(stderr), log or not
        assertTrue(sender.err().startsWith("Udp-sender 20120424 (jcast " + VersionProvider.version() + ")\n"
                + "New connection from 127.0.0.2  (#0) "), sender.err());
        for (CliRun run : List.of(sender, r)) {
            assertFalse(run.err().contains("bytes=") || run.err().contains("Transfer complete")
                    || run.err().contains("Press any key"), run.err());
        }
    }

    /** {@code log} has a line of udpcast's form: HH:MM:SS.micros, a space, then {@code regex}. */
    private static void assertLogged(Path log, String regex) throws Exception {
        String text = Files.readString(log);
        assertTrue(Pattern.compile("(?m)^\\d\\d:\\d\\d:\\d\\d\\.\\d{6} " + regex + "$").matcher(text).find(),
                regex + " in\n" + text);
    }

    @Test
    void fullDiskIsAnErrorNotSuccess() throws Exception {
        Future<CliRun> receiver = background("receive", "-i", "lo", "--local-address", "127.0.0.2", "--port-base",
                portBase, "--rdv-address", rdv, "--nokbd", "--start-timeout", "20", "--receive-timeout", "10",
                "-o", "/dev/full");
        CliRun sender = CliRun.of("send", "-i", "lo", "--port-base", portBase, "--rdv-address", rdv, "--nokbd",
                "--min-receivers", "1", "--start-timeout", "20", "--retries-until-drop", "20", input.toString());
        CliRun r = receiver.get(30, TimeUnit.SECONDS);
        assertEquals(ExitCode.IO_ERROR.code(), r.exitCode(), r.err());
        assertTrue(r.err().contains("jcast receive: "), r.err());
        assertTrue(sender.exitCode() != 0, "the sender must not report success: " + sender.err());
    }

    @Test
    void unknownInterface() {
        CliRun r = CliRun.of("send", "-i", "nosuchif0", "--port-base", portBase, "--nokbd", input.toString());
        assertEquals(ExitCode.NETWORK_ERROR.code(), r.exitCode(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("jcast send: "), r.err());
        CliRun u = CliRun.of("udp-receiver", "-i", "nosuchif0", "-P", portBase, "--nokbd");
        assertEquals(ExitCode.NETWORK_ERROR.code(), u.exitCode(), u.err());
        assertTrue(u.err().lines().anyMatch(l -> l.startsWith("udp-receiver: ")), u.err());
    }

    @Test
    @SuppressWarnings("try") // the socket only holds the port
    void portInUse() throws Exception {
        int base = Integer.parseInt(portBase);
        try (DatagramSocket busy = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), base + 1))) {
            CliRun r = CliRun.of("send", "-i", "lo", "--local-address", "127.0.0.1", "--port-base", portBase, "--nokbd",
                    input.toString());
            assertEquals(ExitCode.NETWORK_ERROR.code(), r.exitCode(), r.err());
            assertTrue(r.err().startsWith("jcast send: "), r.err());
            assertEquals(1, r.err().lines().count(), r.err());
        }
    }

    @Test
    void startTimeouts() {
        CliRun s = CliRun.of("send", "-i", "lo", "--port-base", portBase, "--rdv-address", rdv, "--nokbd",
                "--start-timeout", "1", "--min-receivers", "1", input.toString());
        assertEquals(ExitCode.START_TIMEOUT.code(), s.exitCode(), s.err());
        CliRun r = CliRun.of("udp-receiver", "-i", "lo", "--local-address", "127.0.0.2", "-P", portBase, "-M", rdv,
                "--nokbd", "--start-timeout", "1", "-f", dir.resolve("never.img").toString());
        assertEquals(ExitCode.START_TIMEOUT.code(), r.exitCode(), r.err());
    }

    @Test
    void ctrlCCancelsWithExitCode130() throws Exception {
        // A test run started in the background (a shell's "&") hands SIGINT down ignored, and a JVM that starts
        // with SIGINT ignored keeps it so: restore the default, as an interactive shell gives the user's jcast.
        List<String> cmd = List.of("env", "--default-signal=INT", Path.of(System.getProperty("java.home"), "bin",
                "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), "io.jcast.cli.Main",
                "receive", "-i", "lo", "--local-address", "127.0.0.2", "--port-base", portBase, "--rdv-address", rdv,
                "--nokbd", "-o", dir.resolve("cancelled.img").toString());
        Path err = dir.resolve("receive.stderr");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(false).redirectError(err.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!Files.readString(err, StandardCharsets.ISO_8859_1).contains("UDP receiver for")
                    && System.nanoTime() < deadline && p.isAlive()) {
                Thread.sleep(20);
            }
            new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor(5, TimeUnit.SECONDS);
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                fail("receiver did not stop on SIGINT; stderr:\n" + Files.readString(err, StandardCharsets.ISO_8859_1)
                        + "\nthreads:\n" + Stuck.threadDump(p.pid()));
            }
            assertEquals(ExitCode.INTERRUPTED.code(), p.exitValue(), Files.readString(err));
            assertTrue(Files.readString(err).contains("jcast receive: cancelled"), Files.readString(err));
        } finally {
            p.destroyForcibly();
        }
    }
}
