package io.jcast.server.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcast.server.store.Allocation;
import io.jcast.transfer.Duplex;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PoolsTest {
    @Test
    void portsAreEvenFromTheStartingPortAndAddressesCountUp() {
        MulticastSettings s = MulticastSettings.DEFAULTS;
        assertEquals(new Allocation(63100, "239.255.100.1"), Pools.allocate(s, Set.of(), Set.of()));
        assertEquals(new Allocation(63104, "239.255.100.2"),
                Pools.allocate(s, Set.of(63100, 63102), Set.of("239.255.100.1")));
        assertEquals(63102, Pools.freePort(63101, Set.of()), "an odd start rounds up to even");
        assertEquals(0, Pools.freePort(65534, Set.of(65534)), "pool exhausted");
        assertEquals("239.255.101.0", Pools.freeAddress("239.255.100.255", Set.of("239.255.100.255")));
        assertNull(Pools.freeAddress("239.255.255.255", Set.of("239.255.255.255")), "never leaves 224.0.0.0/4");
    }

    @Test
    void portOverrideGivesEverySessionThatPort() {
        MulticastSettings s = MulticastSettings.fromMap(Map.of("portOverride", "9000"), MulticastSettings.DEFAULTS);
        assertEquals(new Allocation(9000, "239.255.100.2"), Pools.allocate(s, Set.of(9000), Set.of("239.255.100.1")));
    }

    @Test
    void settingsValidateLikeFogsAndRoundTrip() {
        MulticastSettings s = MulticastSettings.fromMap(Map.of("interface", "enp1s0", "maxBitrate", "90m",
                "duplex", "half"), MulticastSettings.DEFAULTS);
        assertEquals(Duplex.HALF, s.duplex());
        assertEquals(90_000_000, MulticastSettings.parseBitrate(s.maxBitrate()));
        assertEquals(s, MulticastSettings.fromMap(s.toMap(), MulticastSettings.DEFAULTS));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MulticastSettings.fromMap(
                Map.of("maxSessions", "0"), MulticastSettings.DEFAULTS)).getMessage().contains("maxSessions"));
        assertThrows(IllegalArgumentException.class, () -> MulticastSettings.fromMap(
                Map.of("interface", "enp1s0; reboot"), MulticastSettings.DEFAULTS));
        assertThrows(IllegalArgumentException.class, () -> MulticastSettings.parseBitrate("fast"));
        // The command line's syntax, decimals included, and no silent overflow.
        assertEquals(1_500_000, MulticastSettings.parseBitrate("1.5m"));
        assertEquals(0, MulticastSettings.parseBitrate(""));
        assertThrows(IllegalArgumentException.class, () -> MulticastSettings.parseBitrate("99999999999g"));
        // the command line's IPv4 syntax, and never a name lookup: 300.1.1.1 is refused at once
        for (String bad : new String[] {"300.1.1.1", "lab-router", "239.1.1"}) {
            assertEquals("multicastAddress must be an IPv4 address, got '" + bad + "'", assertThrows(
                    IllegalArgumentException.class, () -> MulticastSettings.fromMap(Map.of("multicastAddress", bad),
                            MulticastSettings.DEFAULTS)).getMessage());
        }
    }
}
