package io.jcast.bench.lab;

import io.jcast.transport.GsoDatagramTransport;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Command line of the lab benchmark. */
final class LabOptions {
    static final String USAGE = """
            usage: bench/run-lab [--quick] [--scenario N[,N...]] [--size MiB] [--attempts N] [--senders LIST]
                                 [--java-opts "OPTS"] [--jcast-send-args "ARGS"] [--keep] [--results DIR]
              --quick        8 MiB file (checks that everything works; numbers mean little)
              --scenario     run only these scenarios (default: all, 1..8)
              --size         input size in MiB (default 256, --quick 8)
              --java-opts    JVM options for the jcast sender and receivers, after bin/jcast's (C1 only)
              --attempts N   run a failed pairing again, up to N times in all (default 1); earlier failures
                             stay in the table's failure list
              --senders LIST run only pairings whose sender is in LIST (jcast,udpcast,uftp,"jcast protocol")
              --jcast-send-args "ARGS"  extra TransferMain send options, for experiments (e.g. "--slice-size 1024")
              --keep         keep the work directory (logs of every process; outputs are always deleted)
              --results DIR  where the markdown table is written (default bench/results)
            Needs root (network namespaces, nftables, tc). Exit: 0 all verified, 1 a run failed, 2 usage/setup.""";

    boolean quick;
    boolean help;
    List<Integer> scenarios = new ArrayList<>();
    Integer sizeMiB;
    List<String> javaOpts = new ArrayList<>();
    List<String> jcastSendArgs = new ArrayList<>();
    List<String> senders = new ArrayList<>();
    boolean keep;
    int attempts = 1;
    Path resultsDir = Path.of("bench", "results");
    final List<String> commandLine = new ArrayList<>();

    static LabOptions parse(String[] args) {
        LabOptions o = new LabOptions();
        o.commandLine.addAll(List.of(args));
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--quick" -> o.quick = true;
                case "--help", "-h" -> o.help = true;
                case "--keep" -> o.keep = true;
                case "--scenario" -> {
                    for (String s : value(args, ++i, a).split(",")) {
                        o.scenarios.add(Scenario.byNumber(Integer.parseInt(s.trim())).number());
                    }
                }
                case "--size" -> {
                    o.sizeMiB = Integer.parseInt(value(args, ++i, a));
                    if (o.sizeMiB < 1) {
                        throw new IllegalArgumentException("--size must be at least 1 MiB");
                    }
                }
                case "--java-opts" -> o.javaOpts.addAll(List.of(value(args, ++i, a).trim().split("\\s+")));
                case "--jcast-send-args" -> o.jcastSendArgs.addAll(List.of(value(args, ++i, a).trim().split(" +")));
                case "--attempts" -> {
                    o.attempts = Integer.parseInt(value(args, ++i, a));
                    if (o.attempts < 1) {
                        throw new IllegalArgumentException("--attempts must be at least 1");
                    }
                }
                case "--senders" -> o.senders.addAll(List.of(value(args, ++i, a).split(",")));
                case "--results" -> o.resultsDir = Path.of(value(args, ++i, a));
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        o.javaOpts.removeIf(String::isEmpty);
        o.jcastSendArgs.removeIf(String::isEmpty);
        return o;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    List<Scenario> selectedScenarios() {
        if (scenarios.isEmpty()) {
            return Scenario.ALL;
        }
        return scenarios.stream().map(Scenario::byNumber).toList();
    }

    boolean selected(Scenario.Pairing p) {
        return senders.isEmpty() || senders.contains(p.sender().label());
    }

    long sizeBytes() {
        int mib = sizeMiB != null ? sizeMiB : quick ? 8 : 256;
        return mib * 1024L * 1024L;
    }

    /** Generous but finite: a minute plus the file at 2 MB/s on a shaped link, 10 MB/s unshaped. */
    Duration runTimeout(long bytes, Scenario s) {
        long rate = s.rate() != null ? 2_000_000 : 10_000_000;
        return Duration.ofSeconds(60 + bytes / rate);
    }

    /** {@code java ... TransferMain}: this JVM's java and class path, so the jcast side is the code just built. */
    List<String> javaCommand(boolean jcastProtocol) {
        List<String> c = new ArrayList<>();
        c.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        c.add(GsoDatagramTransport.SEGMENTATION_JVM_OPTION); // as the CLI jar's manifest
        if (!jcastProtocol) {
            c.add("-XX:TieredStopAtLevel=1"); // as bin/jcast for udpcast-protocol transfers
        }
        c.addAll(javaOpts);
        // Absolute: the processes run in their own work directories.
        String classPath = String.join(File.pathSeparator, Arrays.stream(
                System.getProperty("java.class.path").split(File.pathSeparator))
                .map(e -> Path.of(e).toAbsolutePath().toString()).toList());
        c.addAll(List.of("-cp", classPath, TransferMain.class.getName()));
        return c;
    }
}
