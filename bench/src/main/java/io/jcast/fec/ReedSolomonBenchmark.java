package io.jcast.fec;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Reed-Solomon throughput on one core, one stripe of a udpcast {@code --fec} spec per call, block size 1456.
 *
 * <p>Every operation is one byte of the stripe's data ({@code stripeSize × 1456} per call), so the score in
 * {@code ops/us} reads directly as MB/s (10^6 bytes/s) of data protected (encode) or repaired (decode). Encode computes
 * all {@code redundancy} FEC rows of the stripe, as the sender does. Decode repairs a stripe with {@code erased} data
 * blocks lost: 1, or as many as there are FEC rows (the most the code can repair), matrix inversion included.
 * {@code direct} buffers are the engine's case (slices live in direct memory and are copied through scratch arrays);
 * {@code heap} buffers are coded in their backing arrays.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ReedSolomonBenchmark {
    static final int BLOCK_SIZE = 1456;

    /** One stripe with its FEC blocks, coded and verified once in setup. */
    @State(Scope.Thread)
    public abstract static class Stripe {
        @Param({"direct", "heap"})
        public String buffers;

        ReedSolomon coder;
        ByteBuffer[] data;
        ByteBuffer[] fec;
        int[] rows;
        boolean[] present;
        int n;
        int m;

        abstract FecSpec spec();

        /** Data blocks lost before each decode: 1, or "all" (as many as there are FEC rows). */
        String erased() {
            return "1";
        }

        @Setup(Level.Trial)
        public void setUp() {
            n = spec().stripeSize();
            m = spec().redundancy();
            coder = new ReedSolomon(BLOCK_SIZE);
            Random random = new Random(42);
            data = new ByteBuffer[n];
            ByteBuffer[] original = new ByteBuffer[n];
            for (int j = 0; j < n; j++) {
                byte[] bytes = new byte[BLOCK_SIZE];
                random.nextBytes(bytes);
                data[j] = allocate().put(0, bytes);
                original[j] = ByteBuffer.wrap(bytes);
            }
            fec = new ByteBuffer[m];
            rows = new int[m];
            for (int r = 0; r < m; r++) {
                fec[r] = allocate();
                rows[r] = r;
            }
            encode();
            // Lose evenly spread blocks, as random loss would, and check that they come back.
            int missing = "all".equals(erased()) ? m : 1;
            present = new boolean[n];
            Arrays.fill(present, true);
            for (int k = 0; k < missing; k++) {
                present[k * n / missing] = false;
                data[k * n / missing].put(0, new byte[BLOCK_SIZE]);
            }
            decode();
            for (int j = 0; j < n; j++) {
                if (data[j].compareTo(original[j]) != 0) {
                    throw new IllegalStateException(spec() + ": decode did not restore block " + j);
                }
            }
        }

        private ByteBuffer allocate() {
            return "direct".equals(buffers) ? ByteBuffer.allocateDirect(BLOCK_SIZE) : ByteBuffer.allocate(BLOCK_SIZE);
        }

        ByteBuffer[] encode() {
            for (int r = 0; r < m; r++) {
                coder.encode(data, n, r, fec[r]);
            }
            return fec;
        }

        /** Rebuilds the erased blocks in place from the same FEC blocks: the stripe stays valid across calls. */
        ByteBuffer[] decode() {
            coder.decode(data, present, n, fec, rows, m);
            return data;
        }
    }

    public static class Spec8x8of64 extends Stripe {
        private static final FecSpec SPEC = FecSpec.parse("8x8/64");

        @Override
        FecSpec spec() {
            return SPEC;
        }
    }

    public static class Spec8x16of128 extends Stripe {
        private static final FecSpec SPEC = FecSpec.parse("8x16/128");

        @Override
        FecSpec spec() {
            return SPEC;
        }
    }

    /** Decode only: the number of lost blocks changes its cost, not encode's. */
    public static class Lossy8x8of64 extends Spec8x8of64 {
        @Param({"1", "all"})
        public String erased;

        @Override
        String erased() {
            return erased;
        }
    }

    public static class Lossy8x16of128 extends Spec8x16of128 {
        @Param({"1", "all"})
        public String erased;

        @Override
        String erased() {
            return erased;
        }
    }

    @Benchmark
    @OperationsPerInvocation(64 * BLOCK_SIZE)
    public ByteBuffer[] encode_8x8of64(Spec8x8of64 stripe) {
        return stripe.encode();
    }

    @Benchmark
    @OperationsPerInvocation(128 * BLOCK_SIZE)
    public ByteBuffer[] encode_8x16of128(Spec8x16of128 stripe) {
        return stripe.encode();
    }

    @Benchmark
    @OperationsPerInvocation(64 * BLOCK_SIZE)
    public ByteBuffer[] decode_8x8of64(Lossy8x8of64 stripe) {
        return stripe.decode();
    }

    @Benchmark
    @OperationsPerInvocation(128 * BLOCK_SIZE)
    public ByteBuffer[] decode_8x16of128(Lossy8x16of128 stripe) {
        return stripe.decode();
    }
}
