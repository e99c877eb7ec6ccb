package io.jcast.diskio;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Writes completed slices, in order, on its own thread, so a slow disk or pipe does not stall the
 * network thread (udpcast's writer thread). A write error is kept and reported; nothing after it
 * is written, and the transfer must not be called a success.
 */
public final class OutputWriter<T> implements Closeable {
    private record Job<T>(ByteBuffer data, T token) {
    }

    private final WritableByteChannel out;
    private final FileChannel file;
    private final boolean sync;
    private final Consumer<T> onWritten;
    private final BlockingQueue<Job<T>> queue;
    private final Thread writer;
    private volatile IOException error;
    private volatile long bytesWritten;
    private volatile boolean finishing;

    /**
     * @param file      the same channel when it is a file (to force it to disk), else null
     * @param onWritten called on the writer thread once a job's bytes are written (the buffer may be reused)
     */
    public OutputWriter(WritableByteChannel out, FileChannel file, boolean sync, int maxJobs, Consumer<T> onWritten) {
        this.out = out;
        this.file = file;
        this.sync = sync;
        this.onWritten = onWritten;
        this.queue = new ArrayBlockingQueue<>(maxJobs);
        this.writer = new Thread(this::writeLoop, "jcast-output");
        writer.setDaemon(true);
        writer.start();
    }

    /** Queues {@code data} (position..limit) for writing; never blocks: the caller holds at most maxJobs. */
    public void submit(ByteBuffer data, T token) {
        if (!queue.offer(new Job<>(data, token))) {
            throw new IllegalStateException("output queue full");
        }
    }

    private void writeLoop() {
        try {
            while (true) {
                Job<T> job = queue.poll(50, TimeUnit.MILLISECONDS);
                if (job == null) {
                    if (finishing) {
                        return;
                    }
                    continue;
                }
                if (error == null) {
                    try {
                        ByteBuffer b = job.data();
                        int n = b.remaining();
                        while (b.hasRemaining()) {
                            out.write(b);
                        }
                        if (sync && file != null) {
                            file.force(false);
                        }
                        bytesWritten += n;
                    } catch (IOException e) {
                        error = e;
                    }
                }
                onWritten.accept(job.token());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
            writer.join();
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
        writer.interrupt();
        out.close();
    }
}
