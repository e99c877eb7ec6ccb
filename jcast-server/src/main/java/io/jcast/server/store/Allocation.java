package io.jcast.server.store;

/** The port (receivers' port; the sender uses port+1) and multicast address given to a session. */
public record Allocation(int portBase, String multicastAddress) {
}
