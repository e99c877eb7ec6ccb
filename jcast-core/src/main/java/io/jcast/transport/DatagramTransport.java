package io.jcast.transport;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * What the sender and receiver engines need of a network: one endpoint that sends from its own
 * address and receives unicast there, plus the broadcast or multicast addresses it listens on.
 * Engines never open sockets themselves: {@link NioDatagramTransport} is the real network,
 * {@link GsoDatagramTransport} adds UDP GSO for data, and an in-memory network stands in for
 * both in simulations. Everything is non-blocking except {@link #await}.
 */
public interface DatagramTransport extends Closeable {
    /**
     * Receives one datagram into {@code buf} (cleared first, flipped after). Returns its source,
     * or null when nothing is waiting.
     */
    InetSocketAddress receive(ByteBuffer buf) throws IOException;

    /** Sends {@code datagram} (position..limit), after any batched ones; false when the send buffer is full. */
    boolean send(ByteBuffer datagram, InetSocketAddress to) throws IOException;

    /**
     * Sends a data datagram, perhaps a little later as part of a batch that leaves when it is full,
     * before any {@link #send}, and on {@link #flush}. False when it was not taken (buffer full).
     */
    default boolean sendBatched(ByteBuffer datagram, InetSocketAddress to) throws IOException {
        return send(datagram, to);
    }

    /** Sends what {@link #sendBatched} holds; false when the send buffer is full (it stays held). */
    default boolean flush() throws IOException {
        return true;
    }

    /**
     * Also receives what is sent to {@code address:port}; joins the group when the address is
     * multicast.
     */
    void listen(InetAddress address, int port, int receiveBufferBytes) throws IOException;

    /**
     * As {@link #listen}, for a group in 232/8 (the source-specific range): joins it for datagrams from
     * {@code source} only, as routers and IGMPv3 switches require there, and as udp-receiver 20230924 does.
     */
    void listenSourceSpecific(InetAddress group, InetAddress source, int port, int receiveBufferBytes)
            throws IOException;

    /**
     * Leaves and at once re-joins every multicast group {@link #listen} joined, so that the host
     * sends a fresh membership report: it sends them by itself only at a join, and a snooping
     * switch that hears no querier forgets a group some minutes after the last report (260 s on a
     * Linux bridge). Datagrams to a group that arrive in between are lost. By default nothing: a
     * transport that joins no group has nothing to renew.
     */
    default void rejoinGroups() throws IOException {
    }

    /**
     * Blocks until a datagram may be waiting, {@link #wakeup} is called, or the timeout passes. A timeout below
     * the implementation's resolution (NIO: 1 ms) may be slept out whole.
     */
    void await(long timeoutNanos) throws IOException;

    /** Ends an {@link #await} now; safe from any thread. */
    void wakeup();

    /** The receive buffer the endpoint really has (0 if unknown). */
    int receiveBufferBytes();

    @Override
    void close();
}
