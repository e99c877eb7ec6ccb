package io.jcast.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcast.transfer.Counter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Whole jcast-protocol sessions on the simulated LAN, seed after seed: every receiver must end with every byte
 * and exit 0 (or, where the set-up says so, fail honestly), and the sender's exit must tell the truth. A failure
 * names its seed and set-up; {@code -Djcast.seed=N} replays just that one.
 */
class NackSimulationTest {
    private static final long SEEDS = Long.getLong("jcast.seeds", 300);
    private static final long MS = 1_000_000L;

    /** Up to 64 receivers, 0-20 % loss, sometimes reordered or duplicated, various block and stripe sizes. */
    static final Setup LOSSY = (s, r) -> {
        s.receivers = 1 + (r.nextInt(4) == 0 ? r.nextInt(64) : r.nextInt(6));
        s.loss = r.nextInt(21) * 0.01;
        if (r.nextInt(4) == 0) {
            s.reordering = 0.05;
            s.duplication = 0.02;
        }
        s.bytes = size(r);
        int[] stripes = {1, 8, 16, 64, 128};
        s.settings = s.settings.withBlocks(r.nextBoolean() ? 1440 : 512 + r.nextInt(1000),
                stripes[r.nextInt(stripes.length)]).withProactiveRows(r.nextInt(3) == 0 ? r.nextInt(4) : 0);
        if (r.nextBoolean()) {
            s.settings = s.settings.withMaxBitrate(50_000_000 + r.nextInt(200_000_000));
        }
    };

    /** Receivers start while the data is under way: they are repaired from the start of the stream. */
    static final Setup LATE_JOINERS = (s, r) -> {
        LOSSY.apply(s, r);
        s.bytes = 100_000 + r.nextInt(300_000);
        s.settings = s.settings.withMaxBitrate(20_000_000);
        long dataNs = s.bytes * 8L * 1_000_000_000L / 20_000_000;
        s.startDelaysNs = new long[s.receivers];
        for (int i = 1; i < s.receivers; i++) {
            s.startDelaysNs[i] = (long) (r.nextDouble() * dataNs * 0.8);
        }
    };

    /** A carousel: receivers come at any time, also after the first lap, and each finishes with a verified copy. */
    static final Setup CAROUSEL = (s, r) -> {
        LOSSY.apply(s, r);
        s.receivers = 1 + r.nextInt(8);
        s.bytes = 20_000 + r.nextInt(200_000);
        s.settings = s.settings.withMaxBitrate(20_000_000).withCarousel(true, Duration.ofSeconds(20));
        s.expectReceivers = s.receivers;
        long lapNs = s.bytes * 8L * 1_000_000_000L / 20_000_000;
        s.startDelaysNs = new long[s.receivers];
        for (int i = 0; i < s.receivers; i++) {
            s.startDelaysNs[i] = (long) (r.nextDouble() * lapNs * 3);
        }
    };

    /** A keyed session with a forger on the LAN and perhaps a receiver holding the wrong key. */
    static final Setup FORGED = (s, r) -> {
        LOSSY.apply(s, r);
        s.receivers = 1 + r.nextInt(6);
        byte[] key = new byte[32];
        r.nextBytes(key);
        s.settings = s.settings.withKey(key).withMaxBitrate(50_000_000);
        s.forger = true;
        s.wrongKey = new boolean[s.receivers + 1];
        if (r.nextBoolean()) {
            s.receivers++;
            s.wrongKey[s.receivers - 1] = true;
            s.settings = s.settings.withTimeouts(s.settings.receiverTimeout(), Duration.ofSeconds(5));
        }
    };

    /** No key, and someone sends made-up datagrams: receivers may fail, but never report wrong bytes. */
    static final Setup FORGED_UNKEYED = (s, r) -> {
        LOSSY.apply(s, r);
        s.receivers = 1 + r.nextInt(4);
        s.settings = s.settings.withMaxBitrate(50_000_000);
        s.forger = true;
    };

    /** A stream of unknown size (a pipe): the end and its size come with the last announcement. */
    static final Setup STREAM = (s, r) -> {
        LOSSY.apply(s, r);
        s.streamInput = true;
    };

    /** Receivers that die mid-transfer: the sender counts them as gone and serves the rest. */
    static final Setup DEATHS = (s, r) -> {
        LOSSY.apply(s, r);
        s.receivers = 2 + r.nextInt(6);
        s.bytes = 200_000 + r.nextInt(300_000);
        s.settings = s.settings.withMaxBitrate(20_000_000).withTimeouts(Duration.ofSeconds(3),
                s.settings.senderTimeout());
        long dataNs = s.bytes * 8L * 1_000_000_000L / 20_000_000;
        s.deathsNs = new long[s.receivers];
        for (int k = 0; k < 1 + r.nextInt(2); k++) {
            s.deathsNs[r.nextInt(s.receivers)] = 1 + (long) (r.nextDouble() * dataNs);
        }
    };

    @Test
    void receiversUnderLoss() {
        sweep(20_000, SEEDS, LOSSY);
    }

    @Test
    void receiversThatJoinLate() {
        sweep(21_000, SEEDS / 3, LATE_JOINERS);
    }

    @Test
    void carouselServesLateComers() {
        sweep(22_000, SEEDS / 3, CAROUSEL);
    }

    @Test
    void forgedDatagramsNeverReachAKeyedOutput() {
        sweep(23_000, SEEDS / 6, FORGED);
    }

    @Test
    void forgedDataWithoutAKeyIsNeverReportedComplete() {
        sweep(24_000, SEEDS / 6, FORGED_UNKEYED);
    }

    @Test
    void streamsOfUnknownSize() {
        sweep(25_000, SEEDS / 3, STREAM);
    }

