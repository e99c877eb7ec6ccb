package io.jcast.cli.interop;

import static io.jcast.cli.interop.Programs.awaitStderr;
import static io.jcast.cli.interop.Programs.sha256;
import static org.junit.jupiter.api.Assertions.fail;

import io.jcast.cli.interop.Programs.Started;
import io.jcast.testkit.Environment;
import io.jcast.testkit.NetLab;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jcast's udp-sender drop-in serving Debian's real udp-receivers many times in a row at 2 % random loss of incoming
 * UDP on every host, as FOG runs it: receivers first ({@code udp-receiver --nokbd}), then a sender with
 * {@code --min-receivers} and no {@code --rexmit-hello-interval}. Every run must end with exit 0 everywhere and every
 * output hashing like the input: a lost CONNECT_REQ, CONNECT_REPLY or final OK must be recovered, not reported.
 */
@Tag("netns")
class UdpReceiverReliabilityIT {
    private static final int BYTES = 5 << 20;
    private static final int RUNS = 8;
    private static final Pattern REXMITS = Pattern.compile("re-xmits=(\\d+)");
    /** One run's bound: a clean run takes a few seconds, a lost-join fallback (drop after 5 s) about ten. */
    private static final int RUN_SECONDS = 60;
    private static long classStartNs;

    @TempDir
    Path dir;
    private NetLab lab;
    private Path input;
    private String expected;

    @BeforeAll
    static void startClock() {
        classStartNs = System.nanoTime();
    }

    @AfterAll
    static void printDuration() {
        System.out.printf("UdpReceiverReliabilityIT: %.1f s in all%n", (System.nanoTime() - classStartNs) / 1e9);
    }

    @BeforeEach
    void lab() throws Exception {
        Environment.assumeNamespaceLab();
        Environment.assumePrograms("udpcast", "udp-receiver");
        lab = NetLab.create(4);
        for (int host = 0; host < lab.hosts(); host++) {
            lab.dropIncomingUdp(host, 2.0);
        }
        input = Programs.input(dir, BYTES);
        expected = sha256(input);
    }

    @AfterEach
    void close() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void unshaped() throws Exception {
        repeat("unshaped", 3, "--min-receivers", "3");
    }

    @Test
    void rateCapped() throws Exception {
        repeat("rate-capped", 3, "--min-receivers", "3", "--max-bitrate", "200m");
    }

    @Test
    void fec() throws Exception {
        repeat("fec", 3, "--min-receivers", "3", "--fec", "8x8/64");
    }

    @Test
    void halfDuplex() throws Exception {
        repeat("half-duplex", 3, "--min-receivers", "3", "--half-duplex");
    }

    /** FOG passes both: start when all are there, or at the latest this long after the first one joined. */
    @Test
    void maxWait() throws Exception {
        repeat("max-wait", 3, "--min-receivers", "3", "--max-wait", "20");
    }

    /** Two udp-receivers and jcast's udp-receiver drop-in on host 3. */
    @Test
    void mixed() throws Exception {
        repeat("mixed", 2, "--min-receivers", "3");
    }

    /**
     * The three udp-receivers share one CPU (taskset), as on a slow or busy client: their network, writer and FEC
     * threads then take turns. udp-receiver in FEC mode (its first FEC packet turns it on) then sometimes loses
     * count of its complete slices and exits 1 with "Dropped by server now=N last=M", M three or four behind N
     * although it said OK to the slices between (its ring of four slots, walked while its FEC thread frees them).
     * udpcast's own sender triggers it with --fec; jcast's repaired with FEC rows without --fec too, until it
     * stopped sending FEC to udp-receivers unless --fec asks for it.
     */
    @Test
    void unshapedReceiversOnOneCpu() throws Exception {
        Environment.assumePrograms("util-linux", "taskset");
        repeat("unshaped, receivers on one CPU", List.of("taskset", "-c", "0"), 3, "--min-receivers", "3");
    }

    private void repeat(String variant, int udpReceivers, String... senderOptions) throws Exception {
        repeat(variant, List.of(), udpReceivers, senderOptions);
    }

