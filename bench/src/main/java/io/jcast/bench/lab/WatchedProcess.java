package io.jcast.bench.lab;

import io.jcast.testkit.NetLab;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * One program started in a lab host (by {@code ip netns exec}, which execs it, so {@link #pid} is the program itself).
 * Its merged stdout and stderr are copied to a log file; each line (split at {@code \n} or {@code \r}, so udpcast's
 * progress lines count) is timestamped with {@link System#nanoTime} as it is read, so that the runner can tell when
 * a program said something. Peak RSS is the highest {@code VmHWM} seen by {@link #sampleMemory}.
 */
final class WatchedProcess {
    private final String name;
    private final Process process;
    private final List<Line> lines = new ArrayList<>();
    private final Thread reader;
    private volatile long exitNanos;
    private volatile long peakRssKiB;
    private volatile long cpuTicks;

    record Line(long nanos, String text) {
    }

    private WatchedProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.reader = new Thread(() -> copy(process.getInputStream(), log), "log-" + name);
        reader.setDaemon(true);
        reader.start();
        process.onExit().thenRun(() -> exitNanos = System.nanoTime());
    }

    static WatchedProcess start(NetLab lab, int host, String name, List<String> command, Path workDir, Path log)
            throws IOException {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", lab.namespace(host)));
        full.addAll(command);
        Files.writeString(log, String.join(" ", full) + System.lineSeparator());
        Process p = new ProcessBuilder(full).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        return new WatchedProcess(name, p, log);
    }

    private void copy(InputStream in, Path log) {
        try (in; BufferedWriter out = Files.newBufferedWriter(log, StandardCharsets.UTF_8,
                StandardOpenOption.APPEND)) {
            StringBuilder line = new StringBuilder();
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) > 0) {
                long now = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    char c = (char) (buf[i] & 0xff);
                    if (c == '\n' || c == '\r') {
                        if (line.length() > 0) {
                            synchronized (lines) {
                                lines.add(new Line(now, line.toString()));
                                lines.notifyAll();
                            }
                            out.write(line.toString());
                            out.newLine();
                            line.setLength(0);
                        }
                    } else {
                        line.append(c);
                    }
                }
            }
            if (line.length() > 0) {
                synchronized (lines) {
                    lines.add(new Line(System.nanoTime(), line.toString()));
                }
                out.write(line.toString());
                out.newLine();
            }
        } catch (IOException e) {
            // the process is gone or the log cannot be written: the lines read so far stay
        } finally {
            synchronized (lines) {
                lines.notifyAll();
            }
        }
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Time of the first line matching {@code pattern}, waiting at most until {@code deadlineNanos}; -1 if none. */
    long awaitLine(Pattern pattern, long deadlineNanos) throws InterruptedException {
        synchronized (lines) {
            int seen = 0;
            while (true) {
                for (; seen < lines.size(); seen++) {
                    if (pattern.matcher(lines.get(seen).text()).find()) {
                        return lines.get(seen).nanos();
                    }
                }
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0 || (!reader.isAlive() && seen == lines.size())) {
                    return -1;
                }
                TimeUnit.NANOSECONDS.timedWait(lines, Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
            }
        }
    }

    /** The last line read so far that matches {@code pattern}, or null. */
    String lastLine(Pattern pattern) {
        synchronized (lines) {
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (pattern.matcher(lines.get(i).text()).find()) {
                    return lines.get(i).text();
                }
            }
        }
        return null;
    }

    /** Waits for the exit until {@code deadlineNanos}; returns the exit code, or null if still running. */
    Integer awaitExit(long deadlineNanos) throws InterruptedException {
        long left = deadlineNanos - System.nanoTime();
        if (left > 0) {
            process.waitFor(left, TimeUnit.NANOSECONDS);
        }
        if (process.isAlive()) {
            return null;
        }
        reader.join(2000);
        return process.exitValue();
    }

    /** When the process ended (System.nanoTime), or 0 while it runs. */
    long exitNanos() {
        if (!process.isAlive() && exitNanos == 0) {
            process.onExit().join();
        }
        return exitNanos;
    }

    /**
     * Reads VmHWM (the kernel's own peak RSS) and the CPU time used so far (utime + stime) of the process; call
     * periodically while it runs (the last 50 ms before the exit are not seen).
     */
    void sample() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields 14 and 15 of stat(5); f[0] is field 3
            cpuTicks = Math.max(cpuTicks, Long.parseLong(f[11]) + Long.parseLong(f[12]));
        } catch (IOException | RuntimeException e) {
            // exited meanwhile: keep the last sample
        }
        try {
            for (String l : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (l.startsWith("VmHWM:")) {
                    long kib = Long.parseLong(l.replaceAll("[^0-9]", ""));
                    peakRssKiB = Math.max(peakRssKiB, kib);
                }
            }
        } catch (IOException | UncheckedIOException | NumberFormatException e) {
            // exited between the check and the read: keep the last sample
        }
    }

    long peakRssKiB() {
        return peakRssKiB;
    }

    /** CPU seconds (user + system) seen so far; Linux reports stat times in 1/100 s (USER_HZ). */
    double cpuSeconds() {
        return cpuTicks / 100.0;
    }

    /** Asks the program to end (SIGTERM), then kills it if it is still there after {@code graceMillis}. */
    void stop(long graceMillis) throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(graceMillis, TimeUnit.MILLISECONDS)) {
                kill();
            }
        }
    }

    /** SIGKILL to the program and anything it started, by PID. */
    void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
