package io.jcast.diag.omping;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Objects;

/**
 * One omping node's settings, with omping 0.0.5's defaults (omping-ssmping.md §4). Build with
 * {@link #builder(InetAddress, List)}; the derived defaults (rate limit = interval, finishing wait =
 * max(3 x interval, 1 s), duplicate ring size) are computed as {@code cli.c} does.
 *
 * @param localAddress        the address of this node; the unicast socket binds to it
 * @param peers               the remote nodes, in command-line order (in single-address mode: this node itself)
 * @param group               the multicast group (the broadcast address with {@link TransportMethod#IPBC})
 * @param port                UDP port of both sockets and of every peer
 * @param intervalMs          time between Queries ({@code -i}); 0 means "as soon as the unicast Answer arrives"
 * @param count               Queries per peer before stopping ({@code -c}); 0 = unlimited
 * @param ttl                 multicast TTL / hop limit and the value of the Answer's TTL option ({@code -t})
 * @param rateLimitMs         minimum spacing of accepted Queries per peer, burst 5 ({@code -r}); 0 = off
 * @param waitForFinishMs     how long to keep answering with stop Responses after the end ({@code -w})
 * @param timeoutMs           end of the run after this long ({@code -T}); 0 = no limit
 * @param autoExit            end when every peer's client has stopped ({@code -E} turns it off)
 * @param clientOnly          {@code -O client}: ephemeral port, never answer
 * @param remoteVersion       {@code -V -V}: ask every peer for its Server Information instead of pinging
 * @param singleAddress       only the local address was given: the node pings itself, multicast loop on
 * @param duplicateRingItems  sequence numbers remembered per peer and cast for duplicate detection; 0 = off
 * @param sendBufferBytes     {@code SO_SNDBUF} ({@code -S}); 0 = system default
 * @param receiveBufferBytes  {@code SO_RCVBUF} ({@code -R}); 0 = system default
 */
