package io.jcast.diag.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalChecksTest {
    private static final int UP_MULTICAST = 0x1003;
    private static final InetAddress GROUP = PeerProbeTestSupport.address("232.43.211.234");

    @TempDir
    Path root;

    private FakeSystem lan() {
        return lan(root);
    }

    private static FakeSystem lan(Path root) {
        return new FakeSystem(root).device("enp1s0", UP_MULTICAST, "up", 1500, 1)
                .device("lo", 0x9, "unknown", 65536, 772)
                .file("proc/sys/net/ipv4/conf/all/rp_filter", "0")
                .file("proc/sys/net/ipv4/conf/enp1s0/rp_filter", "2")
                .file("proc/sys/net/ipv4/conf/enp1s0/force_igmp_version", "0")
                .file("proc/net/igmp", """
                        Idx\tDevice    :  Count Querier\tGroup    Users Timer\tReporter
                        1\tlo        :     1      V3
                        \t\t\t\t010000E0     1 0:00000000\t\t0
                        2\tenp1s0      :     2      V3
                        \t\t\t\tEAD32BE8     1 0:00000000\t\t0
                        \t\t\t\t010000E0     1 0:00000000\t\t0""")
                .command("ip -o addr show dev enp1s0", 0,
                        "2: enp1s0    inet 10.213.0.1/24 brd 10.213.0.255 scope global enp1s0\\       valid_lft forever\n"
                        + "2: enp1s0    inet6 fe80::1/64 scope link \\       valid_lft forever preferred_lft forever\n")
                .command("ip -4 route get 232.43.211.234", 0,
                        "multicast 232.43.211.234 dev enp1s0 src 10.213.0.1 uid 0 \n    cache <mc> \n");
    }

    @Test
    void healthyInterfaceAddressRouteAndRpFilter() {
        LocalChecks c = lan().checks(true);
        assertEquals(CheckStatus.OK, c.interfaceState("enp1s0").status());
        Check address = c.addressCheck("enp1s0", false);
        assertEquals(CheckStatus.OK, address.status());
        assertEquals("enp1s0 has 10.213.0.1/24", address.detail());
        assertEquals(CheckStatus.OK, c.route("enp1s0", GROUP).status());
        Check rp = c.rpFilter("enp1s0", List.of());
        assertEquals(CheckStatus.OK, rp.status());
        assertTrue(rp.detail().startsWith("rp_filter 2 (all 0, enp1s0 2): loose"), rp.detail());
        assertTrue(c.interfaceExists("enp1s0"));
        assertFalse(c.interfaceExists("eth9"));
    }

    @Test
    void downInterfaceAndMissingMulticastFlagFail() {
        FakeSystem fake = lan().device("eth1", 0x1002, "down", 1500, 1).device("eth2", 0x3, "up", 1500, 1)
                .device("eth3", UP_MULTICAST, "lowerlayerdown", 1500, 1);
        LocalChecks c = fake.checks(true);
        Check down = c.interfaceState("eth1");
        assertEquals(CheckStatus.FAIL, down.status());
        assertEquals("ip link set dev eth1 up", down.fix());
        Check noMulticast = c.interfaceState("eth2");
        assertEquals(CheckStatus.FAIL, noMulticast.status());
        assertEquals("ip link set dev eth2 multicast on", noMulticast.fix());
        assertEquals(CheckStatus.FAIL, c.interfaceState("eth3").status());
        assertEquals(CheckStatus.WARN, c.interfaceState("lo").status());
    }

    @Test
    void missingIpv4AddressFails() {
        LocalChecks c = lan().command("ip -o addr show dev enp1s0", 0, "").checks(true);
        Check a = c.addressCheck("enp1s0", false);
        assertEquals(CheckStatus.FAIL, a.status());
        assertEquals("enp1s0 has no IPv4 address", a.detail());
    }

    @Test
    void noMulticastRouteFailsAndARouteViaAnotherInterfaceWarns() {
        LocalChecks none = lan().command("ip -4 route get 232.43.211.234", 2,
                "RTNETLINK answers: Network is unreachable")
                .checks(true);
        Check r = none.route("enp1s0", GROUP);
        assertEquals(CheckStatus.FAIL, r.status());
        assertEquals("ip route add 224.0.0.0/4 dev enp1s0", r.fix());
        assertTrue(r.detail().contains("Network is unreachable"), r.detail());

        LocalChecks other = lan().command("ip -4 route get 232.43.211.234", 0,
                "multicast 232.43.211.234 via 192.168.1.1 dev wlan0 src 192.168.1.5 uid 0\n").checks(true);
        Check w = other.route("enp1s0", GROUP);
        assertEquals(CheckStatus.WARN, w.status());
        assertTrue(w.detail().startsWith("multicast to 232.43.211.234 leaves by wlan0, not enp1s0"), w.detail());
    }

    @Test
    void strictRpFilterFailsWhenThePeerIsRoutedElsewhere() {
        LocalChecks c = lan().file("proc/sys/net/ipv4/conf/all/rp_filter", "1")
                .file("proc/sys/net/ipv4/conf/enp1s0/rp_filter", "0")
                .command("ip -4 route get 10.9.0.7", 0, "10.9.0.7 via 192.168.1.1 dev wlan0 src 192.168.1.5 uid 0\n")
                .checks(true);
        Check rp = c.rpFilter("enp1s0", List.of(PeerProbeTestSupport.address("10.9.0.7")));
        assertEquals(CheckStatus.FAIL, rp.status());
        assertTrue(rp.detail().contains("10.9.0.7 via wlan0"), rp.detail());
        assertEquals("sysctl -w net.ipv4.conf.all.rp_filter=2 net.ipv4.conf.enp1s0.rp_filter=2", rp.fix());
    }

    @Test
    void ipoibMtuAboveTheMulticastLimitWarns() {
        LocalChecks c = lan().device("ib0", UP_MULTICAST, "up", 65520, LocalChecks.ARPHRD_INFINIBAND)
                .device("ib1", UP_MULTICAST, "up", 2044, LocalChecks.ARPHRD_INFINIBAND).checks(true);
        Check connected = c.mtu("ib0");
        assertEquals(CheckStatus.WARN, connected.status());
        assertTrue(connected.detail().contains("limited to 2044 bytes"), connected.detail());
        assertEquals(CheckStatus.OK, c.mtu("ib1").status());
        assertEquals(CheckStatus.OK, c.mtu("enp1s0").status());
    }

    @Test
    void forcedIgmpv2AndAnIgmpv2QuerierAreWarnings() {
        LocalChecks forced = lan().file("proc/sys/net/ipv4/conf/enp1s0/force_igmp_version", "2").checks(true);
        Check f = forced.igmpVersion("enp1s0");
        assertEquals(CheckStatus.WARN, f.status());
        assertEquals("sysctl -w net.ipv4.conf.enp1s0.force_igmp_version=0", f.fix());

        LocalChecks v2 = lan().file("proc/net/igmp", """
                Idx\tDevice    :  Count Querier\tGroup    Users Timer\tReporter
                2\tenp1s0      :     2      V2
                \t\t\t\t010000E0     1 0:00000000\t\t0""").checks(true);
        assertEquals(CheckStatus.WARN, v2.igmpVersion("enp1s0").status());
        assertEquals(CheckStatus.OK, lan().checks(true).igmpVersion("enp1s0").status());
    }

    @Test
    void querierHeardByTcpdump() {
        FakeSystem fake = lan().command("tcpdump -i enp1s0 -n -p -l -c 1 igmp[0] = 0x11", 0,
                "12:00:01.000000 IP 10.213.0.254 > 224.0.0.1: igmp query v3\n");
        Check q = fake.checks(true).querier("enp1s0", Duration.ofSeconds(3));
        assertEquals(CheckStatus.OK, q.status());
        assertEquals("IGMP query heard from 10.213.0.254 on enp1s0: igmp query v3", q.detail());
        assertEquals(Duration.ofSeconds(3), fake.timeouts.get("tcpdump -i enp1s0 -n -p -l -c 1 igmp[0] = 0x11"));
    }

    @Test
    void noQuerierHeardIsAWarningThatExplainsItsLimits() {
        FakeSystem fake = lan().command("tcpdump -i enp1s0 -n -p -l -c 1 igmp[0] = 0x11",
                new CommandRunner.Result(-1, "", "listening on enp1s0", true));
        Check q = fake.checks(true).querier("enp1s0", Duration.ofSeconds(3));
        assertEquals(CheckStatus.WARN, q.status());
        assertTrue(q.detail().startsWith("no IGMP query heard on enp1s0 in 3 s; queriers ask every 125 s"), q.detail());
        Check longWait = fake.checks(true).querier("enp1s0", Duration.ofMinutes(10));
        assertTrue(longWait.detail().endsWith("longer than the default query interval (125 s): this LAN seems to have"
                + " no IGMP querier, so switches that snoop IGMP stop its multicast a few minutes after a join"),
                longWait.detail());
        Check notRoot = lan().checks(false).querier("enp1s0", Duration.ofSeconds(3));
        assertEquals(CheckStatus.SKIPPED, notRoot.status());
    }

    @Test
    void bridgeThatSnoopsWithoutQuerierWarns() throws Exception {
        FakeSystem fake = lan().device("br0", UP_MULTICAST, "up", 1500, 1)
                .file("sys/class/net/br0/bridge/multicast_snooping", "1")
                .file("sys/class/net/br0/bridge/multicast_querier", "0")
                .file("sys/class/net/br0/bridge/multicast_membership_interval", "26000");
        Files.createDirectories(fake.sys.resolve("class/net/enp1s0/brport"));
        Files.createSymbolicLink(fake.sys.resolve("class/net/enp1s0/brport/bridge"), Path.of("../../br0"));
        Check b = fake.checks(true).bridges("enp1s0");
        assertEquals(CheckStatus.WARN, b.status());
        assertTrue(b.detail().startsWith("br0: multicast_snooping 1, multicast_querier 0, membership interval 260 s"
                + " (enp1s0 is its port)"), b.detail());
        assertTrue(b.fix().startsWith("echo 1 > /sys/class/net/br0/bridge/multicast_querier"), b.fix());

        fake.file("sys/class/net/br0/bridge/multicast_querier", "1");
        assertEquals(CheckStatus.OK, fake.checks(true).bridges("enp1s0").status());
        assertEquals("no Linux bridge on this host", lan(root.resolve("plain")).checks(true).bridges("enp1s0").detail());
    }

    @Test
    void firewallDroppingMulticastFailsWithTheNftFix() {
        LocalChecks c = lan().command("nft -j list ruleset", 0, FakeSystem.resource("nft-multicast-drop.json"))
                .checks(true);
        Check f = c.firewall("enp1s0", List.of("10.213.0.1/24"), GROUP);
        assertEquals(CheckStatus.FAIL, f.status());
        assertTrue(f.detail().startsWith("nftables rule 'inet filter input: ip daddr 224.0.0.0/4 drop' drops IGMP"
                + " queries to 224.0.0.1, multicast replies to 232.43.211.234"), f.detail());
        assertTrue(f.detail().contains("'inet filter input: policy drop' drops unicast UDP 4321"), f.detail());
        assertTrue(f.detail().endsWith("(not read: iptables-save: not installed)"), f.detail());
        assertEquals("nft insert rule inet filter input ip daddr 224.0.0.0/4 accept; nft insert rule inet filter input"
                + " meta l4proto igmp accept; nft insert rule inet filter input udp dport { 4321 } accept", f.fix());
    }

    @Test
    void firewallThatCannotBeReadIsSkippedAndSaysSo() {
        LocalChecks c = lan().command("nft -j list ruleset", 1,
                "Error: Could not process rule: Operation not permitted").checks(false);
        Check f = c.firewall("enp1s0", List.of("10.213.0.1/24"), GROUP);
        assertEquals(CheckStatus.SKIPPED, f.status());
        assertEquals("could not read the firewall rules (nft: Error: Could not process rule: Operation not permitted;"
                + " iptables-save: not installed): run as root to have them checked", f.detail());
    }

    @Test
    void iptablesOnlyFirewallIsRead() {
        LocalChecks c = lan().command("iptables-save", 0, """
                *filter
                :INPUT ACCEPT [0:0]
                -A INPUT -m pkttype --pkt-type multicast -j DROP
                COMMIT
                """).checks(true);
        Check f = c.firewall("enp1s0", List.of("10.213.0.1/24"), GROUP);
        assertEquals(CheckStatus.FAIL, f.status());
        assertTrue(f.fix().startsWith("iptables -I INPUT -m addrtype --dst-type MULTICAST -j ACCEPT"), f.fix());
        assertTrue(f.detail().endsWith("(not read: nft: not installed)"), f.detail());
    }
}
