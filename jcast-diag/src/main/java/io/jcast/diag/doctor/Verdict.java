package io.jcast.diag.doctor;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The conclusion in plain words: the most likely cause of what the checks and probes saw, and its fix.
 * {@code cause} is stable for scripts ({@code --json}).
 */
public record Verdict(Cause cause, String text, String fix) {
    public enum Cause {
        HEALTHY, INTERFACE, PEER_UNREACHABLE, FIREWALL, RP_FILTER, MULTICAST_BLOCKED, SNOOPING_WITHOUT_QUERIER,
        MTU, MULTICAST_LOSS, NO_ROUTE, CANNOT_CHECK;

        public String jsonName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static final String QUERIER_FIX = "enable an IGMP querier on the switch or bridge (Linux bridge: echo 1 >"
            + " /sys/class/net/br0/bridge/multicast_querier; a switch: its IGMP snooping querier setting), or turn"
            + " IGMP snooping off there";

    public boolean healthy() {
        return cause == Cause.HEALTHY;
    }

    /**
     * @param responder what a peer must run, e.g. "jcast ssmpingd"
     */
    static Verdict of(String ifname, int mtu, int port, String responder, List<Check> checks,
            List<PeerReport> peers) {
        Optional<Check> iface = failed(checks, "interface").or(() -> failed(checks, "address"));
        if (iface.isPresent()) {
            return new Verdict(Cause.INTERFACE, iface.get().detail(), iface.get().fix());
        }
        for (PeerReport p : peers) {
            ProbeResult f = p.flood();
            if (f.unicast().received() == 0) {
                String why = f.refused() > 0
                        ? "refuses (ICMP port unreachable): nothing listens on UDP " + port + " there"
                        : !f.sendError().isEmpty() ? "cannot be asked: " + f.sendError()
                        : "does not answer: it does not run " + responder + ", is down, or a firewall drops UDP "
                                + port;
                return new Verdict(Cause.PEER_UNREACHABLE, "peer " + p.host() + " " + why,
                        "start " + responder + " on " + p.host() + " and allow UDP " + port + " in its firewall");
            }
        }
        for (PeerReport p : peers) {
            if (p.flood().multicast().received() == 0) {
                return multicastBlocked(p, checks);
            }
        }
        for (PeerReport p : peers) {
            if (p.longRun().isEmpty()) {
                continue;
            }
            PeerReport.LongOutcome o = PeerReport.analyse(p.longRun().get());
            if (o.pattern() == PeerReport.LongPattern.STOPPED) {
                return new Verdict(Cause.SNOOPING_WITHOUT_QUERIER, "multicast from " + p.host() + " was answered"
                        + " for the first " + o.stoppedAfterSeconds() + " s, then stopped while unicast went on ("
                        + o.silentSeconds() + " s without multicast): IGMP snooping without a querier; the switch or"
                        + " bridge forgets this host's membership when it times out, because no querier asks for new"
                        + " reports", QUERIER_FIX);
            }
            if (o.pattern() == PeerReport.LongPattern.NEVER) {
                return multicastBlocked(p, checks);
            }
        }
        for (PeerReport p : peers) {
            for (ProbeResult large : p.large()) {
                if (large.sent() > 0 && (large.unicast().received() == 0 || large.multicast().received() == 0)) {
                    String which = large.unicast().received() == 0 ? "get no answer" : "get no multicast answer";
                    return new Verdict(Cause.MTU, "datagrams of " + large.size() + " bytes to and from " + p.host()
                            + " "
                            + which + " while small ones do: an MTU mismatch on the path (" + ifname + " has MTU "
                            + (mtu > 0 ? String.valueOf(mtu) : "?") + ")",
                            "give every host and switch port on the LAN the same MTU (ip link set"
                            + " dev <interface> mtu <size> on the host that differs), or keep datagrams below the"
                            + " smallest MTU");
                }
            }
        }
        for (PeerReport p : peers) {
            ProbeResult f = p.flood();
            Optional<PeerReport.LongOutcome> intermittent = p.longRun().map(PeerReport::analyse)
                    .filter(o -> o.pattern() == PeerReport.LongPattern.INTERMITTENT);
            if (f.multicastLoss() >= 10 && f.multicastLoss() > f.unicastLoss() + 10 || intermittent.isPresent()) {
                ProbeResult r = intermittent.isPresent() ? p.longRun().get() : f;
                return new Verdict(Cause.MULTICAST_LOSS, String.format(Locale.ROOT, "multicast from %s loses %.0f %%"
                        + " while unicast loses %.0f %%: the switch limits multicast (storm control), a bridge or"
                        + " switch is congested, or snooping memberships are expiring", p.host(), r.multicastLoss(),
                        r.unicastLoss()),
                                "check storm control and multicast rate limits on the switch, and that the LAN"
                        + " has an IGMP querier; send multicast at a lower rate");
            }
        }
        for (Check c : checks) {
            if (c.status() == CheckStatus.FAIL) {
                Cause cause = switch (c.id()) {
                    case "firewall" -> Cause.FIREWALL;
                    case "rp_filter" -> Cause.RP_FILTER;
                    case "route" -> Cause.NO_ROUTE;
                    case "mtu" -> Cause.MTU;
                    default -> Cause.INTERFACE;
                };
                return new Verdict(cause, c.detail(), c.fix());
            }
        }
        if (checks.stream().filter(c -> c.id().equals("interface")).allMatch(c -> c.status() == CheckStatus.SKIPPED)) {
            return new Verdict(Cause.CANNOT_CHECK, "could not check: "
                    + checks.stream().filter(c -> c.id().equals("interface")).map(Check::detail).findFirst()
                    .orElse("no interface"), "give --interface, run as root");
        }
        long warnings = checks.stream().filter(c -> c.status() == CheckStatus.WARN).count();
        String warned = warnings == 0 ? "" : " (" + warnings + " warning" + (warnings == 1 ? "" : "s")
                + " among the checks)";
        if (peers.isEmpty()) {
            return new Verdict(Cause.HEALTHY, "nothing wrong found on this host" + warned
                    + "; give --peer HOST (running " + responder + ") to test the way through the network", "");
        }
        StringBuilder text = new StringBuilder("multicast works: ");
        for (int i = 0; i < peers.size(); i++) {
            ProbeResult f = peers.get(i).flood();
            text.append(i == 0 ? "" : "; ").append(String.format(Locale.ROOT,
                    "%s answers unicast and multicast (loss %.0f %% / %.0f %%, multicast rtt %.2f ms)",
                    peers.get(i).host(), f.unicastLoss(), f.multicastLoss(), f.multicast().avgMicros() / 1000.0));
        }
        peers.stream().filter(p -> p.longRun().isPresent()).findFirst().ifPresent(p ->
                text.append("; multicast kept flowing for the whole long run"));
        return new Verdict(Cause.HEALTHY, text + warned, "");
    }

