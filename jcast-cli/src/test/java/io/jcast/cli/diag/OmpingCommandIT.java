package io.jcast.cli.diag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jcast.testkit.Environment;
import io.jcast.testkit.NetLab;
import io.jcast.testkit.Stuck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several {@code jcast omping} processes, one per host of a private namespace LAN (nothing touches this
 * machine's interfaces), as a cluster admin runs omping: the same command on every node.
 */
@Tag("netns")
class OmpingCommandIT {
    private static final Pattern SUMMARY = Pattern.compile(
            "^(\\S+) +: +(uni|multi|broad)cast, xmt/rcv/%loss = (\\d+)/(\\d+)(?:\\+\\d+)?/(\\d+)%.*$", Pattern.MULTILINE);

    @TempDir
    Path dir;
    private NetLab lab;

    @BeforeEach
    void lab() throws IOException {
        Environment.assumeNamespaceLab();
        lab = NetLab.create(3);
    }

    @AfterEach
    void close() {
        if (lab != null) {
            lab.close();
        }
    }

    record Node(int exit, String out, String err) {
        /** Loss in % per peer and cast, from the summary, e.g. {@code "10.213.0.2 multi" -> 0}. */
        Map<String, Integer> loss() {
            Map<String, Integer> m = new HashMap<>();
            Matcher x = SUMMARY.matcher(out);
            while (x.find()) {
                m.put(x.group(1) + " " + x.group(2), Integer.parseInt(x.group(5)));
            }
            return m;
        }
    }

    private List<Node> runAll(int hosts, List<String> args) throws Exception {
        List<Process> processes = new ArrayList<>();
        for (int h = 0; h < hosts; h++) {
            List<String> cmd = new ArrayList<>(List.of("java", "-cp", System.getProperty("java.class.path"),
                    "io.jcast.cli.Main", "omping"));
            cmd.addAll(args);
            processes.add(lab.start(h, cmd, dir, dir.resolve("out" + h), dir.resolve("err" + h)));
        }
        List<Node> nodes = new ArrayList<>();
        for (int h = 0; h < hosts; h++) {
            Process p = processes.get(h);
            assertTrue(p.waitFor(90, TimeUnit.SECONDS), "node " + h + " ends by itself (-c / -T)");
            nodes.add(new Node(p.exitValue(), Files.readString(dir.resolve("out" + h)),
                    Files.readString(dir.resolve("err" + h))));
        }
        return nodes;
    }

    private static List<String> args(String... hostsAndOptions) {
        List<String> a = new ArrayList<>(List.of("-F", "-i", "0.2", "-c", "15", "-T", "40"));
        a.addAll(List.of(hostsAndOptions));
        return a;
    }

    @Test
    void shouldReportNoLossOnAHealthyLan() throws Exception {
        List<Node> nodes = runAll(3, args(NetLab.address(0), NetLab.address(1), NetLab.address(2)));
        for (int h = 0; h < 3; h++) {
            Node n = nodes.get(h);
            assertEquals(0, n.exit(), n.err());
            for (int peer = 0; peer < 3; peer++) {
                if (peer == h) {
                    continue;
                }
                String p = NetLab.address(peer);
                assertEquals(0, n.loss().get(p + " uni"), "node " + h + " unicast to " + p + ":\n" + n.out());
                assertEquals(0, n.loss().get(p + " multi"), "node " + h + " multicast from " + p + ":\n" + n.out());
            }
            assertTrue(n.out().contains(" : joined (S,G) = (*, 232.43.211.234), pinging"), n.out());
        }
    }

    @Test
    void shouldSeeAllMulticastLostWhereAFirewallDropsIt() throws Exception {
        lab.exec(2, "nft", "add", "table", "inet", "omping_test");
        lab.exec(2, "nft", "add", "chain", "inet", "omping_test", "in", "{ type filter hook input priority 0; }");
        lab.exec(2, "nft", "add", "rule", "inet", "omping_test", "in", "ip", "daddr", "224.0.0.0/4", "meta", "l4proto",
                "udp", "drop");
        List<Node> nodes = runAll(3, args(NetLab.address(0), NetLab.address(1), NetLab.address(2)));
        Node blocked = nodes.get(2);
        assertEquals(0, blocked.exit(), blocked.err());
        for (int peer = 0; peer < 2; peer++) {
            String p = NetLab.address(peer);
            assertEquals(0, blocked.loss().get(p + " uni"), blocked.out());
            assertEquals(100, blocked.loss().get(p + " multi"), blocked.out());
        }
        for (int h = 0; h < 2; h++) {
            // host 2 still sends its multicast Answers: the others receive them
            assertEquals(0, nodes.get(h).loss().get(NetLab.address(2) + " multi"), nodes.get(h).out());
        }
    }

    @Test
    void shouldPingOverIpv6() throws Exception {
        for (int h = 0; h < 2; h++) {
            lab.exec(h, "ip", "addr", "add", "fd00:213::" + (h + 1) + "/64", "dev", NetLab.INTERFACE, "nodad");
        }
        List<Node> nodes = runAll(2, args("fd00:213::1", "fd00:213::2"));
        for (int h = 0; h < 2; h++) {
            Node n = nodes.get(h);
            String p = "fd00:213::" + (2 - h);
            assertEquals(0, n.exit(), n.err());
            assertTrue(n.out().contains(p + " : joined (S,G) = (*, ff3e::4321:1234), pinging"), n.out());
            assertEquals(0, n.loss().get(p + " uni"), n.out());
            assertEquals(0, n.loss().get(p + " multi"), n.out());
            assertTrue(n.out().contains(" :   unicast, seq=1, size=81 bytes, time="), n.out());
        }
    }

    @Test
    void shouldPingWithSourceSpecificMulticastAndAnotherGroupAndPort() throws Exception {
        List<Node> nodes = runAll(2, args("-M", "ssm", "-m", "232.1.2.3", "-p", "5000", NetLab.address(0),
                NetLab.address(1)));
        for (int h = 0; h < 2; h++) {
            Node n = nodes.get(h);
            String p = NetLab.address(1 - h);
            assertEquals(0, n.exit(), n.err());
            assertTrue(n.out().contains(p + " : joined (S,G) = (" + p + ", 232.1.2.3), pinging"), n.out());
            assertEquals(0, n.loss().get(p + " multi"), n.out());
        }
    }

    @Test
    void shouldPingOverIpv4Broadcast() throws Exception {
        List<Node> nodes = runAll(2, args("-M", "ipbc", NetLab.address(0), NetLab.address(1)));
        for (int h = 0; h < 2; h++) {
            Node n = nodes.get(h);
            String p = NetLab.address(1 - h);
            assertEquals(0, n.exit(), n.err());
            assertTrue(n.out().contains(p + " : joined (S,G) = (*, 10.213.0.255), pinging"), n.out());
            assertTrue(n.out().contains(p + " : broadcast, seq=1, size=69 bytes, time="), n.out());
            assertEquals(0, n.loss().get(p + " broad"), n.out());
        }
    }

    @Test
    void shouldAskEveryPeerForItsVersion() throws Exception {
        Process server = lab.start(1, List.of("java", "-cp", System.getProperty("java.class.path"),
                "io.jcast.cli.Main", "omping", "-T", "15", NetLab.address(0), NetLab.address(1)), dir, null, null);
        try {
            Node n = runOne(List.of("-V", "-V", "-T", "15", NetLab.address(0), NetLab.address(1)));
            assertEquals(0, n.exit(), n.err());
            assertTrue(n.out().endsWith("\n" + NetLab.address(1) + " : remote version received\n\n"
                    + NetLab.address(1) + " : omping 0.0.5\n"), n.out());
        } finally {
            server.destroy();
        }
    }

    @Test
    void shouldPingWithoutAnsweringInClientMode() throws Exception {
        Process server = lab.start(1, List.of("java", "-cp", System.getProperty("java.class.path"),
                "io.jcast.cli.Main", "omping", "-F", "-i", "0.2", "-T", "8", NetLab.address(0), NetLab.address(1)), dir,
                dir.resolve("server.out"), null);
        Node client = runOne(List.of("-O", "client", "-F", "-i", "0.2", "-c", "5", "-T", "8", NetLab.address(0),
                NetLab.address(1)));
        assertEquals(0, client.exit(), client.err());
        assertEquals(0, client.loss().get(NetLab.address(1) + " uni"), client.out());
        assertEquals(0, client.loss().get(NetLab.address(1) + " multi"), client.out());
        assertTrue(server.waitFor(30, TimeUnit.SECONDS));
        assertTrue(Files.readString(dir.resolve("server.out")).endsWith(NetLab.address(0)
                + " : response message never received\n"), "a client never answers");
    }

    @Test
    void shouldPrintTheSummaryOnSigusr1AndEndOnSigint() throws Exception {
        List<Process> nodes = new ArrayList<>();
        for (int h = 0; h < 2; h++) {
            // SIGINT as a user's shell gives it, even when this test run was started in the background ("&"
            // hands SIGINT down ignored, and a JVM that starts so keeps it ignored).
            nodes.add(lab.start(h, List.of("env", "--default-signal=INT", "java", "-cp",
                    System.getProperty("java.class.path"), "io.jcast.cli.Main", "omping", "-T", "60", "-q",
                    NetLab.address(0), NetLab.address(1)), dir, dir.resolve("sig" + h), null));
        }
        Process a = nodes.get(0);
        // ip netns exec and env exec java: the PID is the JVM's
        waitForOutput(dir.resolve("sig0"), "joined");
        Thread.sleep(2500);
        NetLab.run("kill", "-USR1", Long.toString(a.pid()));
        waitForOutput(dir.resolve("sig0"), "xmt/rcv");
        NetLab.run("kill", "-INT", Long.toString(a.pid()));
        if (!a.waitFor(20, TimeUnit.SECONDS)) {
            fail("did not end after the finishing phase; output:\n" + Files.readString(dir.resolve("sig0"))
                    + "\nthreads:\n" + Stuck.threadDump(a.pid()));
        }
        assertEquals(0, a.exitValue());
        String out = Files.readString(dir.resolve("sig0"));
        String p = NetLab.address(1);
        assertEquals(2, out.lines().filter(l -> l.startsWith(p + " :   unicast, xmt/rcv")).count(),
                "a summary on SIGUSR1 and one at the end:\n" + out);
        // the other node was told to stop
        assertTrue(nodes.get(1).waitFor(20, TimeUnit.SECONDS));
        assertTrue(Files.readString(dir.resolve("sig1")).contains(NetLab.address(0) + " : server told us to stop"));
    }

    private static void waitForOutput(Path file, String text) throws Exception {
        for (int i = 0; i < 300; i++) {
            if (Files.exists(file) && Files.readString(file).contains(text)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(text + " never appeared in " + file);
    }

    @Test
    void shouldRefuseBadInputWithOneLine() throws Exception {
        assertOneLine(List.of("-m", "10.213.0.9", NetLab.address(0), NetLab.address(1)), 1,
                "omping: Given address 10.213.0.9 is not valid multicast address");
        assertOneLine(List.of("10.213.0.50", "10.213.0.51"), 1, "omping: Can't find local address in arguments");
        assertOneLine(List.of("-p", "65536", NetLab.address(0), NetLab.address(1)), 1,
                "omping: illegal port, -p argument -- 65536 (a number 1-65535)");
        assertOneLine(List.of("-m", "ff3e::1", NetLab.address(0), NetLab.address(1)), 1,
                "omping: Multicast address is ipv6 but host " + NetLab.address(0) + " supports only ipv4");
        // The port is taken: a socket error, exit 2.
        Process first = lab.start(0, List.of("java", "-cp", System.getProperty("java.class.path"), "io.jcast.cli.Main",
                "omping", "-T", "30", NetLab.address(0), NetLab.address(1)), dir, null, null);
        try {
            Thread.sleep(3000); // let the first node bind
            Node second = runOne(List.of("-T", "1", NetLab.address(0), NetLab.address(1)));
            assertEquals(2, second.exit(), second.err());
            assertTrue(second.err().startsWith("omping: Cannot create socket: "), second.err());
            assertEquals(1, second.err().lines().count());
        } finally {
            first.destroy();
        }
    }

    private Node runOne(List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("java", "-cp", System.getProperty("java.class.path"),
                "io.jcast.cli.Main", "omping"));
        cmd.addAll(args);
        Process p = lab.start(0, cmd, dir, dir.resolve("one.out"), dir.resolve("one.err"));
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Node(p.exitValue(), Files.readString(dir.resolve("one.out")), Files.readString(dir.resolve("one.err")));
    }

    private void assertOneLine(List<String> args, int exit, String line) throws Exception {
        Node n = runOne(args);
        assertEquals(exit, n.exit(), n.err());
        assertEquals(line + "\n", n.err());
        assertEquals("", n.out());
    }
}
