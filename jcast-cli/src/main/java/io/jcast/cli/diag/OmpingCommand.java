package io.jcast.cli.diag;

import io.jcast.diag.omping.OmpingConfig;
import io.jcast.diag.omping.OmpingCounter;
import io.jcast.diag.omping.OmpingReport;
import io.jcast.diag.omping.OmpingResult;
import io.jcast.diag.omping.OmpingSession;
import io.jcast.diag.omping.OmpingSetupException;
import io.jcast.diag.omping.OmpingTargets;
import io.jcast.diag.omping.TransportMethod;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code jcast omping}: omping 0.0.5 with its options, messages, output and exit statuses, so that it runs
 * beside real omping on cluster nodes (omping-ssmping.md §4-§5). Option values are taken as text and checked
 * here, so every bad option gets omping's own message, its usage text on stdout and exit status 1.
 */
@Command(name = "omping",
        header = "Multicast ping between cluster nodes, compatible with omping 0.0.5.",
        description = {"Run the same command on every node: each node pings every other node by unicast and "
                + "multicast, then prints loss and round-trip times per node.",
            "Example: jcast omping -c 10 node1 node2 node3"},
        showDefaultValues = true,
        sortOptions = false,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:normal end (also with loss: read the summary)",
            "1:bad option or configuration (unknown host, group not multicast, port out of range, mixed IPv4/IPv6,"
                + " no local address among the arguments)",
            "2:socket error (address in use, cannot join the group, receive failed)"
        })
public final class OmpingCommand implements Callable<Integer> {
    static final int EXIT_OK = 0;
    static final int EXIT_USAGE = 1;
    static final int EXIT_SOCKET = 2;
    static final String VERSION = "omping version 0.0.5";
    static final String USAGE = "usage: omping [-46CDEFqVv] [-c count] [-i interval] [-M transport_method]\n"
            + "              [-m mcast_addr] [-O op_mode] [-p port] [-R rcvbuf] [-r rate_limit]\n"
            + "              [-S sndbuf] [-T timeout] [-t ttl] [-w wait_time] remote_addr...\n";
    private static final int MIN_BUFFER = 2048;
    /** strtod without trailing garbage (Java's parseDouble would accept "5d" or " 5"). */
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    @Spec
    CommandSpec spec;

    @Option(names = "-4", description = "Use IPv4 only.")
    boolean ipv4;

    @Option(names = "-6", description = "Use IPv6 only.")
    boolean ipv6;

    @Option(names = "-C", description = "Show the running average and loss on every reply line.")
    boolean[] continuousStatistics = new boolean[0];

    @Option(names = "-D", description = "Accepted for compatibility; as in omping 0.0.5 it has no effect.")
    boolean noDuplicateDetection;

    @Option(names = "-E", description = "Do not exit when every node has stopped (wait for -T or Ctrl-C).")
    boolean noAutoExit;

    @Option(names = "-F", description = "Force: once allows -i < 1 s and -t < 64; twice allows -i 0.")
    boolean[] force = new boolean[0];

    @Option(names = "-q", description = "Quiet: once hides the reply lines, twice also the state lines.")
    boolean[] quiet = new boolean[0];

    @Option(names = "-V", description = "Once: print the version and exit. Twice: print every node's version.")
    boolean[] version = new boolean[0];

    @Option(names = "-v", description = "Verbose: report dropped and refused datagrams on stderr at the end.")
    boolean[] verbose = new boolean[0];

    @Option(names = "-c", paramLabel = "count", description = "Queries per node, then stop (default: unlimited).")
    String count;

    @Option(names = "-i", paramLabel = "interval", description = "Seconds between queries.", defaultValue = "1")
    String interval;

    @Option(names = "-M", paramLabel = "transport_method", description = "asm, ssm or ipbc (IPv4 broadcast).",
            defaultValue = "asm")
    String transport;

    @Option(names = "-m", paramLabel = "mcast_addr",
            description = "Multicast group (default 232.43.211.234 or ff3e::4321:1234; with ipbc the broadcast "
                    + "address).")
    String group;

    @Option(names = "-O", paramLabel = "op_mode", description = "normal, or client (never answer).",
            defaultValue = "normal")
    String opMode;

    @Option(names = "-p", paramLabel = "port", description = "UDP port, the same on every node.",
            defaultValue = "4321")
    String port;

    @Option(names = "-R", paramLabel = "rcvbuf", description = "Socket receive buffer in bytes (system default).")
    String receiveBuffer;

    @Option(names = "-r", paramLabel = "rate_limit",
            description = "Seconds between answered queries per node, burst 5 (default: the interval; 0 = off).")
    String rateLimit;

    @Option(names = "-S", paramLabel = "sndbuf", description = "Socket send buffer in bytes (system default).")
    String sendBuffer;

    @Option(names = "-T", paramLabel = "timeout", description = "End after this many seconds (0 = never).",
            defaultValue = "0")
    String timeout;

    @Option(names = "-t", paramLabel = "ttl", description = "Multicast TTL / hop limit and the TTL option.",
            defaultValue = "64")
    String ttl;

