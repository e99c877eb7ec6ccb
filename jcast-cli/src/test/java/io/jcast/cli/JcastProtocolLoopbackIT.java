package io.jcast.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcast.transfer.ExitCode;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jcast send/receive --protocol jcast} end to end over loopback only (interface lo, a random group and port
 * base): verified copies, keys, stream names, a carousel that serves a receiver which came late, and the option
 * errors. Commands run in-process, as Main does.
 */
class JcastProtocolLoopbackIT {
    @TempDir
    Path dir;
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private String portBase;
    private String group;
    private Path input;
    private Path key;

    @BeforeEach
    void setUp() throws Exception {
        portBase = Integer.toString(30000 + 2 * ThreadLocalRandom.current().nextInt(10000));
        group = "239.255.44." + (1 + ThreadLocalRandom.current().nextInt(200));
        byte[] data = new byte[3_000_000 + 321];
        new Random(11).nextBytes(data);
        input = Files.write(dir.resolve("in.img"), data);
        byte[] k = new byte[32];
        new Random(12).nextBytes(k);
        key = Files.write(dir.resolve("key"), k);
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private List<String> common(String... more) {
        return Stream.concat(Stream.of("-i", "lo", "--protocol", "jcast", "--group", group, "--port-base", portBase,
                "--no-progress"), Stream.of(more)).toList();
    }

    private Future<CliRun> receiver(String... args) {
        List<String> all = Stream.concat(Stream.of("receive"), common(args).stream()).toList();
        return pool.submit(() -> CliRun.of(all.toArray(String[]::new)));
    }

    private CliRun send(String... args) {
        List<String> all = Stream.concat(Stream.of("send", "--nokbd"), common(args).stream()).toList();
        return CliRun.of(all.toArray(String[]::new));
    }

    private static String sha256(Path p) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(p)) {
            md.update(in.readAllBytes());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    @Test
    void keyedSessionToTwoReceiversOneOfThemNamed() throws Exception {
        Future<CliRun> named = receiver("--key-file", key.toString(), "--name", "sda1", "--start-timeout", "20",
                "-o", dir.resolve("out1").toString());
        Future<CliRun> any = receiver("--key-file", key.toString(), "--start-timeout", "20",
                "-o", dir.resolve("out2").toString());
        CliRun sender = send("--key-file", key.toString(), "--name", "sda1", "--min-receivers", "2",
                "--start-timeout", "20", "--max-bitrate", "400m", input.toString());
        assertEquals(0, sender.exitCode(), sender.err());
        assertTrue(sender.err().contains("2 receiver(s) verified 3000321 bytes"), sender.err());
        for (Future<CliRun> f : List.of(named, any)) {
            CliRun r = f.get(30, TimeUnit.SECONDS);
            assertEquals(0, r.exitCode(), r.err());
            assertTrue(r.err().contains("verified 3000321 bytes, SHA-256 " + sha256(input)), r.err());
        }
        assertEquals(sha256(input), sha256(dir.resolve("out1")));
        assertEquals(sha256(input), sha256(dir.resolve("out2")));
    }

    @Test
    void aStreamOfAnotherNameIsRefused() throws Exception {
        Future<CliRun> wrong = receiver("--name", "sda2", "--start-timeout", "4", "-o", dir.resolve("out").toString());
        CliRun sender = send("--name", "sda1", "--max-wait", "3", "--min-receivers", "1", "--start-timeout", "4",
                input.toString());
        CliRun r = wrong.get(30, TimeUnit.SECONDS);
        assertEquals(ExitCode.START_TIMEOUT.code(), r.exitCode(), r.err());
        assertTrue(r.err().contains("refused stream \"sda1\": waiting for \"sda2\""), r.err());
        assertFalse(Files.exists(dir.resolve("out")), "nothing written, no file left behind");
        assertEquals(ExitCode.START_TIMEOUT.code(), sender.exitCode(), sender.err());
    }

    @Test
    void aKeyedSessionNeedsTheKey() throws Exception {
        Future<CliRun> keyless = receiver("--start-timeout", "20", "-o", dir.resolve("out").toString());
        Future<CliRun> sender = pool.submit(() -> send("--key-file", key.toString(), "--min-receivers", "1",
                "--start-timeout", "3", input.toString()));
        CliRun r = keyless.get(30, TimeUnit.SECONDS);
        assertEquals(ExitCode.USAGE.code(), r.exitCode(), r.err());
        assertTrue(r.err().contains("the session is keyed: give its key (--key-file)"), r.err());
        assertEquals(ExitCode.START_TIMEOUT.code(), sender.get(30, TimeUnit.SECONDS).exitCode());
    }

    @Test
    void aCarouselServesAReceiverThatComesLate() throws Exception {
        Future<CliRun> early = receiver("--start-timeout", "20", "-o", dir.resolve("early").toString());
        // At 8 Mbit/s a lap takes about 3 s: the late receiver comes in the middle of the first one.
        Future<CliRun> sender = pool.submit(() -> send("--carousel", "--expected-receivers", "2", "--max-bitrate",
                "8m", input.toString()));
        Thread.sleep(1_500);
        Future<CliRun> late = receiver("--start-timeout", "20", "-o", dir.resolve("late").toString());
        CliRun s = sender.get(60, TimeUnit.SECONDS);
        assertEquals(0, s.exitCode(), s.err());
        assertTrue(s.err().contains("2 receiver(s) verified"), s.err());
        for (Future<CliRun> f : List.of(early, late)) {
            CliRun r = f.get(30, TimeUnit.SECONDS);
            assertEquals(0, r.exitCode(), r.err());
        }
        assertEquals(sha256(input), sha256(dir.resolve("early")));
        assertEquals(sha256(input), sha256(dir.resolve("late")));
    }

    @Test
    void optionErrorsAreOneLineAndExit2() throws Exception {
        Files.write(dir.resolve("short"), new byte[8]);
        String[][] bad = {
            {"send", "-i", "lo", "--nokbd", "--key-file", key.toString(), input.toString()},
            {"send", "-i", "lo", "--nokbd", "--carousel", input.toString()},
            {"receive", "-i", "lo", "--name", "x"},
            {"send", "-i", "lo", "--nokbd", "--protocol", "jcast", "--fec", "8x8/64", input.toString()},
            {"send", "-i", "lo", "--nokbd", "--protocol", "jcast", "--key-file", dir.resolve("short").toString(),
                input.toString()},
            {"send", "-i", "lo", "--nokbd", "--protocol", "jcast", "--carousel", "-"},
            {"send", "-i", "lo", "--nokbd", "--protocol", "jcast", "--stripe-blocks", "200", input.toString()},
            {"receive", "-i", "lo", "--protocol", "jcast", "--group", "10.0.0.1"},
            {"receive", "-i", "lo", "--protocol", "jcast", "--passive"},
        };
        for (String[] args : bad) {
            CliRun r = CliRun.of(args);
            assertEquals(ExitCode.USAGE.code(), r.exitCode(), String.join(" ", args) + ": " + r.err());
            assertEquals(1, r.err().strip().lines().count(), String.join(" ", args) + ": " + r.err());
        }
    }
}
