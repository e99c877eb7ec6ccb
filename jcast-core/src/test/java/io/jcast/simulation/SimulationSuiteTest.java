package io.jcast.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jcast.fec.FecSpec;
import io.jcast.transfer.Duplex;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Whole sessions on the simulated LAN, seed after seed: every byte must arrive at every receiver
 * and every exit code must be 0. A failure names its seed and its set-up; {@code -Djcast.seed=N}
 * replays just that one and prints what everyone said, {@code -Djcast.trace=10.9.0.10} adds every
 * datagram between the sender and that host.
 */
class SimulationSuiteTest {
    private static final long SEEDS = Long.getLong("jcast.seeds", 400);

    static final Setup UDPCAST = (s, r) -> {
        s.jcastReceivers = 0;
        s.udpcastReceivers = 1 + r.nextInt(4);
        s.loss = r.nextInt(4) * 0.01;
        s.duplex = r.nextBoolean() ? Duplex.FULL : Duplex.HALF;
    };
    static final Setup JCAST = (s, r) -> {
        s.jcastReceivers = 1 + r.nextInt(4);
        s.loss = r.nextInt(11) * 0.01;
        s.duplex = r.nextBoolean() ? Duplex.FULL : Duplex.HALF;
    };
    static final Setup MIXED = (s, r) -> {
        s.jcastReceivers = r.nextInt(3);
        s.udpcastReceivers = 1 + r.nextInt(3);
        s.loss = r.nextInt(4) * 0.01;
        s.duplex = r.nextBoolean() ? Duplex.FULL : Duplex.HALF;
        if (r.nextBoolean()) {
            s.fec = new FecSpec(8, 8, 128);
        }
        if (r.nextBoolean()) {
            s.maxBitrateBps = 200_000_000;
        }
    };

    @Test
    void udpcastReceiversUnderLoss() {
        sweep(1_000, UDPCAST);
    }

    @Test
    void jcastReceiversUnderLoss() {
        sweep(2_000, JCAST);
    }

    @Test
    void mixedSessionsWithFecAndRateCaps() {
        sweep(3_000, MIXED);
    }

    interface Setup {
        void apply(SimulatedSession session, Random random);
    }

    private static void sweep(long base, Setup setup) {
        Long only = Long.getLong("jcast.seed");
        List<String> failures = new ArrayList<>();
        long from = only != null ? only : base;
        long count = only != null ? 1 : SEEDS;
        for (long seed = from; seed < from + count; seed++) {
            SimulatedSession s = new SimulatedSession(seed);
            setup.apply(s, new Random(seed));
            if (only != null && System.getProperty("jcast.trace") != null) {
                s.trace(System.getProperty("jcast.trace"));
            }
            SimulatedSession.Outcome outcome = s.run();
            String failure = outcome.failure();
            if (only != null) {
                System.out.println("sender: " + outcome.senderMessages());
                outcome.receivers().forEach(r -> System.out.println(r.name() + ": " + r.exitCode() + " " + r.messages()));
            }
            if (failure != null) {
                failures.add(failure);
            }
        }
        failures.stream().limit(10).forEach(System.out::println);
        assertEquals(List.of(), failures.stream().limit(3).toList(), failures.size() + " of " + count + " sessions failed");
    }
}
