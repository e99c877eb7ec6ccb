package io.jcast.diag.doctor;

import io.jcast.diag.ssmping.SsmpingGroups;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The checks that need no peer: what the multicast troubleshooting guides tell you to look at on a host.
 * Everything is read through {@link LocalSystem}.
 */
public final class LocalChecks {
    static final int IFF_UP = 0x1;
    static final int IFF_LOOPBACK = 0x8;
    static final int IFF_MULTICAST = 0x1000;
    static final int ARPHRD_INFINIBAND = 32;
    /** IPoIB multicast datagrams are limited by the 2048-byte IB multicast MTU minus the 4-byte IPoIB header. */
    static final int IPOIB_MULTICAST_MTU = 2044;
    /** UDP ports whose blocking breaks a tool the doctor serves: jcast/udpcast, ssmping/omping, corosync. */
    static final List<Integer> PORTS = List.of(9000, 9001, 4321, 5404, 5405);
    /** IGMP's default query interval (RFC 3376): a querier speaks at least this often. */
    static final int DEFAULT_QUERY_INTERVAL_SECONDS = 125;

    private static final Pattern DEV = Pattern.compile("\\bdev (\\S+)");
    private static final Pattern INET = Pattern.compile("\\binet6? (\\S+)");

    private final LocalSystem system;

    public LocalChecks(LocalSystem system) {
        this.system = system;
    }

    public boolean interfaceExists(String name) {
        return system.interfaceExists(name);
    }

