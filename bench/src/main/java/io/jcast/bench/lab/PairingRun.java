package io.jcast.bench.lab;

import io.jcast.bench.lab.Scenario.Pairing;
import io.jcast.bench.lab.Scenario.Program;
import io.jcast.testkit.NetLab;
import io.jcast.transfer.ExitCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs one pairing (a sender program and N receivers) in a lab that is already built, then verifies every output.
 *
 * <p>Timing, identical for every tool: the clock starts when the sender prints that the data phase begins
 * (jcast {@code DATA-START} from its listener, udp-sender "Starting transfer", uftp "Sending file") and stops when
 * the sender prints that every receiver acknowledged everything (jcast {@code RESULT} after {@code run()} returned,
 * udp-sender "Transfer complete.", uftp "Transfer status:"). Lines are timestamped by the reader thread as they arrive.
 * In async mode no sender knows when receivers are done: the clock then stops at the last receiver's exit.
 */
final class PairingRun {
    private static final Pattern JCAST_READY = Pattern.compile("^READY");
    private static final Pattern ANY_LINE = Pattern.compile(".");
    private static final Pattern UFTPD_READY = Pattern.compile("Loaded .* key");
    private static final Pattern JCAST_START = Pattern.compile("^DATA-START");
    private static final Pattern JCAST_DONE = Pattern.compile("^RESULT ");
    private static final Pattern UDPCAST_START = Pattern.compile("Starting transfer");
    private static final Pattern UDPCAST_DONE = Pattern.compile("Transfer complete");
    private static final Pattern UFTP_START = Pattern.compile("Sending file");
    private static final Pattern UFTP_DONE = Pattern.compile("Transfer status:");
    private static final Pattern JCAST_RETRANSMITTED = Pattern.compile("retransmitted=(\\d+)");
    private static final Pattern UDPCAST_REXMITS = Pattern.compile("re-xmits=0*(\\d+)");
    private static final Pattern TBF_DROPPED = Pattern.compile("dropped (\\d+)");

    /**
     * Both udpcast-protocol senders repeat HELLO while waiting: with loss, a receiver that started first and missed
     * the only HELLO would otherwise never connect (udp-sender sends one unless told otherwise).
     */
    private static final int HELLO_INTERVAL_MS = 200;
    /** Async senders count no connections: they start after this many HELLOs (1 s; receivers are ready by then). */
    private static final int AUTOSTART = 5;

    private final NetLab lab;
    private final Scenario scenario;
    private final Pairing pairing;
    private final LabOptions options;
    private final Path input;
    private final String inputSha256;
    private final Path runDir;
    private final int port;
    private final List<WatchedProcess> processes = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private long rcvbufDrops = -1;

    PairingRun(NetLab lab, Scenario scenario, Pairing pairing, LabOptions options, Path input, String inputSha256,
               Path runDir, int port) {
        this.lab = lab;
        this.scenario = scenario;
        this.pairing = pairing;
        this.options = options;
        this.input = input;
        this.inputSha256 = inputSha256;
        this.runDir = runDir;
        this.port = port;
    }

    /** Every process of this run, so that the runner can kill them on Ctrl-C. */
    List<WatchedProcess> processes() {
        synchronized (processes) {
            return List.copyOf(processes);
        }
    }