    private static Verdict multicastBlocked(PeerReport p, List<Check> checks) {
        String head = "unicast answers, multicast does not (" + p.host() + " answered " + p.flood().unicast().received()
                + " of " + p.flood().sent() + " requests on unicast, none on multicast)";
        Optional<Check> firewall = failed(checks, "firewall");
        if (firewall.isPresent()) {
            String detail = firewall.get().detail();
            int drops = detail.indexOf(" drops ");
            return new Verdict(Cause.FIREWALL, head + ": this host's firewall drops multicast ("
                    + (drops > 0 ? detail.substring(0, drops) : detail) + ")", firewall.get().fix());
        }
        Optional<Check> rp = failed(checks, "rp_filter");
        if (rp.isPresent()) {
            return new Verdict(Cause.RP_FILTER, head + ": " + rp.get().detail(), rp.get().fix());
        }
        return new Verdict(Cause.MULTICAST_BLOCKED, head
                + ": IGMP snooping without a querier, or a firewall on the peer"
                + " or on the way", QUERIER_FIX
                + "; or allow multicast in the firewall (nft insert rule inet filter input"
                + " ip daddr 224.0.0.0/4 accept; iptables -I INPUT -m addrtype --dst-type MULTICAST -j ACCEPT) and make"
                + " sure the peer routes 224.0.0.0/4 to the LAN (ip route add 224.0.0.0/4 dev <interface>)");
    }

    private static Optional<Check> failed(List<Check> checks, String id) {
        return checks.stream().filter(c -> c.id().equals(id) && c.status() == CheckStatus.FAIL).findFirst();
    }
}