    /**
     * {@code RUNS} transfers in a row on one lab; hosts 1..udpReceivers run udp-receiver (under {@code prefix}),
     * the rest jcast's.
     */
    private void repeat(String variant, List<String> prefix, int udpReceivers, String... senderOptions)
            throws Exception {
        List<String> runs = new ArrayList<>();
        for (int run = 1; run <= RUNS; run++) {
            long start = System.nanoTime();
            Started sender = transfer(variant + " run " + run + "/" + RUNS,
                    Files.createDirectory(dir.resolve("run" + run)), prefix, udpReceivers, senderOptions);
            runs.add(String.format("%.1f s/%s", (System.nanoTime() - start) / 1e9, rexmits(sender)));
        }
        System.out.println("UdpReceiverReliabilityIT " + variant + ": " + RUNS + "/" + RUNS
                + " runs passed (duration/blocks re-sent): " + String.join(", ", runs));
    }

    /** The sender's last re-xmits count: shows that the loss was there to be repaired. */
    private static String rexmits(Started sender) throws IOException {
        Matcher m = REXMITS.matcher(sender.stderrText());
        String last = "?";
        while (m.find()) {
            last = String.valueOf(Integer.parseInt(m.group(1)));
        }
        return last;
    }

    /** One transfer; fails with every program's stderr unless all ended well. Returns the sender. */
    private Started transfer(String run, Path runDir, List<String> prefix, int udpReceivers, String... senderOptions)
            throws Exception {
        List<Started> receivers = new ArrayList<>();
        for (int host = 1; host < lab.hosts(); host++) {
            Path out = runDir.resolve("out" + host + ".bin");
            List<String> args = List.of("udp-receiver", "--nokbd", "--interface", NetLab.INTERFACE, "--file",
                    out.toString());
            boolean real = host <= udpReceivers;
            receivers.add(Programs.start(lab, host, (real ? "udp-receiver" : "jcast-udp-receiver") + host,
                    real ? Stream.concat(prefix.stream(), args.stream()).toList()
                            : Programs.jcast(args.toArray(String[]::new)), runDir, out));
        }
        for (Started r : receivers) {
            awaitStderr(r, "UDP receiver for", 20);
        }
        List<String> args = Stream.concat(Stream.of("udp-sender", "--nokbd", "--interface", NetLab.INTERFACE,
                "--file", input.toString()), Stream.of(senderOptions)).toList();
        Started sender = Programs.start(lab, 0, "jcast-udp-sender", Programs.jcast(args.toArray(String[]::new)),
                runDir, null);

        List<String> problems = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(RUN_SECONDS);
        if (!endedWell(sender, deadline, problems)) {
            // the receivers would wait for a sender that is gone: a moment to finish what they do, then the report
            deadline = Math.min(deadline, System.nanoTime() + TimeUnit.SECONDS.toNanos(3));
        }
        for (Started r : receivers) {
            if (endedWell(r, deadline, problems) && !expected.equals(sha256(r.output()))) {
                problems.add(r.name() + "'s output differs from the input");
            }
            // A second CONNECT_REPLY reaching a connected udp-receiver: harmless to it, but the sender must not
            // send one (it means the sender thought a join was lost when it was not).
            if (r.stderrText().contains("Unexpected opcode")) {
                problems.add(r.name() + " printed 'Unexpected opcode'");
            }
        }
        if (!problems.isEmpty()) {
            StringBuilder report = new StringBuilder(run + ": " + String.join("; ", problems));
            for (Started p : Stream.concat(receivers.stream(), Stream.of(sender)).toList()) {
                report.append("\n--- ").append(p.name()).append(" stderr:\n").append(p.stderrText());
            }
            fail(report.toString());
        }
        return sender;
    }

    /** Waits until {@code deadline} for the program: true on exit 0; any other exit or a hang (killed) is a problem. */
    private static boolean endedWell(Started p, long deadline, List<String> problems) throws InterruptedException {
        long left = Math.max(0, deadline - System.nanoTime());
        if (!p.process().waitFor(left, TimeUnit.NANOSECONDS)) {
            p.process().descendants().forEach(ProcessHandle::destroyForcibly);
            p.process().destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            problems.add(p.name() + " had not ended when the run's time was up (killed)");
            return false;
        }
        if (p.process().exitValue() != 0) {
            problems.add(p.name() + " exit " + p.process().exitValue());
            return false;
        }
        return true;
    }
}