    @Test
    void receiversThatDie() {
        sweep(26_000, SEEDS / 6, DEATHS);
    }

    /**
     * A thousand receivers at 1 % loss, small blocks: they all finish, and the sender's work per receiver stays
     * small (NACK suppression, one repair serves all). Prints the figures.
     */
    @Test
    void aThousandReceivers() {
        long[] work = new long[2];
        int[] counts = {1, 1000};
        for (int k = 0; k < counts.length; k++) {
            NackSession s = new NackSession(27_000 + k);
            s.receivers = counts[k];
            s.loss = 0.01;
            s.bytes = 200_000;
            s.settings = s.settings.withBlocks(512, 32).withMaxBitrate(100_000_000);
            long t0 = System.nanoTime();
            NackSession.Outcome o = s.run();
            long wallMs = (System.nanoTime() - t0) / MS;
            assertNull(o.failure());
            work[k] = o.senderSent() + o.senderReceived();
            System.out.printf("jcast protocol, %d receiver(s), 1 %% loss, %d bytes: session %.2f s simulated "
                            + "(%d ms to simulate), sender sent %d and received %d datagrams (%.1f per receiver), "
                            + "%d stripes NACKed, %d repairs%n", counts[k], s.bytes, o.endNs() / 1e9, wallMs,
                    o.senderSent(), o.senderReceived(), (double) work[k] / counts[k],
                    o.sent().count(Counter.NACKED_STRIPES), o.sent().retransmittedBlocks());
        }
        // Datagrams the sender handles: data and repairs, plus each receiver's few reports. Per-slice
        // acknowledgement would cost at least one datagram per receiver per slice.
        long dataDatagrams = 200_000 / 512 + 1;
        assertTrue(work[1] < dataDatagrams * 3 + 1000L * 12, "sender work with 1000 receivers: " + work[1]);
    }

    /** Mostly ordinary sizes, sometimes the edges: empty, one byte, one block, one stripe and a byte. */
    private static int size(Random r) {
        int[] edges = {0, 1, 1440, 1441, 1440 * 64, 1440 * 64 + 1};
        return r.nextInt(8) == 0 ? edges[r.nextInt(edges.length)] : 1_000 + r.nextInt(400_000);
    }

    interface Setup {
        void apply(NackSession session, Random random);
    }

    /**
     * The scale goal at 100 Mbit/s and 1 % loss: 16 receivers take at most 1.15 times as long as one (the sender's
     * work follows the losses, not the receivers). Prints both times.
     */
    @Test
    void sixteenReceiversTakeLittleLongerThanOne() {
        double[] seconds = new double[2];
        int[] counts = {1, 16};
        for (int k = 0; k < 2; k++) {
            double sum = 0;
            for (int seed = 0; seed < 5; seed++) {
                NackSession s = new NackSession(28_000 + seed);
                s.receivers = counts[k];
                s.loss = 0.01;
                s.bytes = 8 << 20;
                s.linkBitsPerSecond = 100_000_000;
                NackSession.Outcome o = s.run();
                assertNull(o.failure());
                sum += o.sent().elapsedNanos() / 1e9;
            }
            seconds[k] = sum / 5;
        }
        System.out.printf("jcast protocol, 8 MiB at 100 Mbit/s, 1 %% loss: 1 receiver %.3f s, 16 receivers %.3f s "
                + "(%.2fx)%n", seconds[0], seconds[1], seconds[1] / seconds[0]);
        assertTrue(seconds[1] <= 1.15 * seconds[0], seconds[1] + " s against " + seconds[0] + " s");
    }

    /**
     * A 25 s session through a switch that forgets memberships after 10 s (snooping, no querier): with re-joins
     * every 3 s, sender and receivers alike, everyone finishes; without, the receivers are cut off and say so.
     */
    @Test
    void membershipsForgottenBySnoopingSwitches() {
        for (boolean reannounce : new boolean[] {true, false}) {
            NackSession s = new NackSession(29_000);
            s.receivers = 3;
            s.loss = 0.01;
            s.bytes = 3_000_000;
            s.settings = s.settings.withMaxBitrate(1_000_000).withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(5));
            s.forgetGroupsNs = 10_000 * MS;
            s.reannounce = reannounce ? Duration.ofSeconds(3) : Duration.ZERO;
            NackSession.Outcome o = s.run();
            if (reannounce) {
                assertNull(o.failure());
            } else {
                assertTrue(o.receivers().stream().allMatch(r -> r.exitCode() == io.jcast.transfer.ExitCode.INCOMPLETE
                        .code()), o.receivers().toString());
            }
        }
    }

    private static void sweep(long base, long seeds, Setup setup) {
        Long only = Long.getLong("jcast.seed");
        if (only != null && (only < base || only >= base + 1_000)) {
            return; // another test's seed
        }
        List<String> failures = new ArrayList<>();
        long from = only != null ? only : base;
        long count = only != null ? 1 : seeds;
        for (long seed = from; seed < from + count; seed++) {
            NackSession s = new NackSession(seed);
            setup.apply(s, new Random(seed));
            NackSession.Outcome outcome = s.run();
            String failure = outcome.failure();
            if (only != null) {
                System.out.println(s + ": sender " + (outcome.sent() == null ? "running" : outcome.sent().exitCode()
                        + " " + outcome.sent().message() + " " + outcome.sent().counters()));
                outcome.receivers().forEach(r -> System.out.println(r.name() + ": " + r.exitCode() + " "
                        + r.message() + " " + r.counters()));
            }
            if (failure != null) {
                failures.add(failure);
            }
        }
        failures.stream().limit(10).forEach(System.out::println);
        assertEquals(List.of(), failures.stream().limit(3).toList(), failures.size() + " of " + count
                + " sessions failed");
    }
}
