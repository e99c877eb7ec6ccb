package io.jcast.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jcast.fec.FecSpec;
import io.jcast.protocol.Capabilities;
import io.jcast.protocol.ConnectReq;
import java.nio.ByteBuffer;
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
    void shouldDropASilentReceiverAndStillServeTheOthers() throws Exception {
        Path in = input(2_000_000);
        int portBase = randomPortBase();
        InetAddress rdv = InetAddress.getByName("239.255.43." + (1 + ThreadLocalRandom.current().nextInt(200)));
        ReceiverConfig rc = ReceiverConfig.builder().interfaceName("lo").localAddress(InetAddress.getByName("127.0.0.2"))
                .portBase(portBase).rendezvousAddress(rdv).file(dir.resolve("out0.bin"))
                .startTimeout(Duration.ofSeconds(20)).build();
        Receiver receiver = Receiver.open(rc, TransferListener.NONE);
        Future<TransferResult> rx = pool.submit(() -> {
            try (receiver) {
                return receiver.run();
            }
        });
        // A receiver that joins and then never answers, like a machine that froze after booting.
        try (java.nio.channels.DatagramChannel ghost = java.nio.channels.DatagramChannel.open(
                java.net.StandardProtocolFamily.INET)) {
            ghost.bind(new java.net.InetSocketAddress("127.0.0.9", portBase));
            ghost.setOption(java.net.StandardSocketOptions.IP_MULTICAST_IF, java.net.NetworkInterface.getByName("lo"));
            SenderConfig sc = SenderConfig.builder().file(in).interfaceName("lo").portBase(portBase)
                    .rendezvousAddress(rdv).minReceivers(2).retriesUntilDrop(8).startTimeout(Duration.ofSeconds(20))
                    .build();
            TransferResult sent;
            try (Sender s = Sender.open(sc, TransferListener.NONE)) {
                Future<TransferResult> tx = pool.submit(s::run);
                ByteBuffer req = ByteBuffer.allocate(ConnectReq.LENGTH);
                new ConnectReq(Capabilities.DEFAULT, 0).encode(req);
                req.flip();
                ghost.send(req, new java.net.InetSocketAddress(rdv, portBase + 1));
                sent = tx.get(60, TimeUnit.SECONDS);
            }
            assertEquals(ExitCode.RECEIVERS_DROPPED, sent.exitCode(), sent.message());
            assertEquals(1, sent.receivers().stream().filter(r -> r.state() == ReceiverState.DROPPED).count());
            assertEquals(1, sent.receivers().stream().filter(r -> r.state() == ReceiverState.COMPLETED).count());
        }
        TransferResult received = rx.get(30, TimeUnit.SECONDS);
        assertEquals(ExitCode.OK, received.exitCode(), received.message());
        assertArrayEquals(Files.readAllBytes(in), Files.readAllBytes(dir.resolve("out0.bin")));
    }

    @Test
    void shouldFailTheReceiverWhenTheSenderVanishes() throws Exception {
        Path in = input(30_000_000);
        int portBase = randomPortBase();
        InetAddress rdv = InetAddress.getByName("239.255.44." + (1 + ThreadLocalRandom.current().nextInt(200)));
        ReceiverConfig rc = ReceiverConfig.builder().interfaceName("lo").localAddress(InetAddress.getByName("127.0.0.2"))
                .portBase(portBase).rendezvousAddress(rdv).file(dir.resolve("out0.bin"))
                .startTimeout(Duration.ofSeconds(20)).receiveTimeout(Duration.ofSeconds(2)).build();
        Receiver receiver = Receiver.open(rc, TransferListener.NONE);
        Future<TransferResult> rx = pool.submit(() -> {
            try (receiver) {
                return receiver.run();
            }
        });
        SenderConfig sc = SenderConfig.builder().file(in).interfaceName("lo").portBase(portBase).rendezvousAddress(rdv)
                .minReceivers(1).maxBitrateBps(40_000_000).build();
        // cancel() stops the sender without a word to the receivers, as SIGKILL would.
        try (Sender s = Sender.open(sc, TransferListener.NONE)) {
            Future<TransferResult> tx = pool.submit(s::run);
            Thread.sleep(1500);
            s.cancel();
            assertEquals(ExitCode.INTERRUPTED, tx.get(10, TimeUnit.SECONDS).exitCode());
        }
        TransferResult received = rx.get(30, TimeUnit.SECONDS);
        assertEquals(ExitCode.INCOMPLETE, received.exitCode(), received.message());
    }

    @Test
    void shouldReportAFullDiskAsAnErrorOnBothSides() throws Exception {
        Path in = input(2_000_000);
        int portBase = randomPortBase();
        InetAddress rdv = InetAddress.getByName("239.255.45." + (1 + ThreadLocalRandom.current().nextInt(200)));
        ReceiverConfig rc = ReceiverConfig.builder().interfaceName("lo").localAddress(InetAddress.getByName("127.0.0.2"))
                .portBase(portBase).rendezvousAddress(rdv).file(Path.of("/dev/full"))
                .startTimeout(Duration.ofSeconds(20)).build();
        Receiver receiver = Receiver.open(rc, TransferListener.NONE);
        Future<TransferResult> rx = pool.submit(() -> {
            try (receiver) {
                return receiver.run();
            }
        });
        SenderConfig sc = SenderConfig.builder().file(in).interfaceName("lo").portBase(portBase).rendezvousAddress(rdv)
                .minReceivers(1).startTimeout(Duration.ofSeconds(20)).build();
        try (Sender s = Sender.open(sc, TransferListener.NONE)) {
            TransferResult sent = s.run();
            assertEquals(ExitCode.INCOMPLETE, sent.exitCode(), sent.message());
        }
        TransferResult received = rx.get(30, TimeUnit.SECONDS);
        assertEquals(ExitCode.IO_ERROR, received.exitCode(), received.message());
    }

    @Test
    void shouldRefuseAMissingInputFile() {
        TransferException e = org.junit.jupiter.api.Assertions.assertThrows(TransferException.class,
                () -> Sender.open(SenderConfig.builder().file(dir.resolve("missing.img")).interfaceName("lo")
                        .portBase(randomPortBase()).build(), TransferListener.NONE));
        assertEquals(ExitCode.IO_ERROR, e.exitCode());
        assertEquals("cannot read " + dir.resolve("missing.img") + ": no such file", e.getMessage());
    }

    @Test
    void shouldRefuseAnUnknownInterface() {
        TransferException e = org.junit.jupiter.api.Assertions.assertThrows(TransferException.class,
                () -> Receiver.open(ReceiverConfig.builder().interfaceName("nosuch0").file(dir.resolve("x"))
                        .portBase(randomPortBase()).build(), TransferListener.NONE));
        assertEquals(ExitCode.NETWORK_ERROR, e.exitCode());
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().startsWith("unknown interface 'nosuch0'"),
                e.getMessage());
    }

    @Test
    void shouldRefuseAPortInUse() throws Exception {
        int portBase = randomPortBase();
        try (java.nio.channels.DatagramChannel taken = java.nio.channels.DatagramChannel.open()) {
            taken.bind(new java.net.InetSocketAddress("127.0.0.1", portBase + 1));
            TransferException e = org.junit.jupiter.api.Assertions.assertThrows(TransferException.class,
                    () -> Sender.open(SenderConfig.builder().file(input(10)).interfaceName("lo").portBase(portBase)
                            .build(), TransferListener.NONE));
            assertEquals(ExitCode.NETWORK_ERROR, e.exitCode());
            org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("in use"), e.getMessage());
        }
    }

    @Test
    void shouldDeliverAnEmptyInput() throws Exception {
        Path in = input(0);
        assertDelivered(in, transfer(SenderConfig.builder().file(in).minReceivers(1), 1, false), 1);
    }
}
