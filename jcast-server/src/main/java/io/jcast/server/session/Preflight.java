package io.jcast.server.session;

import io.jcast.diag.doctor.Check;
import io.jcast.diag.doctor.CheckStatus;
import io.jcast.diag.doctor.LocalChecks;
import io.jcast.diag.doctor.LocalSystem;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The doctor's local checks for a session's interface, port pair and group, run before its sender opens, so a
 * session that never starts shows why (a firewall rule, a wrong route, strict rp_filter, a bridge snooping
 * without a querier) instead of just waiting.
 *
 * <p>Peers are not probed (the receivers are not there yet), and the doctor's IGMP query capture is skipped: it
 * listens for seconds and a silent LAN proves little in that time; the bridge check still names a local bridge
 * that snoops without a querier.
 */
public final class Preflight {
    /** What the session records: {@code status} is ok, warn or fail; {@code blocking} ends the session. */
    public record Result(String status, String summary, boolean blocking) {
        static final Result SKIPPED = new Result("ok", "pre-flight skipped", false);
    }

    /** Runs the checks; the seam tests replace. */
    @FunctionalInterface
    public interface Runner {
        Result check(String interfaceName, InetAddress group, int portBase);
    }

    private final LocalChecks local;

    public Preflight(LocalSystem system) {
        this.local = new LocalChecks(system);
    }

    /** A runner that checks nothing (for tests whose sessions run on a fake sender). */
    public static Runner none() {
        return (ifname, group, port) -> Result.SKIPPED;
    }

    public Result check(String interfaceName, InetAddress group, int portBase) {
        String ifname = interfaceName == null || interfaceName.isEmpty() ? null : interfaceName;
        if (ifname != null && !local.interfaceExists(ifname)) {
            // The sender could not open there either: say so now rather than as an engine error.
            return new Result("fail", "interface " + ifname + " does not exist on this node", true);
        }
        if (ifname == null) {
            Optional<String> routed = local.routeInterface(group);
            if (routed.isEmpty()) {
                return new Result("fail", "no interface given and no route for " + group.getHostAddress()
                        + ": ip route add 224.0.0.0/4 dev <interface>", false);
            }
            ifname = routed.get();
        }
        List<Check> checks = new ArrayList<>();
        checks.add(local.interfaceState(ifname));
        boolean v6 = group.getAddress().length == 16;
        checks.add(local.addressCheck(ifname, v6));
        checks.add(local.route(ifname, group));
        if (!v6) {
            checks.add(local.rpFilter(ifname, List.of()));
        }
        checks.add(local.firewall(ifname, local.addresses(ifname), group, List.of(portBase, portBase + 1)));
        checks.add(local.bridges(ifname));
        return summarise(ifname, checks);
    }

    /** The worst status and, for each check that is not ok, what it found and its fix. */
    static Result summarise(String ifname, List<Check> checks) {
        boolean fail = checks.stream().anyMatch(c -> c.status() == CheckStatus.FAIL);
        boolean warn = checks.stream().anyMatch(c -> c.status() == CheckStatus.WARN);
        String problems = checks.stream().filter(c -> c.status() == CheckStatus.FAIL || c.status() == CheckStatus.WARN)
                .map(c -> c.status().jsonName() + " " + c.id() + ": " + c.detail()
                        + (c.fix().isEmpty() ? "" : " (fix: " + c.fix() + ")"))
                .collect(Collectors.joining("; "));
        String status = fail ? "fail" : warn ? "warn" : "ok";
        String summary = problems.isEmpty() ? ifname + ": interface, address, route, rp_filter, firewall and bridges ok"
                : ifname + ": " + problems;
        return new Result(status, summary, false);
    }
}
