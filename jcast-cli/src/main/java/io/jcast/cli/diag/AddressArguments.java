package io.jcast.cli.diag;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/** Resolves host and interface arguments the way the ssmping tools do, with one-line errors. */
final class AddressArguments {
    /** Exit codes shared by the ssmping family; the C tools exit 1 for every failure. */
    static final int NO_MULTICAST = 1;
    static final int BAD_INPUT = 2;
    static final int NETWORK_ERROR = 4;


    private AddressArguments() {
    }

    /** IPv4 only, IPv6 only, or whichever comes first (getaddrinfo with AF_UNSPEC). */
    enum Family { ANY, IPV4, IPV6 }

    static Family family(boolean ipv4, boolean ipv6) throws BadInputException {
        if (ipv4 && ipv6) {
            throw new BadInputException("-4 and -6 cannot be used together");
        }
        return ipv4 ? Family.IPV4 : ipv6 ? Family.IPV6 : Family.ANY;
    }

    /** Every address of {@code host} of the wanted family, in resolver order. */
    static List<InetAddress> resolve(String host, Family family) throws BadInputException {
        InetAddress[] all;
        try {
            all = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new BadInputException("unknown host " + host);
        }
        List<InetAddress> out = new ArrayList<>();
        for (InetAddress a : all) {
            if (family == Family.ANY || (family == Family.IPV4) == (a instanceof Inet4Address)) {
                out.add(a);
            }
        }
        if (out.isEmpty()) {
            throw new BadInputException(host + " has no " + (family == Family.IPV4 ? "IPv4" : "IPv6") + " address");
        }
        return out;
    }

    static InetAddress unicast(String host, Family family) throws BadInputException {
        InetAddress a = resolve(host, family).get(0);
        if (a.isMulticastAddress()) {
            throw new BadInputException(host + ": argument must be a unicast address");
        }
        return a;
    }

    /**
     * The first pair of addresses of one IP version.
     *
     * @return {first's address, second's address}
     */
    static InetAddress[] sameFamily(String first, String second, Family family) throws BadInputException {
        List<InetAddress> a = resolve(first, family);
        List<InetAddress> b = resolve(second, family);
        for (InetAddress x : a) {
            for (InetAddress y : b) {
                if ((x instanceof Inet4Address) == (y instanceof Inet4Address)) {
                    return new InetAddress[] {x, y};
                }
            }
        }
        throw new BadInputException(first + " is " + version(a.get(0)) + " but " + second + " is "
                + version(b.get(0)) + ": mixed IPv4/IPv6");
    }

    static String version(InetAddress a) {
        return a instanceof Inet6Address ? "IPv6" : "IPv4";
    }

    static NetworkInterface networkInterface(String name) throws SocketException, BadInputException {
        if (name == null) {
            return null;
        }
        NetworkInterface nif = NetworkInterface.getByName(name);
        if (nif == null) {
            throw new BadInputException("unknown interface " + name);
        }
        return nif;
    }

    static void checkPort(int port) throws BadInputException {
        if (port < 1 || port > 65535) {
            throw new BadInputException("port " + port + " out of range 1-65535");
        }
    }
}
