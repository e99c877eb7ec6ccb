package io.jcast.cli.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.jcast.testkit.NetLab;
import io.jcast.transport.GsoDatagramTransport;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Starts udpcast's programs or jcast's front ends in a {@link NetLab} host and checks what they did.
 * jcast runs as {@code java -cp <this test classpath> io.jcast.cli.Main}, the code under test.
 */
public final class Programs {
    /**
     * This JVM's class path with the project's own entries (class directories and io.jcast jars) copied once: the
     * checkout is shared, and a rebuild there in the middle of a run would swap classes under a running program
     * (NoClassDefFoundError, "Truncated class file") and fail a transfer that has nothing wrong.
     */
    private static final String CLASS_PATH = snapshotOwnClassPath();

    /** A started program: its process and where its output and stderr go. */
    public record Started(String name, Process process, Path stderr, Path output) {
        /** Waits (bounded) for the exit code; on timeout kills it and fails with its stderr (and its peer's). */
        public int await(int seconds, Started peer) throws IOException, InterruptedException {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                fail(name + " did not end within " + seconds + " s; stderr:\n" + stderrText()
                        + (peer == null ? "" : "\n" + peer.name() + " stderr:\n" + peer.stderrText()));
            }
            return process.exitValue();
        }

        public int await(int seconds) throws IOException, InterruptedException {
            return await(seconds, null);
        }

        public String stderrText() throws IOException {
            return Files.exists(stderr) ? Files.readString(stderr, StandardCharsets.ISO_8859_1) : "";
        }

        public void assertExit(int expected, int seconds) throws IOException, InterruptedException {
            assertExit(expected, seconds, null);
        }

        public void assertExit(int expected, int seconds, Started peer) throws IOException, InterruptedException {
            int code = await(seconds, peer);
            assertEquals(expected, code, name + " exit code; stderr:\n" + stderrText()
                    + (peer == null ? "" : "\n" + peer.name() + " stderr:\n" + peer.stderrText()));
        }
    }

    private Programs() {
    }

    /** The command running jcast's {@code Main} with this JVM's class path (tuned for a quick start). */
    public static List<String> jcast(String... args) {
        return java("io.jcast.cli.Main", args);
    }

    /** The command running {@code mainClass} (from this JVM's class path) in a JVM tuned for a quick start. */
    static List<String> java(String mainClass, String... args) {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m", GsoDatagramTransport.SEGMENTATION_JVM_OPTION,
                "-cp", CLASS_PATH, mainClass));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static String snapshotOwnClassPath() {
        try {
            Path dir = Files.createTempDirectory("jcast-classpath");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
            List<String> entries = new ArrayList<>();
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                Path from = Path.of(entry);
                if (Files.isDirectory(from) || entry.contains("/io/jcast/")) {
                    Path to = dir.resolve(entries.size() + "-" + from.getFileName());
                    try (Stream<Path> files = Files.walk(from)) {
                        for (Path f : (Iterable<Path>) files::iterator) {
                            Files.copy(f, to.resolve(from.relativize(f).toString()));
                        }
                    }
                    entry = to.toString();
                }
                entries.add(entry);
            }
            return String.join(File.pathSeparator, entries);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a temporary directory: the system cleans it up eventually
        }
    }

    public static Started start(NetLab lab, int host, String name, List<String> command, Path dir, Path output)
            throws IOException {
        Path stderr = dir.resolve(name + ".stderr");
        Path stdout = dir.resolve(name + ".stdout");
        return new Started(name, lab.start(host, command, dir, stdout, stderr), stderr, output);
    }

    /** Waits (bounded) until the program has written {@code text} to stderr. */
    public static void awaitStderr(Started program, String text, int seconds) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (program.stderrText().contains(text)) {
                return;
            }
            if (!program.process().isAlive()) {
                fail(program.name() + " ended (" + program.process().exitValue() + ") before printing '" + text
                        + "'; stderr:\n" + program.stderrText());
            }
            Thread.sleep(20);
        }
        fail(program.name() + " did not print '" + text + "' within " + seconds + " s; stderr:\n" + program.stderrText());
    }

    /** A deterministic pseudo-random file. */
    public static Path input(Path dir, int bytes) throws IOException {
        byte[] data = new byte[bytes];
        new Random(bytes).nextBytes(data);
        return Files.write(dir.resolve("input.bin"), data);
    }

    public static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits (bounded) until {@code file} holds at least {@code bytes} bytes. */
    static void awaitSize(Path file, long bytes, int seconds) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (Files.exists(file) && Files.size(file) >= bytes) {
                return;
            }
            Thread.sleep(20);
        }
        fail(file + " did not reach " + bytes + " bytes within " + seconds + " s");
    }
}
