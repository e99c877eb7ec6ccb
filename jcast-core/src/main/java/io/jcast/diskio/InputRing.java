package io.jcast.diskio;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.concurrent.locks.LockSupport;

/**
 * Input read ahead by its own thread into a ring of whole blocks (udpcast reads into a
 * blockSize × 4096 FIFO for the same reason: a slow disk or pipe must not stall the network).
 * Positions are absolute byte counts since the start of the input; because the capacity is a
 * multiple of the block size, a block starting at a multiple of the block size never wraps.
 * {@link #inline} rings have no thread: {@link #pump} reads on the caller's, for simulations.
 */
public final class InputRing implements Closeable {
    private final ReadableByteChannel input;
    private final ByteBuffer ring;
    private final ByteBuffer readView;
    private final int capacity;
    private final Runnable onData;
    private final Thread reader;
    private volatile long written;
    private volatile long released;
    private volatile boolean eof;
    private volatile IOException error;
    private volatile boolean closed;

    /** Starts reading {@code input}; {@code onData} runs on the reader thread when bytes arrive or input ends. */
    public InputRing(ReadableByteChannel input, int blockSize, int blocks, Runnable onData) {
        this(input, blockSize, blocks, onData, true);
    }

    private InputRing(ReadableByteChannel input, int blockSize, int blocks, Runnable onData, boolean threaded) {
        this.input = input;
        this.capacity = blockSize * blocks;
        this.ring = ByteBuffer.allocateDirect(capacity);
        this.readView = ring.duplicate();
        this.onData = onData;
        if (threaded) {
            this.reader = new Thread(this::readLoop, "jcast-input");
            reader.setDaemon(true);
            reader.start();
        } else {
            this.reader = null;
        }
    }

    /** A ring filled only by {@link #pump}, on the consumer's thread; {@code input} must never block. */
    public static InputRing inline(ReadableByteChannel input, int blockSize, int blocks) {
        return new InputRing(input, blockSize, blocks, () -> { }, false);
    }

    /** Inline rings: reads what the input has into the free space. Threaded rings: nothing (their thread reads). */
    public void pump() {
        if (reader != null) {
            return;
        }
        try {
            while (!eof && error == null) {
                long w = written;
                long free = capacity - (w - released);
                if (free == 0) {
                    return;
                }
                int pos = (int) (w % capacity);
                readView.limit(pos + (int) Math.min(free, capacity - pos)).position(pos);
                int n = input.read(readView);
                if (n < 0) {
                    eof = true;
                } else if (n == 0) {
                    return;
                } else {
                    written = w + n;
                }
            }
        } catch (IOException e) {
            error = e;
        }
    }

    private void readLoop() {
        try {
            while (!closed) {
                long w = written;
                long free = capacity - (w - released);
                if (free == 0) {
                    LockSupport.parkNanos(this, 1_000_000);
                    continue;
                }
                int pos = (int) (w % capacity);
                int len = (int) Math.min(Math.min(free, capacity - pos), 1 << 20);
                readView.limit(pos + len).position(pos);
                int n = input.read(readView);
                if (n < 0) {
                    eof = true;
                    onData.run();
                    return;
                }
                written = w + n;
                onData.run();
            }
        } catch (IOException e) {
            error = e;
            onData.run();
        }
    }

    /** Bytes read so far (absolute position of the end of the data). */
    public long written() {
        return written;
    }

    public boolean eof() {
        return eof;
    }

    /** The read error that stopped the input, or null. */
    public IOException error() {
        return error;
    }

    /** The consumer no longer needs anything before {@code position}. */
    public void release(long position) {
        released = position;
        if (reader != null) {
            LockSupport.unpark(reader);
        }
    }

    /** Offset in {@link #buffer()} of absolute position {@code position}. */
    public int offset(long position) {
        return (int) (position % capacity);
    }

    /** The ring itself, for absolute reads; never change its position or limit. */
    public ByteBuffer buffer() {
        return ring;
    }

    public int capacity() {
        return capacity;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        if (reader != null) {
            LockSupport.unpark(reader);
        }
        input.close();
    }
}