    Measurement run() throws IOException, InterruptedException {
        long bytes = Files.size(input);
        long deadline = System.nanoTime() + options.runTimeout(bytes, scenario).toNanos();
        int n = scenario.receivers();
        List<WatchedProcess> receivers = new ArrayList<>();
        List<Path> outputs = new ArrayList<>();
        Thread sampler = new Thread(this::sampleMemory, "rss-sampler");
        sampler.setDaemon(true);
        sampler.start();
        WatchedProcess sender = null;
        double dataSeconds = Double.NaN;
        double endToEnd = Double.NaN;
        long tbfBefore = tbfDropped();
        long linkBefore = senderTxBytes();
        long rcvbufBefore = receiverBufferDrops();
        try {
            for (int i = 1; i <= n; i++) {
                Path dir = Files.createDirectories(runDir.resolve("h" + i));
                Path out = pairing.receiver() == Program.UFTP ? dir.resolve(input.getFileName()) : dir.resolve("out");
                outputs.add(out);
                receivers.add(track(WatchedProcess.start(lab, i, "h" + i, receiverCommand(i, dir, out), dir,
                        runDir.resolve("h" + i + ".log"))));
            }
            long readyDeadline = Math.min(deadline, System.nanoTime() + TimeUnit.SECONDS.toNanos(30));
            for (WatchedProcess r : receivers) {
                if (r.awaitLine(readyPattern(pairing.receiver()), readyDeadline) < 0) {
                    failures.add(r.name() + " did not become ready (see " + runDir.resolve(r.name() + ".log") + ")");
                }
            }
            if (pairing.receiver() == Program.UDPCAST) {
                Thread.sleep(200); // udp-receiver prints before it binds; give it a moment
            }
            if (!failures.isEmpty()) {
                return measurement(bytes, Double.NaN, Double.NaN, 0, receivers, null, -1, -1);
            }
            long senderStart = System.nanoTime();
            sender = track(WatchedProcess.start(lab, 0, "h0", senderCommand(), runDir, runDir.resolve("h0.log")));
            long tStart = sender.awaitLine(startPattern(), deadline);
            long tDone = -1;
            if (tStart < 0) {
                failures.add("sender never started the data phase");
            } else if (scenario.async()) {
                for (WatchedProcess r : receivers) {
                    if (r.awaitExit(deadline) == null) {
                        failures.add(r.name() + " still running at the timeout");
                    }
                }
                tDone = receivers.stream().mapToLong(WatchedProcess::exitNanos).max().orElse(-1);
            } else {
                tDone = sender.awaitLine(donePattern(), deadline);
                if (tDone < 0) {
                    failures.add("sender did not report completion before the timeout");
                }
            }
            Integer senderExit = sender.awaitExit(deadline);
            if (senderExit == null) {
                failures.add("sender still running at the timeout");
            } else if (senderExit != 0) {
                failures.add("sender exit code " + senderExit + exitName(pairing.sender(), senderExit));
            }
            for (WatchedProcess r : receivers) {
                if (pairing.receiver() == Program.UFTP) {
                    r.stop(2000); // uftpd is a daemon: it has closed the file before it sent COMPLETE
                    continue;
                }
                Integer code = r.awaitExit(Math.max(deadline, System.nanoTime() + TimeUnit.SECONDS.toNanos(5)));
                if (code == null) {
                    failures.add(r.name() + " still running at the timeout");
                } else if (code != 0) {
                    failures.add(r.name() + " exit code " + code + exitName(pairing.receiver(), code));
                }
            }
            if (tStart >= 0 && tDone >= 0) {
                dataSeconds = (tDone - tStart) / 1e9;
                long lastExit = sender.exitNanos();
                for (WatchedProcess r : receivers) {
                    lastExit = Math.max(lastExit, r.exitNanos());
                }
                endToEnd = (lastExit - senderStart) / 1e9;
            }
        } finally {
            for (WatchedProcess p : processes()) {
                p.kill();
            }
            sampler.interrupt();
            sampler.join(1000);
        }
        int verified = verify(outputs, bytes);
        long tbfDrops = scenario.rate() == null ? -1 : tbfDropped() - tbfBefore;
        long linkAfter = senderTxBytes();
        long linkBytes = linkBefore < 0 || linkAfter < 0 ? -1 : linkAfter - linkBefore;
        rcvbufDrops = receiverBufferDrops() - rcvbufBefore;
        Measurement m = measurement(bytes, dataSeconds, endToEnd, verified, receivers, sender, linkBytes, tbfDrops);
        for (Path out : outputs) {
            Files.deleteIfExists(out);
        }
        return m;
    }

    private static String exitName(Program program, int code) {
        if (program == Program.JCAST || program == Program.JCAST_PROTOCOL) {
            for (ExitCode e : ExitCode.values()) {
                if (e.code() == code) {
                    return " (" + e + ")";
                }
            }
        }
        return "";
    }

    private Measurement measurement(long bytes, double dataSeconds, double endToEnd, int verified,
                                    List<WatchedProcess> receivers, WatchedProcess sender, long linkBytes,
                                    long tbfDrops) {
        long receiverRss = receivers.stream().mapToLong(WatchedProcess::peakRssKiB).max().orElse(0);
        double receiverCpu = receivers.stream().mapToDouble(WatchedProcess::cpuSeconds).max().orElse(0);
        return new Measurement(scenario.number(), pairing.label(), pairing.jcastSide(), bytes, dataSeconds, endToEnd,
                verified, scenario.receivers(), List.copyOf(failures), sender == null ? 0 : sender.peakRssKiB(),
                receiverRss, sender == null ? 0 : sender.cpuSeconds(), receiverCpu, retransmitted(sender), linkBytes,
                tbfDrops, rcvbufDrops);
    }