    @Option(names = "-w", paramLabel = "wait_time",
            description = "Seconds to keep telling peers to stop after the end (default: max(3 x interval, 1)).")
    String waitTime;

    @Option(names = "--help", usageHelp = true, description = "Show this help (jcast only).")
    boolean help;

    @Parameters(paramLabel = "remote_addr", arity = "0..*",
            description = "Every node's name or address, this node's included (it is found among them).")
    List<String> remoteAddresses = new ArrayList<>();

    @Unmatched
    List<String> unmatched = new ArrayList<>();

    /** Name and local-address lookups; tests substitute one that knows no local address, so no socket opens. */
    OmpingTargets.Resolver resolver = OmpingTargets.Resolver.system();

    /** A bad option: omping prints the message on stderr and its usage on stdout. */
    private static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            OmpingConfig config = configure(out);
            if (config == null) {
                return EXIT_OK;
            }
            return run(config, out, err);
        } catch (UsageException e) {
            err.print("omping: " + e.getMessage() + "\n");
            err.flush();
            out.print(USAGE);
            out.flush();
            return EXIT_USAGE;
        } catch (OmpingSetupException | IllegalArgumentException e) {
            err.print("omping: " + e.getMessage() + "\n");
            err.flush();
            return EXIT_USAGE;
        }
    }

    /** The configuration, or {@code null} when {@code -V} printed the version. */
    OmpingConfig configure(PrintWriter out) throws UsageException, OmpingSetupException {
        if (!unmatched.isEmpty()) {
            String arg = unmatched.get(0);
            throw new UsageException("invalid option -- '" + (arg.length() > 1 ? arg.substring(1, 2) : arg) + "'");
        }
        long countValue = count == null ? 0 : (long) number("c", count, 1, 1.8446744073709552E19, false);
        long intervalMs = millis("i", interval);
        TransportMethod method = switch (transport) {
            case "asm" -> TransportMethod.ASM;
            case "ssm" -> TransportMethod.SSM;
            case "ipbc" -> TransportMethod.IPBC;
            default -> throw new UsageException("illegal parameter, -M argument -- " + transport);
        };
        boolean clientOnly = switch (opMode) {
            case "normal" -> false;
            case "client" -> true;
            default -> throw new UsageException("illegal parameter, -O argument -- " + opMode);
        };
        int rcvbuf = receiveBuffer == null ? 0 : (int) number("R", receiveBuffer, MIN_BUFFER, Integer.MAX_VALUE, true);
        Long rateMs = rateLimit == null ? null : millis("r", rateLimit);
        int sndbuf = sendBuffer == null ? 0 : (int) number("S", sendBuffer, MIN_BUFFER, Integer.MAX_VALUE, true);
        long timeoutMs = millis("T", timeout);
        int ttlValue = ttl();
        Long waitMs = null;
        if (waitTime != null) {
            double w = parse("w", waitTime);
            if ((w < 0 && w != -1) || w * 1000 > Integer.MAX_VALUE) {
                throw new UsageException("illegal number, -w argument -- " + waitTime);
            }
            waitMs = (long) (w * 1000);
        }
        if (version.length == 1) {
            out.print(VERSION + "\n");
            out.flush();
            return null;
        }
        if (version.length > 1 && clientOnly) {
            throw new UsageException("op_mode must be set to normal for remote version display.");
        }
        if (force.length < 1) {
            if (intervalMs < OmpingConfig.DEFAULT_INTERVAL_MS) {
                throw new UsageException("illegal nmber, -i argument " + intervalMs + " ms < 1000 ms. Use -F to force.");
            }
            if (ttlValue < OmpingConfig.DEFAULT_TTL) {
                throw new UsageException("illegal nmber, -t argument " + ttlValue + " < 64. Use -F to force.");
            }
        }
        if (force.length < 2 && intervalMs == 0) {
            throw new UsageException("illegal nmber, -i argument 0 ms < 1 ms. Use -FF to force.");
        }
        int ipVersion = ipv6 ? 6 : ipv4 ? 4 : 0;
        if (method == TransportMethod.IPBC) {
            if (ipVersion == 6) {
                throw new UsageException("illegal transport method, -M argument ipbc is mutually exclusive with -6 "
                        + "option");
            }
            ipVersion = 4;
        }
        if (remoteAddresses.isEmpty()) {
            throw new UsageException("at least one remote addresses should be specified");
        }
        int portValue = port();
        OmpingTargets targets = OmpingTargets.resolve(remoteAddresses, ipVersion,
                method == TransportMethod.IPBC ? null : group, method == TransportMethod.IPBC, resolver);
        InetAddress groupAddress;
        if (method == TransportMethod.IPBC) {
            groupAddress = targets.broadcast();
            if (groupAddress == null) {
                throw new OmpingSetupException("Can't find local address in arguments");
            }
            if (group != null && !OmpingTargets.resolveAddress(group, 4, resolver).equals(groupAddress)) {
                throw new UsageException("illegal broadcast address, -M argument doesn't match with local broadcast "
                        + "address");
            }
        } else {
            groupAddress = OmpingTargets.group(group, targets.localAddress(), resolver);
        }
        OmpingConfig.Builder b = OmpingConfig.builder(targets.localAddress(), targets.peers())
                .group(groupAddress).port(portValue).transport(method).intervalMs(intervalMs).count(countValue)
                .ttl(ttlValue).timeoutMs(timeoutMs).autoExit(!noAutoExit).clientOnly(clientOnly)
                .remoteVersion(version.length > 1).sendBufferBytes(sndbuf).receiveBufferBytes(rcvbuf);
        if (rateMs != null) {
            b.rateLimitMs(rateMs);
        }
        if (waitMs != null) {
            b.waitForFinishMs(waitMs);
        }
        return b.build();
    }

    private int run(OmpingConfig config, PrintWriter out, PrintWriter err) {
        OmpingReport report = new OmpingReport(config, out, quiet.length, continuousStatistics.length > 0);
        OmpingSession session;
        try {
            session = OmpingSession.start(config, report);
        } catch (IOException e) {
            err.print("omping: Cannot create socket: " + e.getMessage() + "\n");
            err.flush();
            return EXIT_SOCKET;
        }
        Signals.install(session, report, out);
        try {
            OmpingResult result = session.await();
            if (verbose.length > 0) {
                for (OmpingCounter c : OmpingCounter.values()) {
                    long n = result.counters().getOrDefault(c, 0L);
                    if (n > 0) {
                        err.print("omping: " + n + " " + c.label() + "\n");
                    }
                }
                err.flush();
            }
            return EXIT_OK;
        } catch (IOException e) {
            err.print("omping: Cannot receive message: " + e.getMessage() + "\n");
            err.flush();
            return EXIT_SOCKET;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            session.abort();
            return EXIT_OK;
        } finally {
            Signals.uninstall();
        }
    }

    private int ttl() throws UsageException {
        if (!ttl.matches("[+-]?\\d+")) {
            throw new UsageException("illegal number, -t argument -- " + ttl);
        }
        long v;
        try {
            v = Long.parseLong(ttl);
        } catch (NumberFormatException e) {
            throw new UsageException("illegal number, -t argument -- " + ttl);
        }
        if (v <= 0 || v > 255) {
            throw new UsageException("illegal number, -t argument -- " + ttl);
        }
        return (int) v;
    }

    /** A port number; omping hands it to getaddrinfo, this says plainly what is wrong. */
    private int port() throws OmpingSetupException {
        int v;
        try {
            v = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new OmpingSetupException("illegal port, -p argument -- " + port + " (a number 1-65535)");
        }
        if (v < 1 || v > 65535) {
            throw new OmpingSetupException("illegal port, -p argument -- " + port + " (a number 1-65535)");
        }
        return v;
    }

    private static double parse(String option, String text) throws UsageException {
        if (!NUMBER.matcher(text).matches()) {
            throw new UsageException("illegal number, -" + option + " argument -- " + text);
        }
        return Double.parseDouble(text);
    }

    private static double number(String option, String text, double min, double max, boolean maxInclusive)
            throws UsageException {
        double v = parse(option, text);
        if (v < min || (maxInclusive ? v > max : v >= max)) {
            throw new UsageException("illegal number, -" + option + " argument -- " + text);
        }
        return v;
    }

    /** Seconds as omping reads them: {@code (int)(x * 1000)} ms, at least 0, at most INT32_MAX ms. */
    private static long millis(String option, String text) throws UsageException {
        double v = parse(option, text);
        if (v < 0 || v * 1000 > Integer.MAX_VALUE) {
            throw new UsageException("illegal number, -" + option + " argument -- " + text);
        }
        return (int) (v * 1000.0);
    }

    /**
     * omping's signals: the first SIGINT ends the run (summary, then the finishing phase), the second ends it at
     * once, the third kills; SIGUSR1 prints the summary so far. Uses the JDK's sun.misc.Signal where present.
     */
    private static final class Signals {
        static void install(OmpingSession session, OmpingReport report, PrintWriter out) {
            try {
                int[] interrupts = {0};
                sun.misc.Signal intr = new sun.misc.Signal("INT");
                sun.misc.Signal.handle(intr, s -> {
                    interrupts[0]++;
                    if (interrupts[0] == 1) {
                        session.stop();
                    } else {
                        session.abort();
                        sun.misc.Signal.handle(intr, sun.misc.SignalHandler.SIG_DFL);
                    }
                });
                sun.misc.Signal usr1 = new sun.misc.Signal("USR1");
                sun.misc.Signal.handle(usr1, s -> session.snapshot().thenAccept(r -> {
                    report.printSummary(r);
                    out.print("\n");
                    out.flush();
                }));
            } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
                // no signal support here: Ctrl-C ends the JVM without the summary
            }
        }

        static void uninstall() {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal("INT"), sun.misc.SignalHandler.SIG_DFL);
                sun.misc.Signal.handle(new sun.misc.Signal("USR1"), sun.misc.SignalHandler.SIG_DFL);
            } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
                // nothing was installed
            }
        }
    }
}
