package io.jcast.bench.lab;

import io.jcast.bench.lab.Scenario.Pairing;
import io.jcast.testkit.NetLab;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The side-by-side benchmark of issue 5: for each scenario it builds a private namespace LAN (bridge, sender h0,
 * receivers h1..hN on {@code jcnet0}, tbf on h0, nftables loss at the receivers), runs jcast, udpcast and uftp on the
 * same random file one after the other, checks SHA-256 at every receiver, and prints a markdown table that is also
 * written to {@code bench/results}. Nothing runs on the machine's own interfaces; every process is ended by PID and
 * every namespace deleted, also on Ctrl-C or an error.
 */
public final class LabBenchmark {
    private static volatile NetLab currentLab;
    private static volatile PairingRun currentRun;
    /** Set by the shutdown hook (Ctrl-C, SIGTERM): the main thread stops reporting what it no longer owns. */
    private static volatile boolean stopping;

    private LabBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        LabOptions options;
        try {
            options = LabOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("run-lab: " + e.getMessage());
            System.err.println(LabOptions.USAGE);
            System.exit(2);
            return;
        }
        if (options.help) {
            System.out.println(LabOptions.USAGE);
            System.exit(0);
        }
        if (!isRoot()) {
            System.err.println("run-lab: needs root (network namespaces, nftables, tc); run it with sudo");
            System.exit(2);
        }
        List<String> missing = Stream.of("ip", "nft", "tc", "udp-sender", "udp-receiver", "uftp", "uftpd")
                .filter(p -> !onPath(p)).toList();
        if (!missing.isEmpty()) {
            System.err.println("run-lab: missing programs " + missing
                    + " (apt-get install iproute2 nftables udpcast uftp)");
            System.exit(2);
        }
        Path work = Files.createTempDirectory("jcast-bench-");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> cleanUp(work, options.keep)));
        System.exit(run(options, work));
    }

    private static int run(LabOptions options, Path work) throws IOException, InterruptedException {
        List<Scenario> scenarios = options.selectedScenarios();
        long size = options.sizeBytes();
        Path input = work.resolve("input.bin");
        System.out.printf(Locale.ROOT, "run-lab: generating %d MiB of random data in %s%n", size >> 20, input);
        writeRandom(input, size);
        String sha = sha256(input);
        System.out.println("run-lab: input SHA-256 " + sha);
        List<Measurement> rows = new ArrayList<>();
        int run = 0;
        for (Scenario s : scenarios) {
            if (stopping) {
                return 130;
            }
            System.out.printf(Locale.ROOT, "%n== scenario %d: %s ==%n", s.number(), s.title());
            NetLab lab = NetLab.create(s.receivers() + 1);
            currentLab = lab;
            try {
                if (s.rate() != null) {
                    lab.limitRate(0, s.rate());
                }
                for (int i = 1; i <= s.receivers() && s.lossPercent() > 0; i++) {
                    lab.dropIncomingUdp(i, s.lossPercent());
                }
                for (Pairing p : s.pairings()) {
                    if (!options.selected(p)) {
                        continue;
                    }
                    List<String> earlier = new ArrayList<>();
                    Measurement m = null;
                    Path runDir = null;
                    for (int attempt = 1; attempt <= options.attempts; attempt++) {
                        run++;
                        runDir = Files.createDirectories(work.resolve("s" + s.number() + "-" + run + "-"
                                + p.sender().label() + "-" + p.receiver().label()));
                        PairingRun r = new PairingRun(lab, s, p, options, input, sha, runDir, 9000 + 10 * run);
                        currentRun = r;
                        m = r.run();
                        currentRun = null;
                        if (stopping) {
                            return 130;
                        }
                        if (m.ok() || attempt == options.attempts) {
                            break;
                        }
                        System.out.println(summary(m, runDir) + "\n  (attempt " + attempt + " of "
                                + options.attempts + ", trying again)");
                        earlier.add("attempt " + attempt + " failed: " + String.join("; ", m.failures()));
                    }
                    m = m.withEarlierFailures(earlier);
                    rows.add(m);
                    System.out.println(summary(m, runDir));
                }
            } finally {
                currentLab = null;
                lab.close();
            }
        }
        String table = ResultsTable.markdown(scenarios, rows);
        String failures = ResultsTable.failures(rows);
        System.out.println();
        System.out.println(table);
        if (!failures.isEmpty()) {
            System.out.println("!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!");
            System.out.print(failures);
            System.out.println("!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!");
        }
        Path file = writeResults(options, size, table, failures);
        System.out.println("run-lab: results written to " + file);
        if (options.keep) {
            System.out.println("run-lab: logs kept in " + work);
        }
        return failures.isEmpty() ? 0 : 1;
    }

    private static String summary(Measurement m, Path runDir) {
        String line = String.format(Locale.ROOT, "  %-24s %s  data %.2f s, end-to-end %.2f s, verified %d/%d, "
                        + "RSS sender %d MiB / receiver %d MiB, CPU sender %.2f s / receiver %.2f s, "
                        + "rcvbuf drops %d", m.label(),
                ResultsTable.speed(m) + " MB/s",
                m.dataSeconds(), m.endToEndSeconds(), m.verified(), m.receivers(), m.senderPeakRssKiB() / 1024,
                m.receiverPeakRssKiB() / 1024, m.senderCpuSeconds(), m.receiverCpuSeconds(), m.rcvbufDrops());
        if (!m.ok()) {
            line += "\n  !!! FAILED: " + String.join("; ", m.failures()) + " (logs: " + runDir + ")";
        }
        return line;
    }

    private static Path writeResults(LabOptions options, long size, String table, String failures)
            throws IOException {
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        Files.createDirectories(options.resultsDir);
        String stamp = now.format(DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmm"));
        Path file = options.resultsDir.resolve(stamp + ".md");
        for (int n = 2; Files.exists(file); n++) {
            file = options.resultsDir.resolve(stamp + "-" + n + ".md"); // two short runs in one minute
        }
        StringBuilder b = new StringBuilder();
        b.append("# jcast lab benchmark, ").append(now.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)).append("\n\n");
        b.append("Command: `bench/run-lab ").append(String.join(" ", options.commandLine)).append("`  \n");
        b.append("Input: ").append(size >> 20).append(" MiB of random data, the same file for every tool  \n");
        b.append("Machine: ").append(machine()).append("\n\n");
        b.append(table).append('\n');
        if (!failures.isEmpty()) {
            b.append("Failures:\n\n```\n").append(failures).append("```\n\n");
        }
        b.append("""
                MB/s = input bytes / 10^6 / data s; "(!)" marks a run whose data arrived and verified but where
                something else failed (listed under Failures), FAILED one where data did not arrive. "data s" runs
                from the sender's own "data phase starts" line (jcast listener `onTransferStarted`, udp-sender
                "Starting transfer", uftp "Sending file") to its "every receiver has everything" line (jcast
                `Sender.run()` returned, udp-sender "Transfer complete.", uftp "Transfer status:"); in async mode,
                to the last receiver's exit. Lines are timestamped by the runner as they arrive. "end-to-end s" runs
                from starting the sender process to the last process's exit (JVM start-up, negotiation and
                receivers' linger included). RSS = peak VmHWM sampled every 50 ms. CPU s = user + system time of
                the whole process (/proc/PID/stat, JVM start-up included), sampled every 50 ms; the receiver column
                is the busiest receiver. re-sent blocks as the sender reports them. link ÷ file = bytes the
                sender's interface transmitted during the run (frames with headers: data, repairs, control) per
                byte of the file; 1514-byte frames for 1456-byte blocks make 1.040 the floor for jcast and udpcast.
                tbf drops = datagrams the sender's qdisc dropped. rcvbuf drops = UDP datagrams the receivers'
                kernels dropped because a socket buffer was full (RcvbufErrors in /proc/net/snmp, summed over
                receivers): receivers not keeping up, on top of the scenario's random loss. Both udpcast-protocol senders repeat HELLO every 200 ms while
                waiting (udp-sender --rexmit-hello-interval 200), so that a receiver that missed one still joins
                under loss. On a 100 Mbit/s tbf, 1456-byte payloads in 1514-byte frames cap goodput at 12.02 MB/s.
                """);
        Files.writeString(file, b.toString());
        return file;
    }

    private static String machine() {
        String cpu = "?";
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            cpu = lines.filter(l -> l.startsWith("model name")).findFirst().map(l -> l.replaceFirst(".*:\\s*", ""))
                    .orElse("?");
        } catch (IOException e) {
            // keep "?"
        }
        return Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), kernel "
                + System.getProperty("os.version") + ", JDK " + System.getProperty("java.vm.version") + ", "
                + packageVersions("udpcast", "uftp");
    }

    private static String packageVersions(String... packages) {
        List<String> v = new ArrayList<>();
        for (String p : packages) {
            try {
                Process proc = new ProcessBuilder("dpkg-query", "-W", "-f", "${Version}", p).start();
                String out = new String(proc.getInputStream().readAllBytes()).trim();
                proc.waitFor(10, TimeUnit.SECONDS);
                v.add(p + " " + (out.isEmpty() ? "?" : out));
            } catch (IOException e) {
                v.add(p + " ?");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return String.join(", ", v);
    }

    private static void cleanUp(Path work, boolean keepLogs) {
        stopping = true;
        PairingRun r = currentRun;
        if (r != null) {
            for (WatchedProcess p : r.processes()) {
                p.kill();
            }
        }
        NetLab lab = currentLab;
        if (lab != null) {
            lab.close();
        }
        // The main thread may still be writing or hashing while we delete: try a few times.
        for (int attempt = 0; ; attempt++) {
            try {
                deleteWork(work, keepLogs);
                return;
            } catch (IOException e) {
                if (attempt == 4) {
                    System.err.println("run-lab: could not clean up " + work + ": " + e);
                    return;
                }
                try {
                    Thread.sleep(300);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    private static void deleteWork(Path work, boolean keepLogs) throws IOException {
        if (!Files.exists(work)) {
            return;
        }
        try (Stream<Path> files = Files.walk(work)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                if (keepLogs && (Files.isDirectory(p) || p.toString().endsWith(".log"))) {
                    continue;
                }
                Files.deleteIfExists(p);
            }
        }
    }

    static boolean isRoot() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("Uid:")) {
                    return l.split("\\s+")[2].equals("0");
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    /** Random bytes, fast (not cryptographic): compression or dedup anywhere would only flatter a tool. */
    static void writeRandom(Path file, long size) throws IOException {
        SplittableRandom random = new SplittableRandom();
        byte[] chunk = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = size; left > 0; left -= chunk.length) {
                for (int i = 0; i < chunk.length; i += 8) {
                    long v = random.nextLong();
                    for (int k = 0; k < 8; k++) {
                        chunk[i + k] = (byte) (v >>> (8 * k));
                    }
                }
                out.write(chunk, 0, (int) Math.min(chunk.length, left));
            }
        }
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 20];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
