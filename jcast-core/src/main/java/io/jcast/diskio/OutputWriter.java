package io.jcast.diskio;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Writes completed slices, in order, on its own thread, so a slow disk or pipe does not stall the
 * network thread (udpcast's writer thread). A write error is kept and reported; nothing after it
 * is written, and the transfer must not be called a success.
 *
 * <p>One thread submits, one writes: jobs pass through a ring of preallocated entries with
 * park/unpark, so a slice handed over costs no allocation (a blocking queue allocates a node per job
 * or per wait). {@link #inline} writers have no thread: each job is written as it is submitted, for
 * simulations.
 */
public final class OutputWriter<T> implements Closeable {
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final WritableByteChannel out;
    private final FileChannel file;
    private final boolean sync;
    private final Consumer<T> onWritten;
    private final ByteBuffer[] data;
    private final Object[] tokens;
    /** Jobs submitted; written by the submitting thread only. */
    private volatile long submitted;
    /** Jobs written; written by the writer thread only. */
    private volatile long written;
    private final Thread writer;
    private volatile IOException error;
    private volatile long bytesWritten;
    private volatile boolean finishing;

    /**
     * @param file      the same channel when it is a file (to force it to disk), else null
     * @param onWritten called on the writer thread once a job's bytes are written (the buffer may be reused)
     */
    public OutputWriter(WritableByteChannel out, FileChannel file, boolean sync, int maxJobs, Consumer<T> onWritten) {
        this(out, file, sync, maxJobs, onWritten, true);
    }

    private OutputWriter(WritableByteChannel out, FileChannel file, boolean sync, int maxJobs, Consumer<T> onWritten,
                         boolean threaded) {
        this.out = out;
        this.file = file;
        this.sync = sync;
        this.onWritten = onWritten;
        this.data = new ByteBuffer[maxJobs];
        this.tokens = new Object[maxJobs];
        if (threaded) {
            this.writer = new Thread(this::writeLoop, "jcast-output");
            writer.setDaemon(true);
            writer.start();
        } else {
            this.writer = null;
        }
    }

    /** A writer that writes each job on the submitting thread and hands its token back at once. */
    public static <T> OutputWriter<T> inline(WritableByteChannel out, int maxJobs, Consumer<T> onWritten) {
        return new OutputWriter<>(out, null, false, maxJobs, onWritten, false);
    }

    /**
     * Queues {@code buffer} (position..limit) for writing; never blocks: the caller holds at most maxJobs.
     * The buffer is the writer's until {@code token} is handed to onWritten.
     */
    public void submit(ByteBuffer buffer, T token) {
        if (writer == null) {
            write(buffer);
            onWritten.accept(token);
            return;
        }
        long n = submitted;
        if (n - written == data.length) {
            throw new IllegalStateException("output queue full");
        }
        int at = (int) (n % data.length);
        data[at] = buffer;
        tokens[at] = token;
        submitted = n + 1;
        LockSupport.unpark(writer);
    }

    @SuppressWarnings("unchecked")
    private void writeLoop() {
        while (!Thread.currentThread().isInterrupted()) {
            boolean last = finishing; // read before the count: everything submitted before finish() is seen
            long n = written;
            if (n == submitted) {
                if (last) {
                    return;
                }
                LockSupport.parkNanos(this, IDLE_PARK_NANOS);
                continue;
            }
            int at = (int) (n % data.length);
            ByteBuffer b = data[at];
            T token = (T) tokens[at];
            data[at] = null;
            tokens[at] = null;
            write(b);
            written = n + 1;
            onWritten.accept(token);
        }
    }

    private void write(ByteBuffer b) {
        if (error != null) {
            return;
        }
        try {
            int bytes = b.remaining();
            while (b.hasRemaining()) {
                out.write(b);
            }
            if (sync && file != null) {
                file.force(false);
            }
            bytesWritten += bytes;
        } catch (IOException e) {
            error = e;
        }
    }

    public IOException error() {
        return error;
    }

    public long bytesWritten() {
        return bytesWritten;
    }

    /** Waits for everything queued to be written, then forces a file to disk; throws the first write error. */
    public void finish() throws IOException {
        finishing = true;
        try {
            if (writer != null) {
                writer.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while flushing output", e);
        }
        if (error != null) {
            throw error;
        }
        if (file != null) {
            file.force(true);
        }
    }

    @Override
    public void close() throws IOException {
        finishing = true;
        if (writer != null) {
            writer.interrupt();
        }
        out.close();
    }
}