    /** The interface that reaches {@code target} (a peer or the group), from {@code ip route get}. */
    public Optional<String> routeInterface(InetAddress target) {
        CommandRunner.Result r = system.run("ip", target.getAddress().length == 16 ? "-6" : "-4", "route", "get",
                SsmpingGroups.text(target));
        if (!r.ok()) {
            return Optional.empty();
        }
        Matcher m = DEV.matcher(r.stdout());
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** Exists, administratively up, carrier, MULTICAST flag, not loopback. */
    public Check interfaceState(String ifname) {
        Path dev = system.netDevice(ifname);
        Optional<Integer> flags = system.readInt(dev.resolve("flags"));
        if (flags.isEmpty()) {
            return Check.skipped("interface", "could not read " + dev.resolve("flags"));
        }
        int f = flags.get();
        String oper = system.read(dev.resolve("operstate")).orElse("unknown");
        if ((f & IFF_UP) == 0) {
            return Check.fail("interface", ifname + " is down", "ip link set dev " + ifname + " up");
        }
        if (oper.equals("down") || oper.equals("lowerlayerdown")) {
            return Check.fail("interface", ifname + " is up but has no link (operstate " + oper + ")",
                    "check the cable, the switch port or the peer end of " + ifname);
        }
        if ((f & IFF_LOOPBACK) != 0) {
            return Check.warn("interface", ifname
                    + " is the loopback interface: multicast sent there never leaves this host",
                    "give --interface the interface of the LAN");
        }
        if ((f & IFF_MULTICAST) == 0) {
            return Check.fail("interface", ifname + " has no MULTICAST flag", "ip link set dev " + ifname
                    + " multicast on");
        }
        return Check.ok("interface", ifname + " is up (operstate " + oper + ") with the MULTICAST flag");
    }

    /** The addresses of {@code ifname} ({@code ip -o addr show}), as "10.0.0.1/24". */
    public List<String> addresses(String ifname) {
        CommandRunner.Result r = system.run("ip", "-o", "addr", "show", "dev", ifname);
        List<String> out = new ArrayList<>();
        if (r.ok()) {
            Matcher m = INET.matcher(r.stdout());
            while (m.find()) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    public Check addressCheck(String ifname, boolean ipv6) {
        CommandRunner.Result r = system.run("ip", "-o", "addr", "show", "dev", ifname);
        if (!r.ok()) {
            return Check.skipped("address", "could not run ip addr: " + r.message());
        }
        List<String> all = addresses(ifname);
        List<String> family = all.stream().filter(a -> a.contains(":") == ipv6).toList();
        if (family.isEmpty()) {
            String fam = ipv6 ? "IPv6" : "IPv4";
            return Check.fail("address", ifname + " has no " + fam + " address" + (all.isEmpty() ? "" : " (only "
                    + all + ")"),
                    "ip addr add <address>/<prefix> dev " + ifname);
        }
        return Check.ok("address", ifname + " has " + String.join(", ", family));
    }

    /** Multicast to {@code group} must leave by {@code ifname}: a 224.0.0.0/4 route or the default route there. */
    public Check route(String ifname, InetAddress group) {
        boolean v6 = group.getAddress().length == 16;
        CommandRunner.Result r = system.run("ip", v6 ? "-6" : "-4", "route", "get", SsmpingGroups.text(group));
        String addRoute = v6 ? "ip -6 route add ff00::/8 dev " + ifname + " table local"
                : "ip route add 224.0.0.0/4 dev " + ifname;
        if (r.notFound()) {
            return Check.skipped("route", "ip (iproute2) is not installed");
        }
        if (!r.ok()) {
            return Check.fail("route", "no route for multicast to " + SsmpingGroups.text(group) + ": " + r.message(),
                    addRoute);
        }
        Matcher m = DEV.matcher(r.stdout());
        String dev = m.find() ? m.group(1) : "?";
        if (!dev.equals(ifname)) {
            return Check.warn("route", "multicast to " + SsmpingGroups.text(group) + " leaves by " + dev + ", not "
                    + ifname + ": programs that do not pick the interface themselves (ssmpingd replies, omping"
                    + " without -i) use " + dev, addRoute);
        }
        Matcher src = Pattern.compile("\\bsrc (\\S+)").matcher(r.stdout());
        return Check.ok("route", "multicast to " + SsmpingGroups.text(group) + " leaves by " + ifname
                + (src.find() ? " from " + src.group(1) : ""));
    }

    /**
     * Strict reverse-path filtering drops multicast from a source whose route back is not via the receiving
     * interface; the effective value is the larger of "all" and the interface's.
     */
    public Check rpFilter(String ifname, List<InetAddress> peers) {
        Path conf = system.proc().resolve("sys/net/ipv4/conf");
        Optional<Integer> all = system.readInt(conf.resolve("all/rp_filter"));
        Optional<Integer> dev = system.readInt(conf.resolve(ifname).resolve("rp_filter"));
        if (all.isEmpty() && dev.isEmpty()) {
            return Check.skipped("rp_filter", "could not read " + conf + "/{all," + ifname + "}/rp_filter");
        }
        int value = Math.max(all.orElse(0), dev.orElse(0));
        String detail = "rp_filter " + value + " (all " + all.map(String::valueOf).orElse("?") + ", " + ifname + " "
                + dev.map(String::valueOf).orElse("?") + ")";
        if (value != 1) {
            return Check.ok("rp_filter", detail + (value == 2 ? ": loose" : ": off"));
        }
        String fix = "sysctl -w net.ipv4.conf.all.rp_filter=2 net.ipv4.conf." + ifname + ".rp_filter=2";
        List<String> elsewhere = new ArrayList<>();
        for (InetAddress peer : peers) {
            if (peer.getAddress().length == 4) {
                routeInterface(peer).filter(d -> !d.equals(ifname))
                        .ifPresent(d -> elsewhere.add(SsmpingGroups.text(peer) + " via " + d));
            }
        }
        if (!elsewhere.isEmpty()) {
            return Check.fail("rp_filter", detail + ": strict, and the route back to " + String.join(", ", elsewhere)
                    + " is not via " + ifname + ", so their multicast is dropped", fix);
        }
        Optional<String> defaultDev = defaultRouteInterface();
        if (defaultDev.isPresent() && !defaultDev.get().equals(ifname)) {
            return Check.warn("rp_filter", detail + ": strict, and the default route is via " + defaultDev.get()
                    + ": multicast from sources outside " + ifname + "'s subnets is dropped", fix);
        }
        return Check.ok("rp_filter", detail + ": strict, but the sources in question are routed via " + ifname);
    }

    private Optional<String> defaultRouteInterface() {
        CommandRunner.Result r = system.run("ip", "-4", "route", "show", "default");
        if (!r.ok()) {
            return Optional.empty();
        }
        Matcher m = DEV.matcher(r.stdout());
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    public Optional<Integer> mtuOf(String ifname) {
        return system.readInt(system.netDevice(ifname).resolve("mtu"));
    }

    /** The MTU, and the IPoIB multicast limit on InfiniBand links. */
    public Check mtu(String ifname) {
        Optional<Integer> mtu = mtuOf(ifname);
        if (mtu.isEmpty()) {
            return Check.skipped("mtu", "could not read " + system.netDevice(ifname).resolve("mtu"));
        }
        int type = system.readInt(system.netDevice(ifname).resolve("type")).orElse(1);
        if (type == ARPHRD_INFINIBAND) {
            if (mtu.get() > IPOIB_MULTICAST_MTU) {
                return Check.warn("mtu", ifname + " is IPoIB with MTU " + mtu.get()
                        + " (connected mode): multicast is still"
                        + " limited to " + IPOIB_MULTICAST_MTU + " bytes, larger multicast datagrams are dropped",
                        "keep multicast packets at most " + IPOIB_MULTICAST_MTU + " bytes (jcast send --mtu "
                        + IPOIB_MULTICAST_MTU + "), or use datagram mode (echo datagram > /sys/class/net/" + ifname
                        + "/mode)");
            }
            return Check.ok("mtu", ifname + " is IPoIB with MTU " + mtu.get() + " (within the " + IPOIB_MULTICAST_MTU
                    + "-byte IPoIB multicast limit)");
        }
        if (mtu.get() < 1280) {
            return Check.warn("mtu", ifname + " has MTU " + mtu.get() + ", below the 1280 bytes IPv6 needs",
                    "ip link set dev " + ifname + " mtu 1500");
        }
        return Check.ok("mtu", ifname + " has MTU " + mtu.get() + "; every host and switch on the path needs the same"
                + " (with --peer, full-size datagrams are probed)");
    }

    /** IGMP version in force: force_igmp_version and the querier version column of /proc/net/igmp. */
    public Check igmpVersion(String ifname) {
        Optional<Integer> forced = system.readInt(system.proc().resolve("sys/net/ipv4/conf").resolve(ifname)
                .resolve("force_igmp_version"));
        Optional<String> inForce = igmpQuerierColumn(ifname);
        if (forced.isEmpty() && inForce.isEmpty()) {
            return Check.skipped("igmp_version", "could not read force_igmp_version or /proc/net/igmp for " + ifname);
        }
        String detail = "force_igmp_version " + forced.map(String::valueOf).orElse("?") + ", /proc/net/igmp shows "
                + inForce.orElse("nothing for " + ifname);
        String fix = "sysctl -w net.ipv4.conf." + ifname + ".force_igmp_version=0";
        if (forced.orElse(0) == 1 || forced.orElse(0) == 2) {
            return Check.warn("igmp_version", detail + ": IGMPv" + forced.get() + " is forced, so source-specific joins"
                    + " (SSM, ssmping) fall back to any-source and SSM groups (232.0.0.0/8) may not be delivered", fix);
        }
        if (inForce.isPresent() && !inForce.get().equals("V3")) {
            return Check.warn("igmp_version", detail + ": an IGMP" + inForce.get().toLowerCase()
                    + " querier was heard on "
                    + ifname + ", so this host answers in that version and SSM source filters are lost",
                    "configure the querier (router or switch) for IGMPv3");
        }
        return Check.ok("igmp_version", detail + ": IGMPv3");
    }

    /**
     * The "Querier" column of /proc/net/igmp for the interface: V1/V2 when an older querier was heard recently,
     * else V3 (which does not prove that any querier was heard).
     */
    Optional<String> igmpQuerierColumn(String ifname) {
        Optional<String> table = system.read(system.proc().resolve("net/igmp"));
        if (table.isEmpty()) {
            return Optional.empty();
        }
        for (String line : table.get().lines().toList()) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 5 && f[1].equals(ifname) && f[2].equals(":")) {
                return Optional.of(f[4]);
            }
        }
        return Optional.empty();
    }

    /**
     * Whether an IGMP membership query is heard on {@code ifname} within {@code wait}: captured with tcpdump
     * (root only). Queriers send every 125 s by default, so silence in a short wait proves little.
     */
    public Check querier(String ifname, Duration wait) {
        Optional<String> column = igmpQuerierColumn(ifname);
        boolean olderSeen = column.isPresent() && !column.get().equals("V3");
        String seen = olderSeen ? "an IGMP" + column.get().toLowerCase(Locale.ROOT) + " querier was heard on " + ifname
                + " recently (/proc/net/igmp)" : "";
        String limits = "/proc/net/igmp only shows a querier when it speaks IGMPv1/v2";
        if (!system.root()) {
            return olderSeen ? Check.ok("igmp_querier", seen)
                    : Check.skipped("igmp_querier", "not root, so no capture of IGMP queries; " + limits);
        }
        CommandRunner.Result r = system.commands().run(wait, List.of("tcpdump", "-i", ifname, "-n", "-p", "-l",
                "-c", "1", "igmp[0] = 0x11"));
        if (r.notFound()) {
            return olderSeen ? Check.ok("igmp_querier", seen)
                    : Check.skipped("igmp_querier", "tcpdump is not installed (apt-get install tcpdump); " + limits);
        }
        Optional<String> heard = r.stdout().lines().filter(l -> l.contains("igmp query")).findFirst();
        if (heard.isPresent()) {
            Matcher m = Pattern.compile("IP (\\S+) > ").matcher(heard.get());
            String who = m.find() ? m.group(1) : "?";
            return Check.ok("igmp_querier", "IGMP query heard from " + who + " on " + ifname + ": "
                    + heard.get().substring(heard.get().indexOf("igmp query")));
        }
        if (!r.timedOut() && !r.ok()) {
            return olderSeen ? Check.ok("igmp_querier", seen)
                    : Check.skipped("igmp_querier", "tcpdump failed: " + r.message());
        }
        String none = "no IGMP query heard on " + ifname + " in " + wait.toSeconds() + " s";
        String fix = "make sure the LAN has an IGMP querier: the multicast router, or the switch's IGMP snooping"
                + " querier, or a Linux bridge (echo 1 > /sys/class/net/<bridge>/bridge/multicast_querier)";
        if (olderSeen) {
            return Check.warn("igmp_querier", none + ", although " + seen + ": it may have gone", fix);
        }
        if (wait.toSeconds() > DEFAULT_QUERY_INTERVAL_SECONDS) {
            return Check.warn("igmp_querier", none + ", longer than the default query interval ("
                    + DEFAULT_QUERY_INTERVAL_SECONDS + " s): this LAN seems to have no IGMP querier, so switches that"
                    + " snoop IGMP stop its multicast a few minutes after a join", fix);
        }
        return Check.warn("igmp_querier", none + "; queriers ask every " + DEFAULT_QUERY_INTERVAL_SECONDS + " s by"
                + " default, so this is too short to prove there is none" + (wait.toSeconds() < 30 ? "; with IGMP"
                + " snooping on the switch and no querier, multicast stops a few minutes after a join (--long shows it)"
                : ""), fix);
    }

    /** Linux bridges on this host that snoop IGMP without a querier of their own. */
    public Check bridges(String ifname) {
        Path net = system.sys().resolve("class/net");
        List<String> bridges = new ArrayList<>();
        try (Stream<Path> s = Files.list(net)) {
            s.filter(p -> Files.isDirectory(p.resolve("bridge"))).map(p -> p.getFileName().toString()).sorted()
                    .forEach(bridges::add);
        } catch (IOException e) {
            return Check.skipped("bridge", "could not list " + net);
        }
        if (bridges.isEmpty()) {
            return Check.ok("bridge", "no Linux bridge on this host");
        }
        Optional<String> portOf = readLinkName(system.netDevice(ifname).resolve("brport/bridge"));
        List<String> details = new ArrayList<>();
        List<String> fixes = new ArrayList<>();
        boolean problem = false;
        for (String br : bridges) {
            Path b = net.resolve(br).resolve("bridge");
            int snooping = system.readInt(b.resolve("multicast_snooping")).orElse(-1);
            int querier = system.readInt(b.resolve("multicast_querier")).orElse(-1);
            long membership = system.readInt(b.resolve("multicast_membership_interval")).orElse(-1);
            String d = br + ": multicast_snooping " + snooping + ", multicast_querier " + querier
                    + (membership >= 0 ? ", membership interval " + membership / 100 + " s" : "")
                    + (portOf.filter(br::equals).isPresent() ? " (" + ifname + " is its port)" : "")
                    + (br.equals(ifname) ? " (the interface checked)" : "");
            if (snooping == 1 && querier == 0) {
                problem = true;
                d += ": snoops IGMP without a querier of its own; unless another querier is on this LAN, group members"
                        + " expire after the membership interval and their multicast stops";
                fixes.add("echo 1 > /sys/class/net/" + br + "/bridge/multicast_querier");
            }
            details.add(d);
        }
        String detail = String.join("; ", details);
        if (problem) {
            return Check.warn("bridge", detail, String.join("; ", fixes)
                    + " (or turn snooping off: echo 0 > /sys/class/net/<bridge>/bridge/multicast_snooping)");
        }
        return Check.ok("bridge", detail);
    }

    private static Optional<String> readLinkName(Path link) {
        try {
            return Optional.of(Files.readSymbolicLink(link).getFileName().toString());
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    /** Firewall rules (nftables and iptables) that would drop multicast, IGMP or the tools' UDP ports. */
    public Check firewall(String ifname, List<String> localAddresses, InetAddress group) {
        return firewall(ifname, localAddresses, group, List.of());
    }

    /**
     * Like {@link #firewall(String, List, InetAddress)}, and also multicast and unicast to {@code extraPorts}: a
     * session's own port pair, which need not be the default 9000/9001.
     */
    public Check firewall(String ifname, List<String> localAddresses, InetAddress group, List<Integer> extraPorts) {
        boolean v6 = group.getAddress().length == 16;
        List<FirewallRules.Packet> packets = firewallProbes(ifname, localAddresses, group, v6, extraPorts);
        List<String> unread = new ArrayList<>();
        List<FirewallRules> rulesets = new ArrayList<>();
        CommandRunner.Result nft = system.run("nft", "-j", "list", "ruleset");
        if (nft.ok()) {
            try {
                rulesets.add(FirewallRules.fromNftJson(nft.stdout().isBlank() ? "{}" : nft.stdout()));
            } catch (IOException e) {
                unread.add("nft -j list ruleset: unreadable JSON (" + e.getMessage() + ")");
            }
        } else {
            unread.add("nft: " + nft.message());
        }
        if (!v6) {
            CommandRunner.Result ipt = system.run("iptables-save");
            if (ipt.ok()) {
                rulesets.add(FirewallRules.fromIptablesSave(ipt.stdout()));
            } else {
                unread.add("iptables-save: " + ipt.message());
            }
        }
        if (rulesets.isEmpty()) {
            return Check.skipped("firewall", "could not read the firewall rules (" + String.join("; ", unread)
                    + "): run as root to have them checked");
        }
        List<String> dropped = new ArrayList<>();
        List<String> maybe = new ArrayList<>();
        List<String> fixes = new ArrayList<>();
        boolean multicastDropped = false;
        for (FirewallRules rules : rulesets) {
            boolean mc = false;
            boolean igmp = false;
            List<Integer> ports = new ArrayList<>();
            Map<String, List<String>> dropsByRule = new LinkedHashMap<>();
            Map<String, List<String>> maybeByRule = new LinkedHashMap<>();
            for (FirewallRules.Packet p : packets) {
                FirewallRules.Outcome o = rules.evaluate(p);
                if (o.verdict() == FirewallRules.Verdict.DROP) {
                    dropsByRule.computeIfAbsent(o.rule(), k -> new ArrayList<>()).add(p.description());
                    if (p.protocol().equals("igmp")) {
                        igmp = true;
                    } else if (p.multicast()) {
                        mc = true;
                    } else {
                        ports.add(p.port());
                    }
                } else if (o.verdict() == FirewallRules.Verdict.MAYBE_DROP) {
                    maybeByRule.computeIfAbsent(o.rule(), k -> new ArrayList<>()).add(p.description());
                }
            }
            dropsByRule.forEach((rule, what) -> dropped.add(rules.source() + " rule '" + rule + "' drops "
                    + String.join(", ", what)));
            maybeByRule.forEach((rule, what) -> maybe.add(rules.source() + " rule '" + rule + "' may drop "
                    + String.join(", ", what)));
            multicastDropped |= mc || igmp;
            String chain = dropsByRule.keySet().stream().findFirst().map(LocalChecks::chainOf).orElse("");
            fixes.addAll(firewallFixes(rules.source(), chain, mc, igmp, ports, v6));
        }
        String read = rulesets.stream().map(r -> r.source() + (r.isEmpty() ? " (no rules)" : ""))
                .reduce((a, b) -> a + " and " + b).orElse("");
        String notRead = unread.isEmpty() ? "" : " (not read: " + String.join("; ", unread) + ")";
        if (!dropped.isEmpty()) {
            String detail = String.join("; ", dropped) + notRead;
            return multicastDropped ? Check.fail("firewall", detail, String.join("; ", fixes))
                    : Check.warn("firewall", detail, String.join("; ", fixes));
        }
        if (!maybe.isEmpty()) {
            return Check.warn("firewall", String.join("; ", maybe) + ", depending on conditions not checked here"
                    + notRead, "make sure " + (v6 ? "multicast and" : "multicast, IGMP and") + " UDP ports "
                    + joinPorts(PORTS, ", ") + " are accepted");
        }
        return Check.ok("firewall", read + ": " + (v6 ? "multicast and" : "multicast, IGMP and") + " UDP ports "
                + joinPorts(PORTS, ", ")
                + " are accepted" + notRead);
    }

    /** "inet filter input" from a rule text "inet filter input: ip daddr 224.0.0.0/4 drop". */
    private static String chainOf(String ruleText) {
        int colon = ruleText.indexOf(':');
        return colon < 0 ? "" : ruleText.substring(0, colon);
    }

    private static List<String> firewallFixes(String source, String chain, boolean mc, boolean igmp,
            List<Integer> ports, boolean v6) {
        List<String> fixes = new ArrayList<>();
        if (source.equals("nftables")) {
            String where = chain.split(" ").length == 3 ? chain : "inet filter input";
            if (mc) {
                fixes.add("nft insert rule " + where + (v6 ? " ip6 daddr ff00::/8 accept"
                        : " ip daddr 224.0.0.0/4 accept"));
            }
            if (igmp) {
                fixes.add("nft insert rule " + where + " meta l4proto igmp accept");
            }
            if (!ports.isEmpty()) {
                fixes.add("nft insert rule " + where + " udp dport { " + joinPorts(ports, ", ") + " } accept");
            }
        } else {
            if (mc) {
                fixes.add("iptables -I INPUT -m addrtype --dst-type MULTICAST -j ACCEPT");
            }
            if (igmp) {
                fixes.add("iptables -I INPUT -p igmp -j ACCEPT");
            }
            if (!ports.isEmpty()) {
                fixes.add("iptables -I INPUT -p udp -m multiport --dports " + joinPorts(ports, ",") + " -j ACCEPT");
            }
        }
        return fixes;
    }

    private static String joinPorts(List<Integer> ports, String sep) {
        return String.join(sep, ports.stream().distinct().map(String::valueOf).toList());
    }

    private static List<FirewallRules.Packet> firewallProbes(String ifname, List<String> localAddresses,
            InetAddress group, boolean v6, List<Integer> extraPorts) {
        List<FirewallRules.Packet> packets = new ArrayList<>();
        String g = SsmpingGroups.text(group);
        if (!v6) {
            packets.add(new FirewallRules.Packet("IGMP queries to 224.0.0.1", "igmp", address("224.0.0.1"), -1,
                    ifname));
        }
        packets.add(new FirewallRules.Packet("multicast replies to " + g + " (ssmping/omping)", "udp", group, 40000,
                ifname));
        packets.add(new FirewallRules.Packet("multicast to " + g + " UDP 9000 (jcast/udpcast data)", "udp", group,
                9000, ifname));
        packets.add(new FirewallRules.Packet("multicast to " + g + " UDP 5405 (corosync)", "udp", group, 5405, ifname));
        for (int port : extraPorts) {
            packets.add(new FirewallRules.Packet("multicast to " + g + " UDP " + port + " (the session)", "udp", group,
                    port, ifname));
        }
        Optional<InetAddress> local = localAddresses.stream().map(a -> a.replaceAll("/.*", ""))
                .filter(a -> a.contains(":") == v6).map(LocalChecks::address).findFirst();
        local.ifPresent(a -> {
            for (int port : PORTS) {
                packets.add(new FirewallRules.Packet("unicast UDP " + port, "udp", a, port, ifname));
            }
            extraPorts.stream().filter(p -> !PORTS.contains(p)).forEach(port -> packets.add(
                    new FirewallRules.Packet("unicast UDP " + port + " (the session)", "udp", a, port, ifname)));
        });
        return packets;
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }
}
