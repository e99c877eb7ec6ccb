package io.jcast.transfer;

import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything a receiver needs, with udpcast's defaults. Block size, slice size, FEC and data address
 * come from the sender.
 *
 * @param file               output file or block device; null writes to {@code output}
 * @param output             stream used when {@code file} is null (stdout for the CLI)
 * @param pipe               filter command the received data goes through (udpcast {@code --pipe}); empty for none
 * @param interfaceName      interface name, IP or prefix; null picks one
 * @param localAddress       unicast address to bind instead of the interface's; null for that
 * @param portBase           receivers listen on portBase, the sender on portBase+1
 * @param ttl                TTL of multicast CONNECT_REQ; other than 1 switches to multicast rendezvous
 * @param rendezvousAddress  control address; null: broadcast address (ttl 1) or 224.0.0.1
 * @param passive            send nothing; join on the sender's HELLO
 * @param sync               open the output with O_SYNC-like durability (force after every write)
 * @param receiveBufferBytes SO_RCVBUF; 0 picks jcast's default (4 MiB requested)
 * @param exitWait           after the end, keep answering repeated acknowledgement requests this long
 * @param startTimeout       give up if no sender is found / no data starts within this time (zero: wait forever)
 * @param receiveTimeout     give up if the sender falls silent this long during the transfer (zero: jcast default)
 * @param ignoreLostData     keep going past unrecoverable slices (their bytes are left as received)
 * @param statPeriod         how often progress is reported
 * @param reannounceInterval how often to leave and re-join the multicast groups, so that the host reports its
 *                           membership again and a snooping switch with no querier does not forget it (zero: never)
 */
public record ReceiverConfig(Path file, OutputStream output, List<String> pipe, String interfaceName,
                             InetAddress localAddress, int portBase, int ttl, InetAddress rendezvousAddress,
                             boolean passive, boolean sync, int receiveBufferBytes, Duration exitWait,
                             Duration startTimeout, Duration receiveTimeout, boolean ignoreLostData,
                             Duration statPeriod, Duration reannounceInterval) {

    public ReceiverConfig {
        pipe = List.copyOf(pipe);
        if (portBase < 1 || portBase > 65534) {
            throw new IllegalArgumentException("port base must be 1..65534, got " + portBase);
        }
        if (ttl < 0 || ttl > 255) {
            throw new IllegalArgumentException("TTL must be 0..255, got " + ttl);
        }
        if (rendezvousAddress != null && !(rendezvousAddress instanceof Inet4Address)) {
            throw new IllegalArgumentException("rendezvous address must be IPv4: " + rendezvousAddress);
        }
        for (Duration d : new Duration[] {exitWait, startTimeout, receiveTimeout, statPeriod, reannounceInterval}) {
            if (d.isNegative()) {
                throw new IllegalArgumentException("durations must not be negative");
            }
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Four reports within a Linux bridge's 260 s membership interval: a lost report or two do not lose the group.
     */
    public static final Duration DEFAULT_REANNOUNCE_INTERVAL = Duration.ofSeconds(60);

    /** Builder with udpcast's defaults. */
    public static final class Builder {
        private Path file;
        private OutputStream output = System.out;
        private List<String> pipe = List.of();
        private String interfaceName;
        private InetAddress localAddress;
        private int portBase = SenderConfig.DEFAULT_PORT_BASE;
        private int ttl = 1;
        private InetAddress rendezvousAddress;
        private boolean passive;
        private boolean sync;
        private int receiveBufferBytes;
        private Duration exitWait = Duration.ofMillis(500);
        private Duration startTimeout = Duration.ZERO;
        private Duration receiveTimeout = Duration.ZERO;
        private boolean ignoreLostData;
        private Duration statPeriod = Duration.ofMillis(500);
        private Duration reannounceInterval = DEFAULT_REANNOUNCE_INTERVAL;

        public Builder file(Path v) { file = v; return this; }
        public Builder output(OutputStream v) { output = v; return this; }
        public Builder pipe(List<String> v) { pipe = v; return this; }
        public Builder interfaceName(String v) { interfaceName = v; return this; }
        public Builder localAddress(InetAddress v) { localAddress = v; return this; }
        public Builder portBase(int v) { portBase = v; return this; }
        public Builder ttl(int v) { ttl = v; return this; }
        public Builder rendezvousAddress(InetAddress v) { rendezvousAddress = v; return this; }
        public Builder passive(boolean v) { passive = v; return this; }
        public Builder sync(boolean v) { sync = v; return this; }
        public Builder receiveBufferBytes(int v) { receiveBufferBytes = v; return this; }
        public Builder exitWait(Duration v) { exitWait = v; return this; }
        public Builder startTimeout(Duration v) { startTimeout = v; return this; }
        public Builder receiveTimeout(Duration v) { receiveTimeout = v; return this; }
        public Builder ignoreLostData(boolean v) { ignoreLostData = v; return this; }
        public Builder statPeriod(Duration v) { statPeriod = v; return this; }
        public Builder reannounceInterval(Duration v) { reannounceInterval = v; return this; }

        public ReceiverConfig build() {
            return new ReceiverConfig(file, output, pipe, interfaceName, localAddress, portBase, ttl,
                    rendezvousAddress, passive, sync, receiveBufferBytes, exitWait, startTimeout, receiveTimeout,
                    ignoreLostData, statPeriod, reannounceInterval);
        }
    }
}
