package io.jcast.testkit;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private multicast LAN of network namespaces: one bridge namespace and hosts {@code h0..hN-1}
 * with addresses {@code 10.213.0.(i+1)/24} on interface {@code jcnet0}: a name no real host uses, so a
 * command that failed to enter its namespace cannot reach a real interface. Nothing here touches the
 * machine's own interfaces. Names are random so that concurrent test JVMs never meet.
 * Closing it ends every process it started (by PID) and deletes the namespaces.
 */
public final class NetLab implements AutoCloseable {
    public static final String INTERFACE = "jcnet0";
    /** The LAN's broadcast address (the hosts' /24). */
    public static final String BROADCAST = "10.213.0.255";

    private final String prefix;
    private final int hosts;
    private final List<Process> processes = new ArrayList<>();
    private final Thread cleanup = new Thread(this::deleteNamespaces);

    private NetLab(String prefix, int hosts) {
        this.prefix = prefix;
        this.hosts = hosts;
    }

    /** Creates a LAN of {@code hosts} hosts on a bridge with multicast snooping off (a plain switch). */
    public static NetLab create(int hosts) throws IOException {
        byte[] id = new byte[3];
        new SecureRandom().nextBytes(id);
        NetLab lab = new NetLab("jc" + HexFormat.of().formatHex(id), hosts);
        Runtime.getRuntime().addShutdownHook(lab.cleanup);
        try {
            lab.build();
        } catch (IOException | RuntimeException e) {
            lab.close();
            throw e;
        }
        return lab;
    }

    private void build() throws IOException {
        String br = bridgeNamespace();
        run("ip", "netns", "add", br);
        run("ip", "-n", br, "link", "set", "lo", "up");
        run("ip", "-n", br, "link", "add", "br0", "type", "bridge", "mcast_snooping", "0");
        run("ip", "-n", br, "link", "set", "br0", "up");
        for (int i = 0; i < hosts; i++) {
            String ns = namespace(i);
            run("ip", "netns", "add", ns);
            run("ip", "link", "add", INTERFACE, "netns", ns, "type", "veth", "peer", "name", "p" + i, "netns", br);
            run("ip", "-n", br, "link", "set", "p" + i, "master", "br0", "up");
            run("ip", "-n", ns, "link", "set", "lo", "up");
            run("ip", "-n", ns, "addr", "add", address(i) + "/24", "brd", "+", "dev", INTERFACE);
            run("ip", "-n", ns, "link", "set", INTERFACE, "up");
            // A veth would carry a UDP GSO send whole to the receivers; a NIC puts one datagram per frame, and
            // per-datagram loss (nftables) must meet datagrams, not 44-datagram bursts.
            run("ip", "netns", "exec", ns, "ethtool", "-K", INTERFACE, "tx-udp-segmentation", "off");
            run("ip", "-n", ns, "route", "add", "224.0.0.0/4", "dev", INTERFACE);
        }
    }

    public String bridgeNamespace() {
        return prefix + "-br";
    }

    public String namespace(int host) {
        return prefix + "-h" + host;
    }

    public static String address(int host) {
        return "10.213.0." + (host + 1);
    }

    public int hosts() {
        return hosts;
    }

    /**
     * Makes the bridge snoop IGMP like a switch whose querier has gone quiet: it forwards a group only to the ports
     * that reported it within {@code membership}, and nothing asks the hosts to report again. A Linux bridge that
     * knows of no querier floods every group instead, whatever it snooped, so the bridge is its own querier here:
     * it queries once as snooping starts and then every 10 minutes, and fast leave keeps it from asking after a
     * leave. Its IGMPv3 queries keep the hosts on IGMPv3, which reports a join twice within a second (IGMPv2
     * within 10 s): a membership nobody renews ends {@code membership} after the join, give or take a second.
     */
    public void snoopWithoutQueries(Duration membership) throws IOException, InterruptedException {
        String br = bridgeNamespace();
        // The intervals first: the first query arms the next with the intervals of that moment.
        run("ip", "-n", br, "link", "set", "br0", "type", "bridge", "mcast_igmp_version", "3",
                "mcast_membership_interval", Long.toString(membership.toMillis() / 10),
                "mcast_query_interval", "60000", "mcast_startup_query_count", "1", "mcast_startup_query_interval", "60000",
                "mcast_query_response_interval", "10");
        for (int i = 0; i < hosts; i++) {
            run("ip", "-n", br, "link", "set", "p" + i, "type", "bridge_slave", "fastleave", "on");
        }
        run("ip", "-n", br, "link", "set", "br0", "type", "bridge", "mcast_snooping", "1");
        run("ip", "-n", br, "link", "set", "br0", "type", "bridge", "mcast_querier", "1");
        // A host answers a query with every group it is in when its random delay (up to the 0.1 s response
        // interval) ends: a group joined before that would be reported once more, seconds after its join.
        Thread.sleep(500);
    }

