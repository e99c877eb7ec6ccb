package io.jcast.diag.doctor;

import static io.jcast.diag.doctor.PeerProbeTestSupport.address;
import static io.jcast.diag.doctor.PeerProbeTestSupport.longRun;
import static io.jcast.diag.doctor.PeerProbeTestSupport.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VerdictTest {
    private static final String PEER = "10.213.0.2";

    private static List<Check> localOk() {
        return new ArrayList<>(List.of(Check.ok("interface", "enp1s0 is up"), Check.ok("address",
                "enp1s0 has 10.213.0.1/24"),
                Check.ok("route", "ok"), Check.ok("firewall", "nftables: accepted"), Check.ok("mtu",
                        "enp1s0 has MTU 1500")));
    }

    private static PeerReport peer(ProbeResult flood, List<ProbeResult> large, ProbeResult longRun) {
        return new PeerReport(PEER, address(PEER), flood, large, Optional.ofNullable(longRun));
    }

    private static Verdict verdict(List<Check> checks, PeerReport... peers) {
        return Verdict.of("enp1s0", 1500, 4321, "jcast ssmpingd", checks, List.of(peers));
    }

    @Test
    void healthyWhenBothKindsOfAnswersArrive() {
        Verdict v = verdict(localOk(), peer(result(PEER, 66, 100, 100, 100), List.of(result(PEER, 1500, 10, 10, 10)),
                null));
        assertEquals(Verdict.Cause.HEALTHY, v.cause());
        assertTrue(v.text().startsWith("multicast works: 10.213.0.2 answers unicast and multicast"), v.text());
        assertEquals("", v.fix());
    }

    @Test
    void healthyWithoutPeersPointsAtPeers() {
        Verdict v = verdict(localOk());
        assertEquals(Verdict.Cause.HEALTHY, v.cause());
        assertTrue(v.text().contains("give --peer HOST"), v.text());
    }

    @Test
    void silentPeerIsUnreachable() {
        Verdict v = verdict(localOk(), peer(result(PEER, 66, 100, 0, 0), List.of(), null));
        assertEquals(Verdict.Cause.PEER_UNREACHABLE, v.cause());
        assertTrue(v.fix().startsWith("start jcast ssmpingd on 10.213.0.2"), v.fix());
    }

    @Test
    void unicastWithoutMulticastAndALocalFirewallDropNamesTheFirewall() {
        List<Check> checks = localOk();
        checks.set(3, Check.fail("firewall", "nftables rule 'inet filter input: ip daddr 224.0.0.0/4 drop' drops ...",
                "nft insert rule inet filter input ip daddr 224.0.0.0/4 accept"));
        Verdict v = verdict(checks, peer(result(PEER, 66, 100, 100, 0), List.of(), null));
        assertEquals(Verdict.Cause.FIREWALL, v.cause());
        assertTrue(v.text().startsWith("unicast answers, multicast does not"), v.text());
        assertTrue(v.text().contains("this host's firewall drops multicast"), v.text());
        assertEquals("nft insert rule inet filter input ip daddr 224.0.0.0/4 accept", v.fix());
    }

    @Test
    void unicastWithoutMulticastAndNoLocalCauseNamesSnoopingOrAFirewallOnTheWay() {
        Verdict v = verdict(localOk(), peer(result(PEER, 66, 100, 100, 0), List.of(), null));
        assertEquals(Verdict.Cause.MULTICAST_BLOCKED, v.cause());
        assertTrue(v.text().endsWith("IGMP snooping without a querier, or a firewall on the peer or on the way"),
                v.text());
        assertTrue(v.fix().contains("echo 1 > /sys/class/net/br0/bridge/multicast_querier"), v.fix());
        assertTrue(v.fix().contains("ip daddr 224.0.0.0/4 accept"), v.fix());
    }

    @Test
    void multicastThatStopsWhileUnicastGoesOnIsSnoopingWithoutQuerier() {
        ProbeResult run = longRun(PEER, 25, 25, 25, 22, 0, 0, 0, 0);
        assertEquals(new PeerReport.LongOutcome(PeerReport.LongPattern.STOPPED, 20, 20), PeerReport.analyse(run));
        Verdict v = verdict(localOk(), peer(result(PEER, 66, 100, 100, 100), List.of(), run));
        assertEquals(Verdict.Cause.SNOOPING_WITHOUT_QUERIER, v.cause());
        assertTrue(v.text().contains("answered for the first 20 s, then stopped while unicast went on"), v.text());
        assertTrue(v.text().contains("IGMP snooping without a querier"), v.text());
    }

    @Test
    void longRunPatterns() {
        assertEquals(PeerReport.LongPattern.STEADY, PeerReport.analyse(longRun(PEER, 25, 25, 25, 25, 25,
                25)).pattern());
        assertEquals(PeerReport.LongPattern.NEVER, PeerReport.analyse(longRun(PEER, 0, 0, 0, 0)).pattern());
        // one silent bucket at the end is too short to call it stopped
        assertEquals(PeerReport.LongPattern.INTERMITTENT,
                PeerReport.analyse(longRun(PEER, 25, 10, 25, 5, 25, 10, 25, 0)).pattern());
        assertEquals(PeerReport.LongPattern.STEADY, PeerReport.analyse(longRun(PEER, 25, 25, 25, 25, 25, 25, 25, 24))
                .pattern());
    }

    @Test
    void fullSizeDatagramsWithoutAnswerNameTheMtu() {
        Verdict v = verdict(localOk(), peer(result(PEER, 66, 100, 100, 100), List.of(result(PEER, 1500, 10, 0, 0)),
                null));
        assertEquals(Verdict.Cause.MTU, v.cause());
        assertTrue(v.text().startsWith("datagrams of 1500 bytes to and from 10.213.0.2 get no answer while small ones"
                + " do: an MTU mismatch on the path (enp1s0 has MTU 1500)"), v.text());
    }

    @Test
    void multicastLossFarAboveUnicastLoss() {
        Verdict v = verdict(localOk(), peer(result(PEER, 66, 100, 100, 60), List.of(), null));
        assertEquals(Verdict.Cause.MULTICAST_LOSS, v.cause());
        assertTrue(v.text().startsWith("multicast from 10.213.0.2 loses 40 % while unicast loses 0 %"), v.text());
    }

    @Test
    void localFailureWithoutPeersIsTheVerdict() {
        List<Check> checks = localOk();
        checks.set(2, Check.fail("route", "no route for multicast to 232.43.211.234: Network is unreachable",
                "ip route add 224.0.0.0/4 dev enp1s0"));
        Verdict v = verdict(checks);
        assertEquals(Verdict.Cause.NO_ROUTE, v.cause());
        assertEquals("ip route add 224.0.0.0/4 dev enp1s0", v.fix());
        checks.set(0, Check.fail("interface", "enp1s0 is down", "ip link set dev enp1s0 up"));
        assertEquals(Verdict.Cause.INTERFACE, verdict(checks).cause());
    }

    @Test
    void jsonHasTheStableFieldNames() throws Exception {
        List<Check> checks = localOk();
        checks.add(Check.ok("peer_unicast", "100/100").forPeer(PEER));
        PeerReport p = peer(result(PEER, 66, 100, 100, 100), List.of(), longRun(PEER, 25, 25));
        DoctorReport report = new DoctorReport("enp1s0", address("232.43.211.234"), checks, List.of(p),
                Verdict.of("enp1s0", 1500, 4321, "jcast ssmpingd", checks, List.of(p)));
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(report.toJson());
        assertEquals("enp1s0", json.get("interface").asText());
        assertEquals("interface", json.get("checks").get(0).get("id").asText());
        assertEquals("ok", json.get("checks").get(0).get("status").asText());
        assertTrue(json.get("checks").get(0).has("detail"));
        assertTrue(json.get("checks").get(0).has("fix"));
        assertEquals(PEER, json.get("checks").get(5).get("peer").asText());
        assertEquals("healthy", json.get("verdict").get("cause").asText());
        assertTrue(json.get("verdict").get("healthy").asBoolean());
        assertEquals(0, json.get("exit_code").asInt());
        assertEquals(100, json.get("peers").get(0).get("flood").get("multicast").get("received").asInt());
        assertEquals("steady", json.get("peers").get(0).get("long").get("pattern").asText());
        assertEquals(2, json.get("peers").get(0).get("long").get("timeline").size());
        assertEquals(DoctorExitCode.HEALTHY, report.exitCode());
    }
}
