package io.jcast.diag.ssmping;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.time.Duration;
import java.util.Objects;

/**
 * What one mcfirst run waits for.
 *
 * @param group         the group to join
 * @param source        the source for an (S,G) join; null = (*,G)
 * @param port          the UDP port to listen on
 * @param joinInterface null = the interface the routing table uses towards the group
 * @param count         packets to wait for; 0 = unlimited (then {@code runTime} must be set)
 * @param runTime       stop after this long; null = no limit
 */
public record McfirstConfig(InetAddress group, InetAddress source, int port, NetworkInterface joinInterface,
                            int count, Duration runTime) {
    public McfirstConfig {
        Objects.requireNonNull(group, "group");
        if (!group.isMulticastAddress()) {
            throw new IllegalArgumentException(SsmpingGroups.text(group) + " is not a multicast address");
        }
        if (source != null && ((source instanceof Inet4Address) != (group instanceof Inet4Address))) {
            throw new IllegalArgumentException("source " + SsmpingGroups.text(source) + " and group "
                    + SsmpingGroups.text(group) + " are of different IP versions");
        }
        if (source != null && source.isMulticastAddress()) {
            throw new IllegalArgumentException(SsmpingGroups.text(source) + " is not a unicast address");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " out of range 1-65535");
        }
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative: " + count);
        }
        if (count == 0 && runTime == null) {
            count = 1;
        }
    }
}
