package io.jcast.diag.omping;

import java.net.InetAddress;

/**
 * A remote node: its name as the user spelled it (printed in every output line) and its address. omping
 * identifies peers by address only, never by port.
 */
public record Peer(String name, InetAddress address) {
    public static Peer of(InetAddress address) {
        return new Peer(address.getHostAddress(), address);
    }
}
