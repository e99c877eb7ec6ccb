package io.jcast.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jcast.diskio.OutputSink;
import io.jcast.transfer.ReceiverConfig;
import io.jcast.transfer.TransferListener;
import io.jcast.transport.DatagramTransport;
import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * When the receiver re-joins its groups, on a test clock: a passive receiver waiting for its sender
 * over a transport that only records the re-joins, driven from one deadline to the next.
 */
class ReannounceTest {
    private static final long SECOND = 1_000_000_000L;
    /** Any start: the engine's clock is the caller's. */
    private static final long T0 = 1_000 * SECOND;

    private long now;
    private final List<Long> rejoins = new ArrayList<>();

    @Test
    void reannouncesEveryIntervalFromTheStart() {
        runFor(Duration.ofSeconds(3), 10 * SECOND);
        assertEquals(List.of(T0 + 3 * SECOND, T0 + 6 * SECOND, T0 + 9 * SECOND), rejoins);
    }

    @Test
    void zeroNeverReannounces() {
        runFor(Duration.ZERO, 600 * SECOND);
        assertEquals(List.of(), rejoins);
    }

    @Test
    void theDefaultIsAMinute() {
        runFor(ReceiverConfig.builder().build().reannounceInterval(), 150 * SECOND);
        assertEquals(List.of(T0 + 60 * SECOND, T0 + 120 * SECOND), rejoins);
    }

    /** Does all that is due, then moves the clock to the engine's next deadline, as a simulation does. */
    private void runFor(Duration interval, long durationNs) {
        ReceiverConfig config = ReceiverConfig.builder().passive(true).reannounceInterval(interval).build();
        try (ReceiverEngine engine = ReceiverEngine.over(new RecordingTransport(), config, new TransferListener() { },
                address("10.9.0.10"), address("10.9.0.255"), OutputSink.inMemory(new ByteArrayOutputStream()))) {
            now = T0;
            engine.start(now);
            while (now < T0 + durationNs) {
                while (engine.doWork(now) > 0) {
                    // until nothing more is due now
                }
                now = engine.nextDeadlineNs(now);
            }
        }
    }

    private final class RecordingTransport implements DatagramTransport {
        @Override
        public InetSocketAddress receive(ByteBuffer buf) {
            return null;
        }

        @Override
        public boolean send(ByteBuffer datagram, InetSocketAddress to) {
            datagram.position(datagram.limit());
            return true;
        }

        @Override
        public void listen(InetAddress address, int port, int receiveBufferBytes) {
        }

        @Override
        public void listenSourceSpecific(InetAddress group, InetAddress source, int port, int receiveBufferBytes) {
        }

        @Override
        public void rejoinGroups() {
            rejoins.add(now);
        }

        @Override
        public void await(long timeoutNanos) {
        }

        @Override
        public void wakeup() {
        }

        @Override
        public int receiveBufferBytes() {
            return 0;
        }

        @Override
        public void close() {
        }
    }

    private static Inet4Address address(String a) {
        try {
            return (Inet4Address) InetAddress.getByName(a);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(a, e);
        }
    }
}
