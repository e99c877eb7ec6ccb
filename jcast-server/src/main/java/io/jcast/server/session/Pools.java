package io.jcast.server.session;

import io.jcast.server.store.Allocation;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.Set;

/** The port pool (even ports from the starting port) and the multicast address pool. */
public final class Pools {
    private Pools() {
    }

    /** The lowest free port and address, or null when a pool is exhausted. */
    public static Allocation allocate(MulticastSettings settings, Set<Integer> usedPorts, Set<String> usedAddresses) {
        int port = settings.portOverride() != 0 ? settings.portOverride()
                : freePort(settings.startingPort(), usedPorts);
        String address = freeAddress(settings.multicastAddress(), usedAddresses);
        return port == 0 || address == null ? null : new Allocation(port, address);
    }

    static int freePort(int startingPort, Set<Integer> used) {
        // Even ports: a session takes port (receivers) and port+1 (sender), as udpcast's portbase does.
        for (int p = (startingPort + 1) & ~1; p + 1 <= 65535; p += 2) {
            if (!used.contains(p)) {
                return p;
            }
        }
        return 0;
    }

    static String freeAddress(String base, Set<String> used) {
        int first = toInt(base);
        for (int i = 0; i < MulticastSettings.ADDRESS_POOL_SIZE; i++) {
            int candidate = first + i;
            if ((candidate >>> 28) != 0xE) {
                return null;    // left 224.0.0.0/4
            }
            String text = toText(candidate);
            if (!used.contains(text)) {
                return text;
            }
        }
        return null;
    }

    private static int toInt(String address) {
        try {
            return ByteBuffer.wrap(InetAddress.getByName(address).getAddress()).getInt();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bad address " + address, e);
        }
    }

    private static String toText(int a) {
        return (a >>> 24) + "." + ((a >>> 16) & 0xFF) + "." + ((a >>> 8) & 0xFF) + "." + (a & 0xFF);
    }
}
