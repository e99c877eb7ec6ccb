package io.jcast.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jcast.fec.FecSpec;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** jcast sender to jcast receivers over loopback only: interface lo, random port base, 127.0.0.x receivers. */
class LoopbackTransferIT {
    @TempDir
    Path dir;
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    static int randomPortBase() {
        return 20000 + 2 * ThreadLocalRandom.current().nextInt(10000);
    }

    private Path input(int size) throws Exception {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        Path p = dir.resolve("in.bin");
        Files.write(p, data);
        return p;
    }

    private List<TransferResult> transfer(SenderConfig.Builder sender, int receivers, boolean passive)
            throws Exception {
        int portBase = randomPortBase();
        InetAddress rdv = InetAddress.getByName("239.255.42." + (1 + ThreadLocalRandom.current().nextInt(200)));
        List<Future<TransferResult>> rx = new ArrayList<>();
        for (int i = 0; i < receivers; i++) {
            ReceiverConfig rc = ReceiverConfig.builder().interfaceName("lo")
                    .localAddress(InetAddress.getByName("127.0.0." + (2 + i))).portBase(portBase)
                    .rendezvousAddress(rdv).file(dir.resolve("out" + i + ".bin")).passive(passive)
                    .startTimeout(Duration.ofSeconds(20)).receiveTimeout(Duration.ofSeconds(10)).build();
            Receiver r = Receiver.open(rc, TransferListener.NONE);
            rx.add(pool.submit(() -> {
                try (r) {
                    return r.run();
                }
            }));
        }
        SenderConfig sc = sender.interfaceName("lo").portBase(portBase).rendezvousAddress(rdv)
                .startTimeout(Duration.ofSeconds(20)).build();
        List<TransferResult> results = new ArrayList<>();
        try (Sender s = Sender.open(sc, TransferListener.NONE)) {
            results.add(s.run());
        }
        for (Future<TransferResult> f : rx) {
            results.add(f.get(30, TimeUnit.SECONDS));
        }
        return results;
    }

    private void assertDelivered(Path in, List<TransferResult> results, int receivers) throws Exception {
        for (TransferResult r : results) {
            assertEquals(ExitCode.OK, r.exitCode(), r.message());
        }
        byte[] expected = Files.readAllBytes(in);
        for (int i = 0; i < receivers; i++) {
            assertArrayEquals(expected, Files.readAllBytes(dir.resolve("out" + i + ".bin")), "receiver " + i);
        }
    }

    @Test
    void shouldDeliverToThreeReceiversOverMulticast() throws Exception {
        Path in = input(3_000_000 + 123);
        assertDelivered(in, transfer(SenderConfig.builder().file(in).minReceivers(3), 3, false), 3);
    }

    @Test
    void shouldDeliverPointToPointToOneReceiver() throws Exception {
        Path in = input(500_000);
        assertDelivered(in, transfer(SenderConfig.builder().file(in).minReceivers(1), 1, false), 1);
    }

    @Test
    void shouldDeliverWithFec() throws Exception {
        Path in = input(1_000_000 + 7);
        assertDelivered(in, transfer(SenderConfig.builder().file(in).minReceivers(2)
                .fec(FecSpec.parse("8x8/64")), 2, false), 2);
    }

    @Test
    void shouldDeliverAsyncWithFec() throws Exception {
        Path in = input(400_000);
        assertDelivered(in, transfer(SenderConfig.builder().file(in).async(true).autostart(1)
                .maxBitrateBps(200_000_000).fec(FecSpec.parse("8x8/64")), 2, false), 2);
    }

    @Test
    void shouldDeliverAnEmptyInput() throws Exception {
        Path in = input(0);
        assertDelivered(in, transfer(SenderConfig.builder().file(in).minReceivers(1), 1, false), 1);
    }
}
