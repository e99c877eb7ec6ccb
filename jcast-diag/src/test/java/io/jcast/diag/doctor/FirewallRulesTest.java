package io.jcast.diag.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

class FirewallRulesTest {
    private static FirewallRules.Packet udp(String destination, int port) throws UnknownHostException {
        return new FirewallRules.Packet("test", "udp", InetAddress.getByName(destination), port, "enp1s0");
    }

    private static FirewallRules.Packet igmp() throws UnknownHostException {
        return new FirewallRules.Packet("igmp", "igmp", InetAddress.getByName("224.0.0.1"), -1, "enp1s0");
    }

    @Test
    void nftMulticastDropRuleDropsMulticastAndIgmpButNotTheAcceptedPorts() throws Exception {
        FirewallRules rules = FirewallRules.fromNftJson(FakeSystem.resource("nft-multicast-drop.json"));
        FirewallRules.Outcome mc = rules.evaluate(udp("232.43.211.234", 40000));
        assertEquals(FirewallRules.Verdict.DROP, mc.verdict());
        assertEquals("inet filter input: ip daddr 224.0.0.0/4 drop", mc.rule());
        assertEquals(FirewallRules.Verdict.DROP, rules.evaluate(igmp()).verdict());
        assertEquals(FirewallRules.Verdict.ACCEPT, rules.evaluate(udp("10.0.0.1", 5405)).verdict());
        assertEquals(FirewallRules.Verdict.ACCEPT, rules.evaluate(udp("10.0.0.1", 9001)).verdict());
        FirewallRules.Outcome omping = rules.evaluate(udp("10.0.0.1", 4321));
        assertEquals(FirewallRules.Verdict.DROP, omping.verdict());
        assertEquals("inet filter input: policy drop", omping.rule());
    }

    @Test
    void nftRulesetThatAcceptsMulticastIgmpAndPortsDropsNoneOfThem() throws Exception {
        FirewallRules rules = FirewallRules.fromNftJson(FakeSystem.resource("nft-corosync-ok.json"));
        assertEquals(FirewallRules.Verdict.ACCEPT, rules.evaluate(udp("232.43.211.234", 40000)).verdict());
        assertEquals(FirewallRules.Verdict.ACCEPT, rules.evaluate(igmp()).verdict());
        for (int port : LocalChecks.PORTS) {
            assertEquals(FirewallRules.Verdict.ACCEPT, rules.evaluate(udp("10.0.0.1", port)).verdict(), "port " + port);
        }
        assertEquals(FirewallRules.Verdict.DROP, rules.evaluate(udp("10.0.0.1", 12345)).verdict());
    }

    @Test
    void acceptDependingOnTheSourceMakesALaterDropUncertain() throws Exception {
        FirewallRules rules = FirewallRules.fromNftJson(FakeSystem.resource("nft-policy-drop-jump.json"));
        // 4321 is accepted in chain "mine", reached only from 10.0.0.0/8: the reject after it may or may not apply
        FirewallRules.Outcome o = rules.evaluate(udp("10.0.0.1", 4321));
        assertEquals(FirewallRules.Verdict.MAYBE_DROP, o.verdict());
        assertTrue(o.rule().contains("reject"), o.rule());
        // 9000 is accepted nowhere: rejected for sure
        assertEquals(FirewallRules.Verdict.DROP, rules.evaluate(udp("10.0.0.1", 9000)).verdict());
    }

    @Test
    void dropDependingOnTheSourceIsAMaybeInThePreroutingHook() throws Exception {
        FirewallRules rules = FirewallRules.fromNftJson(FakeSystem.resource("nft-source-dependent.json"));
        assertEquals(FirewallRules.Verdict.MAYBE_DROP, rules.evaluate(udp("232.43.211.234", 40000)).verdict());
        assertEquals(FirewallRules.Verdict.ACCEPT, rules.evaluate(udp("10.0.0.1", 9000)).verdict());
    }

    @Test
    void matchesOnOtherProtocolsNeverMatchUdpOrIgmp() throws Exception {
        FirewallRules rules = FirewallRules.fromIptablesSave("""
                *filter
                :INPUT DROP [0:0]
                -A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
                -A INPUT -p udp --dport 4321 -j ACCEPT
                COMMIT
                """);
        // the ssh rule does not make the policy uncertain
        assertEquals(FirewallRules.Verdict.DROP, rules.evaluate(udp("10.0.0.1", 9000)).verdict());
        assertEquals(FirewallRules.Verdict.ACCEPT, rules.evaluate(udp("10.0.0.1", 4321)).verdict());
    }

