package io.jcast.server.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcast.diag.doctor.CommandRunner;
import io.jcast.diag.doctor.LocalSystem;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pre-flight on a scripted host: /proc and /sys trees in a temporary directory, commands answered here. */
class PreflightTest {
    private static final InetAddress GROUP = address("239.255.100.1");

    @TempDir
    Path dir;
    private String iptables = "*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n";

    @BeforeEach
    void host() throws IOException {
        Path nic = Files.createDirectories(dir.resolve("sys/class/net/jcfake0"));
        Files.writeString(nic.resolve("flags"), "0x1003");
        Files.writeString(nic.resolve("operstate"), "up");
        Files.writeString(nic.resolve("mtu"), "1500");
        for (String conf : List.of("all", "jcfake0")) {
            Files.writeString(Files.createDirectories(dir.resolve("proc/sys/net/ipv4/conf/" + conf))
                    .resolve("rp_filter"), "0");
        }
    }

    private Preflight preflight() {
        CommandRunner commands = (timeout, cmd) -> {
            String line = String.join(" ", cmd);
            if (line.startsWith("ip -o addr show dev jcfake0")) {
                return ok("2: jcfake0    inet 10.0.0.1/24 brd 10.0.0.255 scope global jcfake0\n");
            }
            if (line.startsWith("ip -4 route get 239.255.100.1")) {
                return ok("multicast 239.255.100.1 dev jcfake0 src 10.0.0.1\n");
            }
            if (line.equals("iptables-save")) {
                return ok(iptables);
            }
            return new CommandRunner.Result(CommandRunner.NOT_FOUND, "", "", false);
        };
        return new Preflight(new LocalSystem(dir.resolve("proc"), dir.resolve("sys"), commands, true));
    }

    private static CommandRunner.Result ok(String stdout) {
        return new CommandRunner.Result(0, stdout, "", false);
    }

    @Test
    void aHealthyInterfacePasses() {
        Preflight.Result r = preflight().check("jcfake0", GROUP, 63100);
        assertEquals("ok", r.status(), r.summary());
        assertFalse(r.blocking());
    }

    @Test
    void aFirewallDroppingTheSessionsSenderPortFailsWithTheFix() {
        iptables = "*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -p udp -m udp --dport 63101 -j DROP\nCOMMIT\n";
        Preflight.Result r = preflight().check("jcfake0", GROUP, 63100);
        assertEquals("fail", r.status(), r.summary());
        assertTrue(r.summary().contains("63101"), r.summary());
        assertTrue(r.summary().contains("fix: iptables"), r.summary());
        assertFalse(r.blocking(), "a failed check warns; the session still waits for its receivers");
    }

    @Test
    void aBridgeSnoopingWithoutQuerierWarns() throws IOException {
        Path br = Files.createDirectories(dir.resolve("sys/class/net/br0/bridge"));
        Files.writeString(br.resolve("multicast_snooping"), "1");
        Files.writeString(br.resolve("multicast_querier"), "0");
        Preflight.Result r = preflight().check("jcfake0", GROUP, 63100);
        assertEquals("warn", r.status(), r.summary());
        assertTrue(r.summary().contains("br0") && r.summary().contains("without a querier"), r.summary());
    }

    @Test
    void aMissingInterfaceBlocksTheSession() {
        Preflight.Result r = preflight().check("eth9", GROUP, 63100);
        assertEquals("fail", r.status());
        assertTrue(r.blocking());
        assertEquals("interface eth9 does not exist on this node", r.summary());
    }

    @Test
    void withoutAnInterfaceTheGroupsRouteChoosesOne() {
        Preflight.Result r = preflight().check(null, GROUP, 63100);
        assertTrue(r.summary().startsWith("jcfake0: "), r.summary());
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
