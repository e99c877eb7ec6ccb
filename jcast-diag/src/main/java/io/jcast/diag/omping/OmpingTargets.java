package io.jcast.diag.omping;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Turns omping's {@code remote_addr...} arguments into the local address and the peers, with omping's rules
 * and messages (omping-ssmping.md §2.2, {@code aiifunc.c}): duplicates dropped, loopback and multicast
 * refused, the IP version chosen, exactly one argument must be an address of an up, multicast-capable,
 * non-loopback interface.
 *
 * @param localAddress   this node's address
 * @param interfaceName  the interface that has it
 * @param broadcast      the interface's IPv4 broadcast address, if any (for {@code -M ipbc})
 * @param peers          the other arguments in command-line order, or this node alone in single-address mode
 */
public record OmpingTargets(InetAddress localAddress, String interfaceName, InetAddress broadcast, List<Peer> peers) {

    /** What the machine knows about one of its addresses. */
    public record LocalAddress(String interfaceName, boolean up, boolean multicast, boolean loopback,
                               InetAddress broadcast) {
    }

    /** Resolves names and finds local addresses; tests substitute a fixed table. */
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;

        Optional<LocalAddress> local(InetAddress address);

        static Resolver system() {
            return new Resolver() {
                @Override
                public InetAddress[] resolve(String host) throws UnknownHostException {
                    return InetAddress.getAllByName(host);
                }

                @Override
                public Optional<LocalAddress> local(InetAddress address) {
                    try {
                        NetworkInterface nif = NetworkInterface.getByInetAddress(address);
                        if (nif == null) {
                            return Optional.empty();
                        }
                        InetAddress bcast = null;
                        for (InterfaceAddress ia : nif.getInterfaceAddresses()) {
                            if (ia.getAddress().equals(address)) {
                                bcast = ia.getBroadcast();
                            }
                        }
                        return Optional.of(new LocalAddress(nif.getName(), nif.isUp(), nif.supportsMulticast(),
                                nif.isLoopback(), bcast));
                    } catch (SocketException e) {
                        return Optional.empty();
                    }
                }
            };
        }
    }

    private record Host(String name, List<InetAddress> addresses) {
        int onlyVersion() {
            boolean v4 = addresses.stream().anyMatch(a -> a instanceof Inet4Address);
            boolean v6 = addresses.stream().anyMatch(a -> a instanceof Inet6Address);
            return v4 && v6 ? 0 : v4 ? 4 : 6;
        }

        InetAddress first(int version) {
            return addresses.stream().filter(a -> version(a) == version).findFirst().orElseThrow();
        }
    }

    static int version(InetAddress a) {
        return a instanceof Inet4Address ? 4 : 6;
    }

    /**
     * @param ipVersion 4 or 6 when forced ({@code -4}/{@code -6}), else 0
     * @param group     the {@code -m} argument, or {@code null}
     * @param broadcast whether the interface must support broadcast ({@code -M ipbc}) instead of multicast
     * @return the targets and the chosen IP version (via the local address's family)
     */
    public static OmpingTargets resolve(List<String> remoteArgs, int ipVersion, String group, boolean broadcast,
                                        Resolver resolver) throws OmpingSetupException {
        List<Host> hosts = new ArrayList<>();
        Set<Set<InetAddress>> seen = new LinkedHashSet<>();
        for (String arg : remoteArgs) {
            List<InetAddress> addresses = resolveHost(arg, ipVersion, resolver);
            if (!seen.add(new LinkedHashSet<>(addresses))) {
                continue;
            }
            if (addresses.stream().anyMatch(InetAddress::isLoopbackAddress)) {
                throw new OmpingSetupException("Address " + arg + " looks like loopback. Loopback ping is not "
                        + "supported");
            }
            if (addresses.stream().anyMatch(InetAddress::isMulticastAddress)) {
                throw new OmpingSetupException("Address " + arg + " looks like multicast. To set multicast address "
                        + "use -m parameter");
            }
            hosts.add(new Host(arg, addresses));
        }
        if (hosts.isEmpty()) {
            throw new OmpingSetupException("at least one remote addresses should be specified");
        }
        int version = chooseVersion(hosts, ipVersion, group, resolver);

        Host localHost = null;
        InetAddress local = null;
        LocalAddress localInfo = null;
        for (Host h : hosts) {
            for (InetAddress a : h.addresses()) {
                if (version != 0 && version(a) != version) {
                    continue;
                }
                Optional<LocalAddress> info = resolver.local(a);
                if (info.isEmpty() || !info.get().up() || info.get().loopback()
                        || (broadcast ? info.get().broadcast() == null : !info.get().multicast())) {
                    continue;
                }
                if (localHost != null && localHost != h) {
                    throw new OmpingSetupException("Multiple local interfaces match parameters.");
                }
                // all names dual-stack: prefer IPv6, as omping does
                if (local == null || (version == 0 && version(a) == 6 && version(local) == 4)) {
                    localHost = h;
                    local = a;
                    localInfo = info.get();
                }
            }
        }
        if (local == null) {
            throw new OmpingSetupException("Can't find local address in arguments");
        }
        int chosen = version(local);
        List<Peer> peers = new ArrayList<>();
        for (Host h : hosts) {
            if (h != localHost) {
                if (h.addresses().stream().noneMatch(a -> version(a) == chosen)) {
                    throw new OmpingSetupException("Host " + h.name() + " doesn't support IP version " + chosen);
                }
                peers.add(new Peer(h.name(), h.first(chosen)));
            }
        }
        if (peers.isEmpty()) {
            peers.add(new Peer(localHost.name(), local));
        }
        return new OmpingTargets(local, localInfo.interfaceName(), localInfo.broadcast(), peers);
    }

    /** The multicast group for {@code -m} (or the default for the family), checked as omping checks it. */
    public static InetAddress group(String arg, InetAddress local, Resolver resolver) throws OmpingSetupException {
        if (arg == null) {
            return OmpingConfig.defaultGroup(local);
        }
        List<InetAddress> all = resolveHost(arg, version(local), resolver);
        InetAddress g = all.get(0);
        if (!g.isMulticastAddress()) {
            throw new OmpingSetupException("Given address " + arg + " is not valid multicast address");
        }
        return g;
    }

    /** The first address of {@code host} of IP version {@code ipVersion} (0 = any), with omping's errors. */
    public static InetAddress resolveAddress(String host, int ipVersion, Resolver resolver)
            throws OmpingSetupException {
        return resolveHost(host, ipVersion, resolver).get(0);
    }

    private static List<InetAddress> resolveHost(String host, int ipVersion, Resolver resolver)
            throws OmpingSetupException {
        InetAddress[] all;
        try {
            all = resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw new OmpingSetupException("Can't get addr info for " + host + ": Name or service not known");
        }
        List<InetAddress> out = Arrays.stream(all).filter(a -> ipVersion == 0 || version(a) == ipVersion).distinct()
                .toList();
        if (out.isEmpty()) {
            throw new OmpingSetupException("Can't get addr info for " + host
                    + ": Address family for hostname not supported");
        }
        return out;
    }

    private static int chooseVersion(List<Host> hosts, int forced, String group, Resolver resolver)
            throws OmpingSetupException {
        if (forced != 0) {
            return forced;
        }
        if (group != null) {
            List<InetAddress> g = resolveHost(group, 0, resolver);
            int gv = new Host(group, g).onlyVersion();
            if (gv != 0) {
                for (Host h : hosts) {
                    if (h.onlyVersion() != 0 && h.onlyVersion() != gv) {
                        throw new OmpingSetupException("Multicast address is ipv" + gv + " but host " + h.name()
                                + " supports only ipv" + h.onlyVersion());
                    }
                }
                return gv;
            }
        }
        int v = hosts.stream().mapToInt(Host::onlyVersion).filter(x -> x != 0).findFirst().orElse(0);
        if (v != 0) {
            for (Host h : hosts) {
                if (h.onlyVersion() != 0 && h.onlyVersion() != v) {
                    throw new OmpingSetupException("Host " + h.name() + " doesn't support IP version " + v);
                }
            }
        }
        return v;
    }
}