    /** Whether the bridge forwards {@code group} to host {@code host}: its multicast database lists the pair. */
    public boolean forwardsGroup(int host, String group) throws IOException {
        String mdb = run("ip", "netns", "exec", bridgeNamespace(), "bridge", "mdb", "show", "dev", "br0");
        return mdb.contains(" port p" + host + " grp " + group + " ");
    }

    /** Drops this share (0..100 %) of the UDP datagrams host {@code host} receives, at random (nftables numgen). */
    public void dropIncomingUdp(int host, double percent) throws IOException {
        int permille = (int) Math.round(percent * 10);
        String ns = namespace(host);
        run("ip", "netns", "exec", ns, "nft", "add", "table", "inet", "jcastloss");
        run("ip", "netns", "exec", ns, "nft", "add", "chain", "inet", "jcastloss", "in",
                "{ type filter hook input priority 0; }");
        run("ip", "netns", "exec", ns, "nft", "add", "rule", "inet", "jcastloss", "in",
                "meta", "l4proto", "udp", "numgen", "random", "mod", "1000", "<", Integer.toString(permille), "drop");
    }

    /** Shapes what host {@code host} sends with a token bucket, e.g. {@code "100mbit"}. */
    public void limitRate(int host, String rate) throws IOException {
        run("ip", "netns", "exec", namespace(host), "tc", "qdisc", "add", "dev", INTERFACE, "root",
                "tbf", "rate", rate, "burst", "256k", "latency", "50ms");
    }

    /** Runs a command inside host {@code host}; the process is ended (by PID) when the lab closes. */
    public Process start(int host, List<String> command, Path workDir, Path stdout, Path stderr) throws IOException {
        ProcessBuilder pb = inHost(host, command, workDir)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        pb.redirectOutput(stdout == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(stdout.toFile()));
        return started(pb, stderr);
    }

    /**
     * Runs a command inside host {@code host} with its standard input and output piped to the caller (a peer the
     * test drives line by line); ended (by PID) when the lab closes.
     */
    public Process startPiped(int host, List<String> command, Path workDir, Path stderr) throws IOException {
        return started(inHost(host, command, workDir), stderr);
    }

    private ProcessBuilder inHost(int host, List<String> command, Path workDir) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace(host)));
        full.addAll(command);
        return new ProcessBuilder(full).directory(workDir.toFile());
    }

    private Process started(ProcessBuilder pb, Path stderr) throws IOException {
        pb.redirectError(stderr == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(stderr.toFile()));
        Process p = pb.start();
        synchronized (processes) {
            processes.add(p);
        }
        return p;
    }

    /** Runs a command inside host {@code host} to completion and returns its standard output. */
    public String exec(int host, String... command) throws IOException {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace(host)));
        full.addAll(List.of(command));
        return run(full.toArray(String[]::new));
    }

    /** Runs a command on this machine (outside the lab) and fails with its stderr if it fails. */
    public static String run(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out: " + String.join(" ", command));
            }
            if (p.exitValue() != 0) {
                throw new IOException("failed (" + p.exitValue() + "): " + String.join(" ", command) + ": " + out.trim());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        }
    }

    @Override
    public void close() {
        synchronized (processes) {
            for (Process p : processes) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
            processes.clear();
        }
        deleteNamespaces();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException ignored) {
            // already shutting down: the hook runs anyway
        }
    }

    private void deleteNamespaces() {
        for (int i = 0; i < hosts; i++) {
            deleteQuietly(namespace(i));
        }
        deleteQuietly(bridgeNamespace());
    }

    private static void deleteQuietly(String ns) {
        try {
            new ProcessBuilder("ip", "netns", "del", ns).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            // nothing left to clean up
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
