package io.jcast.protocol;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Cost of the per-packet and per-slice codecs on one core, in nanoseconds per call. A 1456-byte DATA datagram every
 * {@code t} ns is {@code 1456 / t} GB/s, so anything near 10 ns per packet is far from the bottleneck at 1 Gbit/s
 * (about 86 000 datagrams/s, 11.6 µs each).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CodecBenchmark {
    private static final int BLOCK_SIZE = 1456;

    /** The engine's send buffer: header plus payload, direct, big-endian. */
    private final ByteBuffer datagram = ByteBuffer.allocateDirect(DataHeader.LENGTH + BLOCK_SIZE);
    private final ByteBuffer control = ByteBuffer.allocate(256);
    /** A received RETRANSMIT, in the direct receive buffer the sender uses. */
    private final ByteBuffer retransmit = ByteBuffer.allocateDirect(2048);
    private final BlockBitmap received = new BlockBitmap();
    private final BlockBitmap alreadySent = new BlockBitmap();
    private final BlockBitmap missing = new BlockBitmap();
    private final BlockBitmap readySet = new BlockBitmap();
    private int sliceNo;
    private int blockNo;

    @Setup(Level.Trial)
    public void setUp() {
        // About 2 % of a 1024-block slice lost, another 1 % already queued for retransmission.
        Random random = new Random(7);
        for (int i = 0; i < BlockBitmap.BITS; i++) {
            if (random.nextInt(100) >= 2) {
                received.set(i);
            }
            if (random.nextInt(100) == 0) {
                alreadySent.set(i);
            }
            if (random.nextBoolean()) {
                readySet.set(i);
            }
        }
        Retransmit.encode(retransmit, 17, 3, received);
        retransmit.flip();
        DataHeader.write(datagram, Opcode.DATA, 0, 17, 321, 1024 * BLOCK_SIZE);
        if (datagram.order() != ByteOrder.BIG_ENDIAN) {
            throw new IllegalStateException("network byte order expected");
        }
    }

    /** What the sender does for every DATA datagram it sends. */
    @Benchmark
    public ByteBuffer dataHeaderWrite() {
        blockNo = (blockNo + 1) & 1023;
        DataHeader.write(datagram, Opcode.DATA, 0, sliceNo, blockNo, 1024 * BLOCK_SIZE);
        return datagram;
    }

    /** What a receiver reads from every DATA datagram: opcode, slice, block, slice bytes. */
    @Benchmark
    public int dataHeaderRead() {
        return Opcode.of(datagram) + DataHeader.sliceNo(datagram) + DataHeader.blockNo(datagram)
                + DataHeader.sliceBytes(datagram) + DataHeader.stripes(datagram);
    }

    /** Sender: validate a RETRANSMIT and load its 128-byte map. */
    @Benchmark
    public BlockBitmap retransmitRead() throws MalformedPacketException {
        Retransmit.validate(retransmit);
        received.read(retransmit, Retransmit.MAP_OFFSET);
        return received;
    }

    /** Sender: merge one receiver's missing blocks into the retransmission set of a full slice. */
    @Benchmark
    public int blockBitmapAddMissing() {
        missing.clear();
        return missing.addMissing(received, alreadySent, BlockBitmap.BITS);
    }

    /** Receiver: write its 128-byte received map (the body of RETRANSMIT). */
    @Benchmark
    public ByteBuffer blockBitmapWrite() {
        control.clear();
        received.write(control);
        return control;
    }

    /** Sender: a full 144-byte REQACK with its ready set, once per slice and per retry. */
    @Benchmark
    public ByteBuffer reqAckEncode() {
        control.clear();
        ReqAck.encode(control, ++sliceNo, 1024 * BLOCK_SIZE, 2, readySet);
        return control;
    }
}