    private WatchedProcess track(WatchedProcess p) {
        synchronized (processes) {
            processes.add(p);
        }
        return p;
    }

    private void sampleMemory() {
        while (!Thread.currentThread().isInterrupted()) {
            for (WatchedProcess p : processes()) {
                if (p.isAlive()) {
                    p.sample();
                }
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Size and SHA-256 of every output against the input; a mismatch is a failure, said loudly. */
    private int verify(List<Path> outputs, long bytes) throws IOException {
        int ok = 0;
        for (int i = 0; i < outputs.size(); i++) {
            Path out = outputs.get(i);
            String who = "h" + (i + 1);
            if (!Files.exists(out)) {
                failures.add(who + ": no output file " + out);
                continue;
            }
            long size = Files.size(out);
            if (size != bytes) {
                failures.add(who + ": SIZE MISMATCH, " + size + " bytes instead of " + bytes);
                continue;
            }
            String sha = LabBenchmark.sha256(out);
            if (!sha.equals(inputSha256)) {
                failures.add(who + ": SHA-256 MISMATCH " + sha + " (input " + inputSha256 + ")");
                continue;
            }
            ok++;
        }
        return ok;
    }

    private long retransmitted(WatchedProcess sender) {
        if (sender == null) {
            return -1;
        }
        String line = switch (pairing.sender()) {
            case JCAST, JCAST_PROTOCOL -> sender.lastLine(JCAST_DONE);
            case UDPCAST -> sender.lastLine(UDPCAST_REXMITS); // progress lines carry the running total
            case UFTP -> null;
        };
        if (line == null) {
            return -1;
        }
        Matcher m = (pairing.sender() == Program.UDPCAST ? UDPCAST_REXMITS : JCAST_RETRANSMITTED).matcher(line);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /** Bytes the sender's interface has transmitted so far (the namespace's own sysfs), or -1. */
    private long senderTxBytes() {
        try {
            return Long.parseLong(lab.exec(0, "cat", "/sys/class/net/" + NetLab.INTERFACE + "/statistics/tx_bytes")
                    .trim());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    private long tbfDropped() {
        if (scenario.rate() == null) {
            return 0;
        }
        try {
            Matcher m = TBF_DROPPED.matcher(lab.exec(0, "tc", "-s", "qdisc", "show", "dev", NetLab.INTERFACE));
            return m.find() ? Long.parseLong(m.group(1)) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * UDP datagrams the receivers' kernels dropped because a socket's receive buffer was full (RcvbufErrors of
     * /proc/net/snmp, summed over the receiver namespaces): a receiver that does not keep up, not network loss.
     */
    private long receiverBufferDrops() {
        long sum = 0;
        for (int i = 1; i <= scenario.receivers(); i++) {
            try {
                String[] lines = lab.exec(i, "cat", "/proc/net/snmp").split("\n");
                for (int k = 0; k + 1 < lines.length; k++) {
                    if (lines[k].startsWith("Udp: ") && lines[k + 1].startsWith("Udp: ")) {
                        List<String> names = List.of(lines[k].trim().split("\\s+"));
                        String[] values = lines[k + 1].trim().split("\\s+");
                        sum += Long.parseLong(values[names.indexOf("RcvbufErrors")]);
                        break;
                    }
                }
            } catch (IOException | RuntimeException e) {
                return -1;
            }
        }
        return sum;
    }

    private Pattern readyPattern(Program p) {
        return switch (p) {
            case JCAST, JCAST_PROTOCOL -> JCAST_READY;
            case UDPCAST -> ANY_LINE;
            case UFTP -> UFTPD_READY;
        };
    }

    private Pattern startPattern() {
        return switch (pairing.sender()) {
            case JCAST, JCAST_PROTOCOL -> JCAST_START;
            case UDPCAST -> UDPCAST_START;
            case UFTP -> UFTP_START;
        };
    }

    private Pattern donePattern() {
        return switch (pairing.sender()) {
            case JCAST, JCAST_PROTOCOL -> JCAST_DONE;
            case UDPCAST -> UDPCAST_DONE;
            case UFTP -> UFTP_DONE;
        };
    }

    private List<String> senderCommand() {
        int n = scenario.receivers();
        List<String> c = new ArrayList<>();
        switch (pairing.sender()) {
            case JCAST -> {
                c.addAll(options.javaCommand(false));
                c.addAll(List.of("send", "--interface", NetLab.INTERFACE, "--port-base", Integer.toString(port),
                        "--file", input.toString(), "--min-receivers", Integer.toString(n), "--start-timeout", "60",
                        "--hello-interval", Integer.toString(HELLO_INTERVAL_MS)));
                if (scenario.async()) {
                    c.addAll(List.of("--async", "--fec", scenario.fec(), "--autostart", Integer.toString(AUTOSTART)));
                }
                if (scenario.maxBitrate() > 0) {
                    c.addAll(List.of("--max-bitrate", Long.toString(scenario.maxBitrate())));
                }
                c.addAll(options.jcastSendArgs);
            }
            case JCAST_PROTOCOL -> {
                c.addAll(options.javaCommand(true));
                c.addAll(List.of("send", "--protocol", "jcast", "--interface", NetLab.INTERFACE, "--port-base",
                        Integer.toString(port), "--file", input.toString(), "--min-receivers", Integer.toString(n),
                        "--start-timeout", "60"));
            }
            case UDPCAST -> {
                c.addAll(List.of("udp-sender", "--nokbd", "--interface", NetLab.INTERFACE, "--portbase",
                        Integer.toString(port), "--file", input.toString(), "--min-receivers", Integer.toString(n),
                        "--start-timeout", "60", "--rexmit-hello-interval", Integer.toString(HELLO_INTERVAL_MS)));
                if (scenario.async()) {
                    c.addAll(List.of("--async", "--fec", scenario.fec(), "--autostart", Integer.toString(AUTOSTART)));
                }
                if (scenario.maxBitrate() > 0) {
                    c.addAll(List.of("--max-bitrate", Long.toString(scenario.maxBitrate())));
                }
            }
            case UFTP -> {
                List<String> ids = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    ids.add(uftpId(i));
                }
                c.addAll(List.of("uftp", "-I", NetLab.INTERFACE, "-p", Integer.toString(port), "-R",
                        Long.toString(uftpRateKbps()), "-H", String.join(",", ids), input.toString()));
            }
        }
        return c;
    }

    /** uftp's -R in Kbit/s: the tbf rate, or -1 (as fast as the interface takes) when unshaped. */
    long uftpRateKbps() {
        String rate = scenario.rate();
        if (rate == null) {
            return -1;
        }
        Matcher m = Pattern.compile("(\\d+)mbit").matcher(rate.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("rate must be <N>mbit, got " + rate);
        }
        return Long.parseLong(m.group(1)) * 1000;
    }

    /** uftpd client ID: its IPv4 address as 8 hex digits, which is also uftp's default. */
    static String uftpId(int host) {
        return String.format(Locale.ROOT, "0x0a0d%04x", host + 1);
    }

    private List<String> receiverCommand(int host, Path dir, Path out) {
        List<String> c = new ArrayList<>();
        switch (pairing.receiver()) {
            case JCAST -> {
                c.addAll(options.javaCommand(false));
                c.addAll(List.of("receive", "--interface", NetLab.INTERFACE, "--port-base", Integer.toString(port),
                        "--output", out.toString(), "--start-timeout", "60", "--receive-timeout", "30"));
            }
            case JCAST_PROTOCOL -> {
                c.addAll(options.javaCommand(true));
                c.addAll(List.of("receive", "--protocol", "jcast", "--interface", NetLab.INTERFACE, "--port-base",
                        Integer.toString(port), "--output", out.toString(), "--start-timeout", "60",
                        "--receive-timeout", "30"));
            }
            case UDPCAST -> c.addAll(List.of("udp-receiver", "--nokbd", "--interface", NetLab.INTERFACE,
                    "--portbase", Integer.toString(port), "--file", out.toString()));
            case UFTP -> c.addAll(List.of("uftpd", "-d", "-q", "-I", NetLab.INTERFACE, "-p", Integer.toString(port),
                    "-U", uftpId(host), "-D", dir.toString()));
        }
        return c;
    }
}
