package io.jcast.cli.diag;

import io.jcast.diag.doctor.Doctor;
import io.jcast.diag.doctor.DoctorExitCode;
import io.jcast.diag.doctor.DoctorInputException;
import io.jcast.diag.doctor.DoctorReport;
import io.jcast.diag.doctor.LocalSystem;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jcast doctor}: the multicast troubleshooting guides as a program, ending in a verdict and its fix. */
@Command(name = "doctor",
        header = "Find out why multicast does not work here: local checks, peer probes, a verdict with the fix.",
        description = {
            "Local checks: the interface (up, MULTICAST flag, address), the route",
            "multicast takes, rp_filter, the MTU (and the 2044-byte IPoIB multicast",
            "limit), firewall rules (nft -j list ruleset, iptables-save) that drop",
            "multicast, IGMP or UDP 9000/9001, 4321, 5404/5405, the IGMP version,",
            "whether an IGMP querier is heard (tcpdump, as root), and Linux bridges",
            "that snoop without a querier.",
            "With --peer (each running `jcast ssmpingd`, Debian's ssmpingd, or with",
            "--omping `jcast omping`/omping with this host among its nodes):",
            "unicast versus multicast answers at a flood rate, and full-size",
            "datagrams (MTU). --long probes for 10 minutes, long enough to see IGMP",
            "snooping without a querier: multicast stops when memberships time out",
            "while unicast goes on.",
            "Progress goes to stderr, the report to stdout (--json for scripts)."
        },
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            " 0:no problem found (warnings may have been printed)",
            " 1:a problem was found: the verdict names it and its fix",
            " 2:bad input: unknown option, interface or peer host, a group that is not multicast",
            " 3:could not check (no interface to check, nothing readable)"
        })
public final class DoctorCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-i", "--interface"}, paramLabel = "IF",
            description = "Interface to check (default: the one that reaches the first peer, or the group).")
    String interfaceName;

    @Option(names = {"-p", "--peer"}, paramLabel = "HOST",
            description = "Host running `jcast ssmpingd` to probe (repeatable).")
    List<String> peers = new ArrayList<>();

    @Option(names = "--long",
            description = "Probe the peers for 10 minutes at 5 requests/s (catches IGMP snooping without a querier).")
    boolean longMode;

    @Option(names = "--json", description = "Print the report as JSON (fields: checks[] with id, status, detail, fix;"
            + " peers[]; verdict with cause, text, fix; exit_code).")
    boolean json;

    @Option(names = "--omping", description = "The peers run `jcast omping` (or omping 0.0.5) with this host among"
            + " their nodes, instead of ssmpingd; probed as `omping -O client` at the peers' interval.")
    boolean omping;

    @Option(names = "--count", paramLabel = "N",
            description = "Requests of the flood probe per peer (1-10000; default 100, with --omping 10).")
    Integer count;

    @Option(names = "--rate", paramLabel = "N", description = "Requests per second of the flood probe (1-150; default"
            + " 100: jcast ssmpingd answers 200/s per source; with --omping 1, the peers' -i, faster Queries are"
            + " dropped).")
    Integer rate;

    @Option(names = "--group", paramLabel = "GROUP",
            description = "Group the peers answer to (default: 232.43.211.234, or ff3e::4321:1234 for IPv6 peers).")
    String group;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "4321", description = "The peers' ssmpingd UDP port.")
    int port;

    @Option(names = "--querier-wait", paramLabel = "SECONDS", defaultValue = "3",
            description = "Seconds to listen for an IGMP query without --long (queriers ask every 125 s by default).")
    int querierWaitSeconds;

    @Option(names = "--long-duration", paramLabel = "DURATION", defaultValue = "10m", hidden = true,
            description = "Length of --long, e.g. 40s or 10m (for tests).")
    String longDuration;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Doctor.Options options;
        try {
            options = options();
        } catch (DoctorInputException e) {
            err.println("doctor: " + e.getMessage());
            return DoctorExitCode.BAD_INPUT.code();
        }
        DoctorReport report;
        try {
            report = new Doctor(LocalSystem.real(), line -> {
                err.println(line);
                err.flush();
            }).run(options);
        } catch (DoctorInputException e) {
            err.println("doctor: " + e.getMessage());
            return DoctorExitCode.BAD_INPUT.code();
        }
        out.print(json ? report.toJson() + System.lineSeparator() : report.toText());
        out.flush();
        return report.exitCode().code();
    }

    private Doctor.Options options() throws DoctorInputException {
        int n = count != null ? count : omping ? 10 : 100;
        int perSecond = rate != null ? rate : omping ? 1 : 100;
        if (n < 1 || n > 10_000) {
            throw new DoctorInputException("--count " + n + " out of range 1-10000");
        }
        if (perSecond < 1 || perSecond > 150) {
            throw new DoctorInputException("--rate " + perSecond + " out of range 1-150");
        }
        if (port < 1 || port > 65535) {
            throw new DoctorInputException("--port " + port + " out of range 1-65535");
        }
        if (querierWaitSeconds < 0 || querierWaitSeconds > 600) {
            throw new DoctorInputException("--querier-wait " + querierWaitSeconds + " out of range 0-600");
        }
        InetAddress groupAddress = null;
        if (group != null) {
            try {
                groupAddress = InetAddress.getByName(group);
            } catch (UnknownHostException e) {
                throw new DoctorInputException("unknown group: " + group);
            }
            if (!groupAddress.isMulticastAddress()) {
                throw new DoctorInputException(group + " is not a multicast address");
            }
        }
        return new Doctor.Options(interfaceName, peers, groupAddress, port, n, perSecond, longMode,
                duration(longDuration), Duration.ofSeconds(querierWaitSeconds), omping);
    }

    private static Duration duration(String text) throws DoctorInputException {
        try {
            Duration d = Duration.parse("PT" + text.toUpperCase(Locale.ROOT));
            if (d.isNegative() || d.isZero() || d.compareTo(Duration.ofHours(24)) > 0) {
                throw new DoctorInputException("--long-duration " + text + " out of range (up to 24h)");
            }
            return d;
        } catch (DateTimeParseException e) {
            throw new DoctorInputException("--long-duration " + text + ": not a duration like 40s or 10m");
        }
    }
}