    @Test
    void nftRulesForOtherProtocolsAndFamiliesDoNotBlurThePolicy() throws Exception {
        FirewallRules rules = FirewallRules.fromNftJson(FakeSystem.resource("nft-ssh-only.json"));
        assertEquals(FirewallRules.Verdict.ACCEPT, rules.evaluate(igmp()).verdict());
        // "udp sport 53 accept" might accept a datagram from port 53: only that keeps the drop uncertain
        FirewallRules.Outcome mc = rules.evaluate(udp("232.43.211.234", 40000));
        assertEquals(FirewallRules.Verdict.MAYBE_DROP, mc.verdict());
        assertEquals("inet filter input: policy drop", mc.rule());
    }

    @Test
    void emptyRulesetAcceptsEverything() throws Exception {
        FirewallRules rules = FirewallRules.fromNftJson("{\"nftables\": [{\"metainfo\": {}}]}");
        assertTrue(rules.isEmpty());
        assertEquals(FirewallRules.Verdict.ACCEPT, rules.evaluate(udp("232.43.211.234", 40000)).verdict());
    }

    @Test
    void iptablesCorosyncStyleRules() throws Exception {
        FirewallRules rules = FirewallRules.fromIptablesSave("""
                # Generated by iptables-save v1.8.9
                *filter
                :INPUT DROP [0:0]
                :FORWARD ACCEPT [0:0]
                :OUTPUT ACCEPT [0:0]
                :corosync - [0:0]
                -A INPUT -m state --state RELATED,ESTABLISHED -j ACCEPT
                -A INPUT -i lo -j ACCEPT
                -A INPUT -p udp -m multiport --dports 5404,5405 -j corosync
                -A INPUT -m addrtype --dst-type MULTICAST -m comment --comment "allow multicast" -j ACCEPT
                -A INPUT -p igmp -j ACCEPT
                -A corosync -s 10.0.0.0/8 -j ACCEPT
                COMMIT
                """);
        assertEquals(FirewallRules.Verdict.ACCEPT, rules.evaluate(udp("232.43.211.234", 40000)).verdict());
        assertEquals(FirewallRules.Verdict.ACCEPT, rules.evaluate(igmp()).verdict());
        assertEquals(FirewallRules.Verdict.MAYBE_DROP, rules.evaluate(udp("10.0.0.1", 5405)).verdict());
        assertEquals(FirewallRules.Verdict.DROP, rules.evaluate(udp("10.0.0.1", 9000)).verdict());
    }

    @Test
    void iptablesDestinationDropAndNegation() throws Exception {
        FirewallRules rules = FirewallRules.fromIptablesSave("""
                *filter
                :INPUT ACCEPT [0:0]
                -A INPUT -i eth1 -j DROP
                -A INPUT ! -d 224.0.0.0/4 -p udp --dport 9000 -j ACCEPT
                -A INPUT -d 224.0.0.0/4 -j DROP
                COMMIT
                """);
        FirewallRules.Outcome mc = rules.evaluate(udp("239.1.2.3", 9000));
        assertEquals(FirewallRules.Verdict.DROP, mc.verdict());
        assertEquals("ip filter INPUT: INPUT -d 224.0.0.0/4 -j DROP", mc.rule());
        assertEquals(FirewallRules.Verdict.ACCEPT, rules.evaluate(udp("10.0.0.1", 9000)).verdict());
    }

    @Test
    void addressMatchingHandlesPrefixesRangesAndFamilies() throws Exception {
        InetAddress g = InetAddress.getByName("232.43.211.234");
        assertTrue(FirewallRules.addressMatches("224.0.0.0/4", g));
        assertTrue(FirewallRules.addressMatches("232.0.0.0-232.255.255.255", g));
        assertTrue(FirewallRules.addressMatches("232.43.211.234", g));
        assertEquals(false, FirewallRules.addressMatches("10.0.0.0/8", g));
        assertEquals(false, FirewallRules.addressMatches("ff00::/8", g));
        assertTrue(FirewallRules.addressMatches("ff00::/8", InetAddress.getByName("ff3e::4321:1234")));
    }
}
