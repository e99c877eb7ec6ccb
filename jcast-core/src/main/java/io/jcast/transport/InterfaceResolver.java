package io.jcast.transport;

import java.net.Inet4Address;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Chooses the interface the way udp-sender does (§2.7): by exact name, by address, or by name
 * prefix; without a wish, the best-scored up interface (eth0 first, loopback last).
 */
public final class InterfaceResolver {
    private InterfaceResolver() {
    }

    /** Resolves {@code wanted} (name, IPv4 address or name prefix; null: $IFNAME, else automatic). */
    public static ResolvedInterface resolve(String wanted) throws SocketException {
        if (wanted == null || wanted.isBlank()) {
            wanted = System.getenv("IFNAME");
        }
        List<ResolvedInterface> candidates = candidates();
        ResolvedInterface best = null;
        int bestScore = 0;
        for (ResolvedInterface c : candidates) {
            int score = score(c, wanted);
            if (score > bestScore) {
                best = c;
                bestScore = score;
            }
        }
        if (best == null) {
            List<String> names = new ArrayList<>();
            candidates.forEach(c -> names.add(c.name() + " " + c.address().getHostAddress()));
            String what = wanted == null || wanted.isBlank() ? "no suitable network interface found"
                    : "unknown interface '" + wanted + "'";
            throw new SocketException(what + " (IPv4 interfaces that are up: "
                    + (names.isEmpty() ? "none" : String.join(", ", names)) + ")");
        }
        return best;
    }

    private static int score(ResolvedInterface c, String wanted) {
        int score;
        String name = c.name();
        if (wanted != null && !wanted.isBlank()) {
            if (name.equals(wanted)) {
                score = 12;
            } else if (c.address().getHostAddress().equals(wanted)) {
                score = 8;
            } else if (name.startsWith(wanted)) {
                score = 7;
            } else {
                return 0;
            }
        } else if (c.address().getHostAddress().equals("127.0.0.1")) {
            score = 2;
        } else if (name.equals("eth0") || name.equals("en0")) {
            score = 6;
        } else if (name.startsWith("eth0:")) {
            score = 5;
        } else if (name.startsWith("eth") || name.startsWith("en")) {
            score = 4;
        } else {
            score = 3;
        }
        score = (score + 3) * 2;
        return c.broadcast() != null ? score + 1 : score;
    }

    private static List<ResolvedInterface> candidates() throws SocketException {
        List<ResolvedInterface> out = new ArrayList<>();
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nif.isUp()) {
                    continue;
                }
                addAddresses(out, nif, nif.getName());
                for (NetworkInterface sub : Collections.list(nif.getSubInterfaces())) {
                    addAddresses(out, sub, sub.getName());
                }
            }
        } catch (SocketException e) {
            SocketException listing = new SocketException("cannot list network interfaces: " + e.getMessage());
            listing.initCause(e);
            throw listing;
        }
        return out;
    }

    private static void addAddresses(List<ResolvedInterface> out, NetworkInterface nif, String name)
            throws SocketException {
        for (InterfaceAddress ia : nif.getInterfaceAddresses()) {
            if (ia.getAddress() instanceof Inet4Address a) {
                Inet4Address bcast = ia.getBroadcast() instanceof Inet4Address b && !b.isAnyLocalAddress() ? b : null;
                out.add(new ResolvedInterface(nif, name, a, bcast, nif.getMTU(), nif.isLoopback()));
            }
        }
    }
}
