package io.jcast.cli.diag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jcast.testkit.Environment;
import io.jcast.testkit.NetLab;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The doctor's verdicts in real failures, reproduced in private namespaces: host 0 runs
 * {@code jcast doctor --interface jcnet0 --peer 10.213.0.2 --json}, host 1 runs {@code jcast ssmpingd}, both as
 * separate JVMs inside their namespaces.
 */
@Tag("netns")
class DoctorScenariosIT {
    private static final String JAVA = ProcessHandle.current().info().command().orElse("java");
    private static final String CLASSPATH = System.getProperty("java.class.path");
    private static final String PEER = NetLab.address(1);

    @TempDir
    Path work;

    private record Result(int exit, JsonNode json, String stdout, String stderr) {
        String cause() {
            return json.path("verdict").path("cause").asText();
        }

        String verdict() {
            return json.path("verdict").path("text").asText();
        }

        JsonNode check(String id) {
            for (JsonNode c : json.path("checks")) {
                if (c.path("id").asText().equals(id)) {
                    return c;
                }
            }
            throw new AssertionError("no check " + id + " in " + stdout);
        }
    }

    @BeforeEach
    void needsNamespaces() {
        Environment.assumeNamespaceLab();
    }

    private void startSsmpingd(NetLab lab, int host) throws IOException, InterruptedException {
        lab.start(host, List.of(JAVA, "-cp", CLASSPATH, "io.jcast.cli.Main", "ssmpingd"), work,
                work.resolve("ssmpingd.out"), work.resolve("ssmpingd.err"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (lab.exec(host, "ss", "-Hlun", "sport = :4321").isBlank()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("ssmpingd did not start: " + Files.readString(work.resolve("ssmpingd.err")));
            }
            Thread.sleep(100);
        }
    }

    private Result doctor(NetLab lab, int host, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", lab.namespace(host), JAVA, "-cp",
                CLASSPATH, "io.jcast.cli.Main", "doctor"));
        command.addAll(List.of(args));
        Path out = work.resolve("doctor.out");
        Path err = work.resolve("doctor.err");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                throw new AssertionError("doctor did not finish in 120 s");
            }
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        String stdout = Files.readString(out);
        String stderr = Files.readString(err);
        System.out.println("doctor " + String.join(" ", args) + " -> exit " + p.exitValue() + "\n" + stderr + stdout);
        JsonNode json = stdout.isBlank() ? new ObjectMapper().createObjectNode() : new ObjectMapper().readTree(stdout);
        return new Result(p.exitValue(), json, stdout, stderr);
    }

    @Test
    void healthyLan() throws Exception {
        try (NetLab lab = NetLab.create(2)) {
            startSsmpingd(lab, 1);
            Result r = doctor(lab, 0, "--interface", NetLab.INTERFACE, "--peer", PEER, "--json");
            assertEquals("healthy", r.cause(), r.verdict());
            assertEquals(0, r.exit());
            assertTrue(r.verdict().startsWith("multicast works: 10.213.0.2 answers unicast and multicast"),
                    r.verdict());
            assertEquals("ok", r.check("firewall").path("status").asText());
            assertEquals("ok", r.check("peer_multicast").path("status").asText());
            assertEquals("ok", r.check("peer_mtu").path("status").asText());
            assertTrue(r.json().path("peers").get(0).path("flood").path("unicast").path("received").asInt() >= 90);
        }
    }

    @Test
    void multicastDroppedByNftablesOnTheDoctorsHost() throws Exception {
        try (NetLab lab = NetLab.create(2)) {
            lab.exec(0, "nft", "add", "table", "inet", "filter");
            lab.exec(0, "nft", "add", "chain", "inet", "filter", "input", "{ type filter hook input priority 0; }");
            lab.exec(0, "nft", "add", "rule", "inet", "filter", "input", "ip", "daddr", "224.0.0.0/4", "drop");
            startSsmpingd(lab, 1);
            Result r = doctor(lab, 0, "--interface", NetLab.INTERFACE, "--peer", PEER, "--json");
            assertEquals(1, r.exit());
            assertEquals("firewall", r.cause(), r.verdict());
            assertTrue(r.verdict().startsWith("unicast answers, multicast does not"), r.verdict());
            assertTrue(r.verdict().contains("this host's firewall drops multicast"), r.verdict());
            assertTrue(r.verdict().contains("'inet filter input: ip daddr 224.0.0.0/4 drop'"), r.verdict());
            assertTrue(r.json().path("verdict").path("fix").asText()
                    .startsWith("nft insert rule inet filter input ip daddr 224.0.0.0/4 accept"));
            assertEquals("fail", r.check("firewall").path("status").asText());
        }
    }

    /**
     * The classic failure: a snooping switch without a querier forgets the membership and multicast stops while
     * unicast goes on. A Linux bridge that has never heard a querier floods instead (br_multicast_querier_exists),
     * so a querier is heard once, as when the router that was the querier goes away, and then never again.
     */
    @Test
    void snoopingBridgeWithoutQuerierStopsMulticastAfterTheMembershipInterval() throws Exception {
        try (NetLab lab = NetLab.create(3)) {
            String br = lab.bridgeNamespace();
            NetLab.run("ip", "-n", br, "link", "set", "br0", "type", "bridge", "mcast_snooping", "1",
                    "mcast_querier", "0", "mcast_membership_interval", "1000");
            lab.exec(2, "ip", "link", "add", "qbr", "type", "bridge", "mcast_snooping", "1", "mcast_querier", "1",
                    "mcast_igmp_version", "3", "mcast_startup_query_count", "1", "mcast_query_interval", "100000");
            lab.exec(2, "ip", "link", "set", NetLab.INTERFACE, "master", "qbr");
            lab.exec(2, "ip", "link", "set", "qbr", "up");
            Thread.sleep(1000);
            lab.exec(2, "ip", "link", "del", "qbr");
            startSsmpingd(lab, 1);
            Result r = doctor(lab, 0, "--interface", NetLab.INTERFACE, "--peer", PEER, "--json", "--long", "--long-duration",
                    "40s");
            assertEquals(1, r.exit());
            assertEquals("snooping_without_querier", r.cause(), r.verdict());
            assertTrue(r.verdict().contains("then stopped while unicast went on"), r.verdict());
            assertTrue(r.verdict().contains("IGMP snooping without a querier"), r.verdict());
            JsonNode timeline = r.json().path("peers").get(0).path("long").path("timeline");
            assertTrue(timeline.get(0).path("multicast").asInt() > 0, "multicast worked at first: " + timeline);
            JsonNode last = timeline.get(timeline.size() - 1);
            assertEquals(0, last.path("multicast").asInt(), "multicast stopped: " + timeline);
            assertEquals(last.path("sent").asInt(), last.path("unicast").asInt(), "unicast went on: " + timeline);
            assertTrue(r.stderr().contains("long test of 10.213.0.2:"), "progress on stderr: " + r.stderr());
        }
    }

    @Test
    void mtuMismatch() throws Exception {
        try (NetLab lab = NetLab.create(2)) {
            lab.exec(1, "ip", "link", "set", NetLab.INTERFACE, "mtu", "1400");
            startSsmpingd(lab, 1);
            Result r = doctor(lab, 0, "--interface", NetLab.INTERFACE, "--peer", PEER, "--json");
            assertEquals(1, r.exit());
            assertEquals("mtu", r.cause(), r.verdict());
            assertTrue(r.verdict().contains("datagrams of 1500 bytes"), r.verdict());
            assertTrue(r.verdict().contains("MTU mismatch"), r.verdict());
            assertEquals("ok", r.check("peer_multicast").path("status").asText());
        }
    }

    @Test
    void querierOnTheBridgeIsHeard() throws Exception {
        try (NetLab lab = NetLab.create(1)) {
            NetLab.run("ip", "-n", lab.bridgeNamespace(), "link", "set", "br0", "type", "bridge", "mcast_snooping", "1",
                    "mcast_querier", "1", "mcast_igmp_version", "3", "mcast_query_interval", "100",
                    "mcast_startup_query_interval", "100");
            Result r = doctor(lab, 0, "--interface", NetLab.INTERFACE, "--json", "--querier-wait", "5");
            assertEquals(0, r.exit(), r.verdict());
            JsonNode querier = r.check("igmp_querier");
            assertEquals("ok", querier.path("status").asText(), querier.toString());
            assertTrue(querier.path("detail").asText().startsWith("IGMP query heard from 0.0.0.0 on " + NetLab.INTERFACE + ": igmp query v3"),
                    querier.toString());
        }
    }

    @Test
    void healthyLanWithAnOmpingPeer() throws Exception {
        try (NetLab lab = NetLab.create(2)) {
            lab.start(1, List.of(JAVA, "-cp", CLASSPATH, "io.jcast.cli.Main", "omping", NetLab.address(0), PEER), work,
                    work.resolve("omping.out"), work.resolve("omping.err"));
            Result r = doctor(lab, 0, "--interface", NetLab.INTERFACE, "--peer", PEER, "--omping", "--count", "5", "--json");
            assertEquals("healthy", r.cause(), r.verdict());
            assertEquals(0, r.exit());
            assertEquals("ok", r.check("peer_multicast").path("status").asText());
            assertEquals("skipped", r.check("peer_mtu").path("status").asText());
            assertEquals(5, r.json().path("peers").get(0).path("flood").path("sent").asInt());
        }
    }

    @Test
    void healthyLanOverIpv6() throws Exception {
        try (NetLab lab = NetLab.create(2)) {
            lab.exec(0, "ip", "addr", "add", "fd00:213::1/64", "dev", NetLab.INTERFACE, "nodad");
            lab.exec(1, "ip", "addr", "add", "fd00:213::2/64", "dev", NetLab.INTERFACE, "nodad");
            startSsmpingd(lab, 1);
            Result r = doctor(lab, 0, "--interface", NetLab.INTERFACE, "--peer", "fd00:213::2", "--json");
            assertEquals("healthy", r.cause(), r.verdict());
            assertEquals(0, r.exit());
            assertEquals("ff3e::4321:1234", r.json().path("group").asText());
            assertEquals("ok", r.check("peer_multicast").path("status").asText());
            assertEquals("skipped", r.check("igmp_querier").path("status").asText());
        }
    }

    @Test
    void unknownPeerHostIsBadInput() throws Exception {
        try (NetLab lab = NetLab.create(1)) {
            Result r = doctor(lab, 0, "--interface", NetLab.INTERFACE, "--peer", "no-such-peer.invalid", "--json");
            assertEquals(2, r.exit());
            assertEquals("doctor: unknown peer host: no-such-peer.invalid\n", r.stderr());
            assertEquals("", r.stdout());
        }
    }

    @Test
    void silentPeerIsNamed() throws Exception {
        try (NetLab lab = NetLab.create(2)) {
            Result r = doctor(lab, 0, "--interface", NetLab.INTERFACE, "--peer", PEER, "--json", "--count", "20");
            assertEquals(1, r.exit());
            assertEquals("peer_unreachable", r.cause(), r.verdict());
            assertTrue(r.verdict().contains("nothing listens on UDP 4321"), r.verdict());
        }
    }
}
