package io.jcast.transfer;

import io.jcast.fec.FecSpec;
import java.io.InputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Everything a sender needs, with udpcast's defaults. Build with {@link #builder()}; {@code jcast send},
 * the {@code udp-sender} front end and {@code jcast serve} fill the same record. The settings that decide
 * when the transfer starts form its {@link #startPolicy()}.
 *
 * @param file             input file or block device; null reads {@code input}
 * @param input            input stream used when {@code file} is null (stdin for the CLI)
 * @param pipe             filter command run on the input (udpcast {@code --pipe}); empty for none
 * @param interfaceName    interface name, IP or name prefix (udpcast rules); null picks one
 * @param localAddress     source address to bind instead of the interface's primary address; null for that
 * @param portBase         receivers listen on portBase, the sender on portBase+1
 * @param blockSize        payload bytes per datagram
 * @param dataAddress      multicast data address; null derives it from the interface address
 * @param rendezvousAddress control address; null uses the broadcast address (ttl 1) or 224.0.0.1
 * @param ttl              multicast TTL
 * @param maxBitrateBps    rate cap in bit/s counting IP+UDP headers; 0 for none
 * @param duplex           full/half duplex or auto-detect
 * @param pointToPoint     unicast with one receiver: auto, always, never
 * @param async            no return channel (receivers are passive; FEC advised)
 * @param broadcast        send data to the broadcast (control) address
 * @param streaming        repeat HELLO during the transfer so receivers can join late (with async)
 * @param fec              forward error correction, or null
 * @param minReceivers     start when this many receivers joined (0: not a criterion)
 * @param minWait          with minReceivers: wait at least this long after the first joined
 * @param maxWait          start this long after the first receiver joined, whoever is there
 * @param startTimeout     give up if nothing starts the transfer for this long (zero: wait forever)
 * @param autostart        start after this many HELLO repetitions (0: off)
 * @param expectedReceivers start once this many receivers joined (0: off); the session manager's count,
 *                         unlike minReceivers never held back by minWait
 * @param helloInterval    repeat HELLO at this interval while waiting (zero: udpcast's default)
 * @param retriesUntilDrop drop a receiver after this many unanswered REQACK rounds
 * @param minSliceSize     lower clamp for the slice size, in blocks
 * @param maxSliceSize     upper clamp for the slice size, in blocks (at most 1024)
 * @param defaultSliceSize initial slice size in blocks; 0 chooses by mode
 * @param rehelloOffset    streaming: blocks before the end of a slice to repeat HELLO
 * @param sendBufferBytes  SO_SNDBUF; 0 leaves the system default
 * @param statPeriod       how often progress is reported
 * @param admission        who may join: a new receiver it turns down gets a refusal (client number -1), so that
 *                         the session manager can keep a host out of a partition it must not write
 * @param unicastHelloTo   hosts also greeted by a unicast HELLO while negotiating, until they join: receivers due
 *                         back for a later partition. A udp-receiver with a unicast rendezvous (FOG's FOS) hears no
 *                         group HELLO and asks once, perhaps before this sender listened; a HELLO makes it ask again
 */
public record SenderConfig(Path file, InputStream input, List<String> pipe, String interfaceName,
                           InetAddress localAddress, int portBase, int blockSize, InetAddress dataAddress,
                           InetAddress rendezvousAddress, int ttl, long maxBitrateBps, Duplex duplex,
                           PointToPoint pointToPoint, boolean async, boolean broadcast, boolean streaming,
                           FecSpec fec, int minReceivers, Duration minWait, Duration maxWait,
                           Duration startTimeout, int autostart, int expectedReceivers, Duration helloInterval,
                           int retriesUntilDrop, int minSliceSize, int maxSliceSize, int defaultSliceSize,
                           int rehelloOffset, int sendBufferBytes, Duration statPeriod,
                           Predicate<InetAddress> admission, List<InetAddress> unicastHelloTo) {

    public static final int DEFAULT_PORT_BASE = 9000;
    public static final int DEFAULT_BLOCK_SIZE = 1456;
    public static final int MAX_SLICE_BLOCKS = 1024;

    public SenderConfig {
        pipe = List.copyOf(pipe);
        Objects.requireNonNull(duplex, "duplex");
        Objects.requireNonNull(pointToPoint, "pointToPoint");
        Objects.requireNonNull(admission, "admission");
        unicastHelloTo = List.copyOf(unicastHelloTo);
        if (portBase < 1 || portBase > 65534) {
            throw new IllegalArgumentException("port base must be 1..65534, got " + portBase);
        }
        if (blockSize < 4 || blockSize > 65000) {
            throw new IllegalArgumentException("block size must be 4..65000 bytes, got " + blockSize);
        }
        if (ttl < 0 || ttl > 255) {
            throw new IllegalArgumentException("TTL must be 0..255, got " + ttl);
        }
        if (maxBitrateBps < 0) {
            throw new IllegalArgumentException("max bitrate must not be negative");
        }
        if (minSliceSize < 1 || maxSliceSize > MAX_SLICE_BLOCKS || minSliceSize > MAX_SLICE_BLOCKS) {
            throw new IllegalArgumentException("slice sizes must be 1..1024 blocks");
        }
        if (retriesUntilDrop < 1) {
            throw new IllegalArgumentException("retries-until-drop must be at least 1");
        }
        if (pointToPoint == PointToPoint.ALWAYS && async && dataAddress == null) {
            throw new IllegalArgumentException(
                    "--pointopoint with --async needs a data address (--mcast-data-address)");
        }
        if (pointToPoint == PointToPoint.ALWAYS && broadcast) {
            throw new IllegalArgumentException("--pointopoint and --broadcast cannot be set both");
        }
        if (dataAddress != null && !(dataAddress instanceof Inet4Address)) {
            throw new IllegalArgumentException("data address must be IPv4 (UDPcast is IPv4-only): " + dataAddress);
        }
        if (rendezvousAddress != null && !(rendezvousAddress instanceof Inet4Address)) {
            throw new IllegalArgumentException("rendezvous address must be IPv4: " + rendezvousAddress);
        }
        for (Duration d : new Duration[] {minWait, maxWait, startTimeout, helloInterval, statPeriod}) {
            if (d.isNegative()) {
                throw new IllegalArgumentException("durations must not be negative");
            }
        }
        // The start settings are checked where they are used.
        new StartPolicy(minReceivers, minWait, maxWait, autostart, startTimeout, expectedReceivers, async);
    }

    /** When the transfer starts: the start settings of this configuration as one policy. */
    public StartPolicy startPolicy() {
        return new StartPolicy(minReceivers, minWait, maxWait, autostart, startTimeout, expectedReceivers, async);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.file = file;
        b.input = input;
        b.pipe = pipe;
        b.interfaceName = interfaceName;
        b.localAddress = localAddress;
        b.portBase = portBase;
        b.blockSize = blockSize;
        b.dataAddress = dataAddress;
        b.rendezvousAddress = rendezvousAddress;
        b.ttl = ttl;
        b.maxBitrateBps = maxBitrateBps;
        b.duplex = duplex;
        b.pointToPoint = pointToPoint;
        b.async = async;
        b.broadcast = broadcast;
        b.streaming = streaming;
        b.fec = fec;
        b.minReceivers = minReceivers;
        b.minWait = minWait;
        b.maxWait = maxWait;
        b.startTimeout = startTimeout;
        b.autostart = autostart;
        b.expectedReceivers = expectedReceivers;
        b.helloInterval = helloInterval;
        b.retriesUntilDrop = retriesUntilDrop;
        b.minSliceSize = minSliceSize;
        b.maxSliceSize = maxSliceSize;
        b.defaultSliceSize = defaultSliceSize;
        b.rehelloOffset = rehelloOffset;
        b.sendBufferBytes = sendBufferBytes;
        b.statPeriod = statPeriod;
        b.admission = admission;
        b.unicastHelloTo = unicastHelloTo;
        return b;
    }

    /** Builder with udpcast's defaults. */
    public static final class Builder {
        private Path file;
        private InputStream input = System.in;
        private List<String> pipe = List.of();
        private String interfaceName;
        private InetAddress localAddress;
        private int portBase = DEFAULT_PORT_BASE;
        private int blockSize = DEFAULT_BLOCK_SIZE;
        private InetAddress dataAddress;
        private InetAddress rendezvousAddress;
        private int ttl = 1;
        private long maxBitrateBps;
        private Duplex duplex = Duplex.AUTO;
        private PointToPoint pointToPoint = PointToPoint.AUTO;
        private boolean async;
        private boolean broadcast;
        private boolean streaming;
        private FecSpec fec;
        private int minReceivers;
        private Duration minWait = Duration.ZERO;
        private Duration maxWait = Duration.ZERO;
        private Duration startTimeout = Duration.ZERO;
        private int autostart;
        private int expectedReceivers;
        private Duration helloInterval = Duration.ZERO;
        private int retriesUntilDrop = 200;
        private int minSliceSize = 16;
        private int maxSliceSize = MAX_SLICE_BLOCKS;
        private int defaultSliceSize;
        private int rehelloOffset = 50;
        private int sendBufferBytes;
        private Duration statPeriod = Duration.ofMillis(500);
        private Predicate<InetAddress> admission = address -> true;
        private List<InetAddress> unicastHelloTo = List.of();

        public Builder file(Path v) { file = v; return this; }
        public Builder input(InputStream v) { input = v; return this; }
        public Builder pipe(List<String> v) { pipe = v; return this; }
        public Builder interfaceName(String v) { interfaceName = v; return this; }
        public Builder localAddress(InetAddress v) { localAddress = v; return this; }
        public Builder portBase(int v) { portBase = v; return this; }
        public Builder blockSize(int v) { blockSize = v; return this; }
        public Builder dataAddress(InetAddress v) { dataAddress = v; return this; }
        public Builder rendezvousAddress(InetAddress v) { rendezvousAddress = v; return this; }
        public Builder ttl(int v) { ttl = v; return this; }
        public Builder maxBitrateBps(long v) { maxBitrateBps = v; return this; }
        public Builder duplex(Duplex v) { duplex = v; return this; }
        public Builder pointToPoint(PointToPoint v) { pointToPoint = v; return this; }
        public Builder async(boolean v) { async = v; return this; }
        public Builder broadcast(boolean v) { broadcast = v; return this; }
        public Builder streaming(boolean v) { streaming = v; return this; }
        public Builder fec(FecSpec v) { fec = v; return this; }
        public Builder minReceivers(int v) { minReceivers = v; return this; }
        public Builder minWait(Duration v) { minWait = v; return this; }
        public Builder maxWait(Duration v) { maxWait = v; return this; }
        public Builder startTimeout(Duration v) { startTimeout = v; return this; }
        public Builder autostart(int v) { autostart = v; return this; }
        public Builder expectedReceivers(int v) { expectedReceivers = v; return this; }
        public Builder helloInterval(Duration v) { helloInterval = v; return this; }
        public Builder retriesUntilDrop(int v) { retriesUntilDrop = v; return this; }
        public Builder minSliceSize(int v) { minSliceSize = v; return this; }
        public Builder maxSliceSize(int v) { maxSliceSize = v; return this; }
        public Builder defaultSliceSize(int v) { defaultSliceSize = v; return this; }
        public Builder rehelloOffset(int v) { rehelloOffset = v; return this; }
        public Builder sendBufferBytes(int v) { sendBufferBytes = v; return this; }
        public Builder statPeriod(Duration v) { statPeriod = v; return this; }
        public Builder admission(Predicate<InetAddress> v) { admission = v; return this; }
        public Builder unicastHelloTo(List<InetAddress> v) { unicastHelloTo = v; return this; }

        /** Validates and builds; an invalid combination throws {@link IllegalArgumentException}, one line. */
        public SenderConfig build() {
            return new SenderConfig(file, input, pipe, interfaceName, localAddress, portBase, blockSize & ~3,
                    dataAddress, rendezvousAddress, ttl, maxBitrateBps, duplex, pointToPoint, async, broadcast,
                    streaming, fec, minReceivers, minWait, maxWait, startTimeout, autostart, expectedReceivers,
                    helloInterval, retriesUntilDrop, minSliceSize, maxSliceSize, defaultSliceSize, rehelloOffset,
                    sendBufferBytes, statPeriod, admission, unicastHelloTo);
        }
    }
}