public record OmpingConfig(InetAddress localAddress, List<Peer> peers, InetAddress group, int port,
                           TransportMethod transport, long intervalMs, long count, int ttl, long rateLimitMs,
                           long waitForFinishMs, long timeoutMs, boolean autoExit, boolean clientOnly,
                           boolean remoteVersion, boolean singleAddress, int duplicateRingItems,
                           int sendBufferBytes, int receiveBufferBytes) {
    public static final int DEFAULT_PORT = 4321;
    public static final String DEFAULT_GROUP_V4 = "232.43.211.234";
    public static final String DEFAULT_GROUP_V6 = "ff3e::4321:1234";
    public static final long DEFAULT_INTERVAL_MS = 1000;
    public static final int DEFAULT_TTL = 64;
    /** Inits are resent, and accepted from one peer, at most once per this time (omping's DEFAULT_WAIT_TIME). */
    public static final long INIT_INTERVAL_MS = 1000;
    /** The Server Information this node reports. */
    public static final String SERVER_INFO = "omping 0.0.5";

    public OmpingConfig {
        Objects.requireNonNull(localAddress, "localAddress");
        Objects.requireNonNull(group, "group");
        peers = List.copyOf(peers);
        if (peers.isEmpty()) {
            throw new IllegalArgumentException("at least one remote addresses should be specified");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " out of range 0-65535");
        }
        if (ttl < 1 || ttl > 255) {
            throw new IllegalArgumentException("ttl " + ttl + " out of range 1-255");
        }
        if (transport != TransportMethod.IPBC && !group.isMulticastAddress()) {
            throw new IllegalArgumentException("Given address " + group.getHostAddress()
                    + " is not valid multicast address");
        }
        for (Peer p : peers) {
            if ((p.address() instanceof Inet4Address) != (localAddress instanceof Inet4Address)) {
                throw new IllegalArgumentException("Host " + p.name() + " doesn't support IP version "
                        + (localAddress instanceof Inet4Address ? 4 : 6));
            }
        }
        if ((group instanceof Inet4Address) != (localAddress instanceof Inet4Address)) {
            throw new IllegalArgumentException("Multicast address is ipv" + (group instanceof Inet4Address ? 4 : 6)
                    + " but host " + localAddress.getHostAddress() + " supports only ipv"
                    + (localAddress instanceof Inet4Address ? 4 : 6));
        }
    }

    /** omping's default group for the family of {@code address}. */
    public static InetAddress defaultGroup(InetAddress address) {
        try {
            return InetAddress.getByName(address instanceof Inet4Address ? DEFAULT_GROUP_V4 : DEFAULT_GROUP_V6);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A builder with omping's defaults; the peers must not include {@code localAddress} unless it is alone. */
    public static Builder builder(InetAddress localAddress, List<Peer> peers) {
        return new Builder(localAddress, peers);
    }

    public boolean isIpv4() {
        return localAddress instanceof Inet4Address;
    }

    /** Builds an {@link OmpingConfig}; unset derived values follow {@code cli.c}. */
    public static final class Builder {
        private final InetAddress localAddress;
        private final List<Peer> peers;
        private InetAddress group;
        private int port = DEFAULT_PORT;
        private TransportMethod transport = TransportMethod.ASM;
        private long intervalMs = DEFAULT_INTERVAL_MS;
        private long count;
        private int ttl = DEFAULT_TTL;
        private Long rateLimitMs;
        private Long waitForFinishMs;
        private long timeoutMs;
        private boolean autoExit = true;
        private boolean clientOnly;
        private boolean remoteVersion;
        private int sendBufferBytes;
        private int receiveBufferBytes;

        private Builder(InetAddress localAddress, List<Peer> peers) {
            this.localAddress = localAddress;
            this.peers = List.copyOf(peers);
        }

        public Builder group(InetAddress group) {
            this.group = group;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder transport(TransportMethod transport) {
            this.transport = transport;
            return this;
        }

        public Builder intervalMs(long intervalMs) {
            this.intervalMs = intervalMs;
            return this;
        }

        public Builder count(long count) {
            this.count = count;
            return this;
        }

        public Builder ttl(int ttl) {
            this.ttl = ttl;
            return this;
        }

        public Builder rateLimitMs(long rateLimitMs) {
            this.rateLimitMs = rateLimitMs;
            return this;
        }

        /** {@code -w}; omping 0.0.5 treats -1 ("forever" in its man page) as 0, and so does this. */
        public Builder waitForFinishMs(long waitForFinishMs) {
            this.waitForFinishMs = Math.max(0, waitForFinishMs);
            return this;
        }

        public Builder timeoutMs(long timeoutMs) {
            this.timeoutMs = timeoutMs;
            return this;
        }

        public Builder autoExit(boolean autoExit) {
            this.autoExit = autoExit;
            return this;
        }

        public Builder clientOnly(boolean clientOnly) {
            this.clientOnly = clientOnly;
            return this;
        }

        public Builder remoteVersion(boolean remoteVersion) {
            this.remoteVersion = remoteVersion;
            return this;
        }

        public Builder sendBufferBytes(int bytes) {
            this.sendBufferBytes = bytes;
            return this;
        }

        public Builder receiveBufferBytes(int bytes) {
            this.receiveBufferBytes = bytes;
            return this;
        }

        public OmpingConfig build() {
            InetAddress g = group != null ? group : defaultGroup(localAddress);
            long finish = waitForFinishMs != null ? waitForFinishMs : Math.max(3 * intervalMs, INIT_INTERVAL_MS);
            // cli.c: two minutes of sequence numbers, at least 1024; no detection at interval 0
            int ring = intervalMs == 0 ? 0 : (int) Math.max(1024, 120_000 / intervalMs + 1);
            boolean single = peers.size() == 1 && peers.get(0).address().equals(localAddress);
            return new OmpingConfig(localAddress, peers, g, port, transport, intervalMs, count, ttl,
                    rateLimitMs != null ? rateLimitMs : intervalMs, finish, timeoutMs, autoExit, clientOnly,
                    remoteVersion, single, ring, sendBufferBytes, receiveBufferBytes);
        }
    }
}
