package io.jcast.diag.omping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** omping's rules for the remote_addr arguments, against a fixed table of names and local addresses. */
class OmpingTargetsTest {
    private static final Map<String, String[]> NAMES = Map.of(
            "node1", new String[] {"10.1.0.1", "fd00:1::1"},
            "node2", new String[] {"10.1.0.2", "fd00:1::2"},
            "v4only", new String[] {"10.1.0.3"},
            "v6only", new String[] {"fd00:1::4"},
            "localhost", new String[] {"127.0.0.1"});

    private final OmpingTargets.Resolver resolver = new OmpingTargets.Resolver() {
        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            String[] known = NAMES.get(host);
            if (known == null) {
                if (host.matches("[0-9a-f.:]+")) {
                    return new InetAddress[] {InetAddress.getByName(host)};
                }
                throw new UnknownHostException(host);
            }
            InetAddress[] out = new InetAddress[known.length];
            for (int i = 0; i < known.length; i++) {
                out[i] = InetAddress.getByName(known[i]);
            }
            return out;
        }

        @Override
        public Optional<OmpingTargets.LocalAddress> local(InetAddress address) {
            String a = address.getHostAddress();
            if (a.equals("10.1.0.1") || a.equals("fd00:1:0:0:0:0:0:1")) {
                return Optional.of(new OmpingTargets.LocalAddress("enp1s0", true, true, false,
                        address.getAddress().length == 4 ? addr("10.1.0.255") : null));
            }
            return Optional.empty();
        }
    };

    private static InetAddress addr(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private String error(List<String> args, int version, String group) {
        return assertThrows(OmpingSetupException.class,
                () -> OmpingTargets.resolve(args, version, group, false, resolver)).getMessage();
    }

    @Test
    void shouldFindTheLocalNodeAndKeepThePeersInOrder() throws Exception {
        OmpingTargets t = OmpingTargets.resolve(List.of("10.1.0.3", "10.1.0.1", "10.1.0.2", "10.1.0.3"), 0, null,
                false, resolver);
        assertEquals(addr("10.1.0.1"), t.localAddress());
        assertEquals("enp1s0", t.interfaceName());
        assertEquals(List.of(new Peer("10.1.0.3", addr("10.1.0.3")), new Peer("10.1.0.2", addr("10.1.0.2"))),
                t.peers(), "duplicates dropped, command-line order kept");
    }

    @Test
    void shouldPreferIpv6WhenEveryNameHasBoth() throws Exception {
        OmpingTargets t = OmpingTargets.resolve(List.of("node1", "node2"), 0, null, false, resolver);
        assertEquals(addr("fd00:1::1"), t.localAddress());
        assertEquals(List.of(new Peer("node2", addr("fd00:1::2"))), t.peers());
        assertEquals(addr("10.1.0.1"), OmpingTargets.resolve(List.of("node1", "node2"), 4, null, false, resolver)
                .localAddress());
        assertEquals(addr("10.1.0.1"), OmpingTargets.resolve(List.of("node1", "node2"), 0, "239.1.1.1", false,
                resolver).localAddress(), "the family of -m decides");
    }

    @Test
    void shouldPingItselfWhenOnlyTheLocalAddressIsGiven() throws Exception {
        OmpingTargets t = OmpingTargets.resolve(List.of("10.1.0.1"), 0, null, false, resolver);
        assertEquals(List.of(new Peer("10.1.0.1", addr("10.1.0.1"))), t.peers());
    }

    @Test
    void shouldRefuseBadInputWithOmpingsMessages() {
        assertEquals("Can't get addr info for nosuchhost: Name or service not known",
                error(List.of("10.1.0.1", "nosuchhost"), 0, null));
        assertEquals("Address localhost looks like loopback. Loopback ping is not supported",
                error(List.of("10.1.0.1", "localhost"), 0, null));
        assertEquals("Address 239.1.1.1 looks like multicast. To set multicast address use -m parameter",
                error(List.of("10.1.0.1", "239.1.1.1"), 0, null));
        assertEquals("Host fd00:1::4 doesn't support IP version 4", error(List.of("10.1.0.1", "fd00:1::4"), 0, null));
        assertEquals("Host v6only doesn't support IP version 4", error(List.of("v4only", "node1", "v6only"), 0, null));
        assertEquals("Multicast address is ipv6 but host v4only supports only ipv4",
                error(List.of("node1", "v4only"), 0, "ff3e::1"));
        assertEquals("Can't get addr info for v6only: Address family for hostname not supported",
                error(List.of("node1", "v6only"), 4, null));
        assertEquals("Can't find local address in arguments", error(List.of("10.1.0.2", "10.1.0.3"), 0, null));
        assertEquals("at least one remote addresses should be specified", error(List.of(), 0, null));
    }

    @Test
    void shouldCheckTheGroup() throws Exception {
        assertEquals(addr("232.43.211.234"), OmpingTargets.group(null, addr("10.1.0.1"), resolver));
        assertEquals(addr("ff3e::4321:1234"), OmpingTargets.group(null, addr("fd00:1::1"), resolver));
        assertEquals(addr("239.255.1.1"), OmpingTargets.group("239.255.1.1", addr("10.1.0.1"), resolver));
        OmpingSetupException e = assertThrows(OmpingSetupException.class,
                () -> OmpingTargets.group("10.1.0.9", addr("10.1.0.1"), resolver));
        assertEquals("Given address 10.1.0.9 is not valid multicast address", e.getMessage());
        assertTrue(assertThrows(OmpingSetupException.class,
                () -> OmpingTargets.group("ff3e::1", addr("10.1.0.1"), resolver)).getMessage()
                .startsWith("Can't get addr info for ff3e::1"));
    }

    @Test
    void shouldFormatIpv6AsInetNtop() {
        assertEquals("ff3e::4321:1234", Addresses.format(addr("ff3e::4321:1234")));
        assertEquals("fd00:214::1", Addresses.format(addr("fd00:214::1")));
        assertEquals("::1", Addresses.format(addr("::1")));
        assertEquals("1::", Addresses.format(addr("1::")));
        assertEquals("1:0:2::3", Addresses.format(addr("1:0:2:0:0:0:0:3")));
        assertEquals("10.1.0.1", Addresses.format(addr("10.1.0.1")));
    }
}
