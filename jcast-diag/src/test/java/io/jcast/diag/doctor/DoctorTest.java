package io.jcast.diag.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The doctor without peers on a fake host: which checks run, in which order, and what the exit code is. */
class DoctorTest {
    @TempDir
    Path root;

    private static Doctor.Options options(String ifname) {
        return new Doctor.Options(ifname, List.of(), null, 4321, 100, 100, false, Duration.ofMinutes(10),
                Duration.ofSeconds(3), false);
    }

    private FakeSystem host() {
        return new FakeSystem(root).device("enp1s0", 0x1003, "up", 1500, 1)
                .file("proc/sys/net/ipv4/conf/all/rp_filter", "0")
                .file("proc/sys/net/ipv4/conf/enp1s0/force_igmp_version", "0")
                .command("ip -o addr show dev enp1s0", 0,
                        "2: enp1s0    inet 192.0.2.10/24 brd 192.0.2.255 scope global enp1s0\n")
                .command("ip -4 route get 232.43.211.234", 0, "multicast 232.43.211.234 dev enp1s0 src 192.0.2.10\n")
                .command("nft -j list ruleset", 0, "{\"nftables\": []}");
    }

    @Test
    void localChecksOnlyEndHealthyAndPointAtPeers() throws Exception {
        List<String> progress = new ArrayList<>();
        DoctorReport r = new Doctor(host().system(false), progress::add).run(options("enp1s0"));
        assertEquals(List.of("interface", "address", "route", "rp_filter", "mtu", "firewall", "igmp_version", "bridge",
                "igmp_querier"), r.checks().stream().map(Check::id).toList());
        assertEquals(CheckStatus.SKIPPED, r.checks().get(8).status()); // not root: no capture
        assertEquals(Verdict.Cause.HEALTHY, r.verdict().cause());
        assertEquals(DoctorExitCode.HEALTHY, r.exitCode());
        assertTrue(r.toText().contains("Verdict: healthy: nothing wrong found on this host"), r.toText());
        assertEquals(List.of(), progress);
    }

    @Test
    void interfaceIsTakenFromTheRouteToTheGroup() throws Exception {
        DoctorReport r = new Doctor(host().system(false), line -> { }).run(options(null));
        assertEquals("enp1s0", r.interfaceName());
    }

    @Test
    void noInterfaceAndNoRouteCannotBeChecked() throws Exception {
        FakeSystem fake = host().command("ip -4 route get 232.43.211.234", 2,
                "RTNETLINK answers: Network is unreachable");
        DoctorReport r = new Doctor(fake.system(false), line -> { }).run(options(null));
        assertEquals(Verdict.Cause.CANNOT_CHECK, r.verdict().cause());
        assertEquals(DoctorExitCode.CANNOT_CHECK, r.exitCode());
        assertEquals(3, r.exitCode().code());
    }

    @Test
    void downInterfaceIsTheVerdict() throws Exception {
        FakeSystem fake = host().device("enp1s0", 0x1002, "down", 1500, 1);
        DoctorReport r = new Doctor(fake.system(false), line -> { }).run(options("enp1s0"));
        assertEquals(Verdict.Cause.INTERFACE, r.verdict().cause());
        assertEquals("ip link set dev enp1s0 up", r.verdict().fix());
        assertEquals(1, r.exitCode().code());
    }

    @Test
    void unknownInterfaceIsBadInput() {
        DoctorInputException e = assertThrows(DoctorInputException.class,
                () -> new Doctor(host().system(false), line -> { }).run(options("eth7")));
        assertEquals("unknown interface: eth7", e.getMessage());
    }
}
