package io.jcast.diag.ssmping;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.List;

/**
 * How an {@link SsmpingServer} listens and how much it answers.
 *
 * @param port                 UDP port (ssmpingd: 4321; 0 = ephemeral, for tests)
 * @param bindAddresses        addresses to listen on; empty = the wildcard of every available IP version
 * @param multicastInterface   interface for the multicast replies; null = the one holding the bound
 *                             address, or the routing table's choice on a wildcard socket (as ssmpingd)
 * @param perSourceRate        requests answered per second and source address (burst of the same size)
 * @param totalRate            requests answered per second from all sources together
 */
public record SsmpingServerConfig(int port, List<InetAddress> bindAddresses, NetworkInterface multicastInterface,
                                  int perSourceRate, int totalRate) {
    /** Enough for a flood ping at 100/s plus slack; ssmping itself sends 1/s. */
    public static final int DEFAULT_PER_SOURCE_RATE = 200;
    public static final int DEFAULT_TOTAL_RATE = 2000;

    public SsmpingServerConfig {
        bindAddresses = List.copyOf(bindAddresses);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " out of range 0-65535");
        }
        if (perSourceRate < 1 || totalRate < 1) {
            throw new IllegalArgumentException("rate limits must be at least 1 per second");
        }
    }

    /** ssmpingd: port 4321 on every address, default rate limits. */
    public static SsmpingServerConfig defaults() {
        return new SsmpingServerConfig(SsmpingGroups.PORT, List.of(), null, DEFAULT_PER_SOURCE_RATE,
                DEFAULT_TOTAL_RATE);
    }

    public SsmpingServerConfig withPort(int newPort) {
        return new SsmpingServerConfig(newPort, bindAddresses, multicastInterface, perSourceRate, totalRate);
    }

    public SsmpingServerConfig withBindAddresses(List<InetAddress> newAddresses) {
        return new SsmpingServerConfig(port, newAddresses, multicastInterface, perSourceRate, totalRate);
    }

    public SsmpingServerConfig withMulticastInterface(NetworkInterface nif) {
        return new SsmpingServerConfig(port, bindAddresses, nif, perSourceRate, totalRate);
    }

    public SsmpingServerConfig withRateLimits(int newPerSourceRate, int newTotalRate) {
        return new SsmpingServerConfig(port, bindAddresses, multicastInterface, newPerSourceRate, newTotalRate);
    }
}
