package io.jcast.transport;

import java.net.Inet4Address;
import java.net.NetworkInterface;

/**
 * The interface a transfer runs on.
 *
 * @param broadcast the IPv4 broadcast address, or null (loopback, point-to-point links, bridges without one)
 */
public record ResolvedInterface(NetworkInterface networkInterface, String name, Inet4Address address,
                                Inet4Address broadcast, int mtu, boolean loopback) {
}
