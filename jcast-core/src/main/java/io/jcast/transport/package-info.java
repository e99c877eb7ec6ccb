/** Datagram sockets as UDPcast lays them out (§2), interface choice and address derivation. */
package io.jcast.transport;
