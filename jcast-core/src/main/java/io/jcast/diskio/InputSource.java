package io.jcast.diskio;

import io.jcast.transfer.ExitCode;
import io.jcast.transfer.TransferException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * What a sender sends: a file, the output of a {@code --pipe} filter, or a stream, opened with
 * udpcast's error wording. {@link #inMemory} serves simulations and embedders: its bytes are read
 * on the engine's thread, so a simulated session is the same every run.
 */
public final class InputSource implements AutoCloseable {
    private final ReadableByteChannel channel;
    private final long size;
    private final Process pipe;
    private final boolean inline;

    private InputSource(ReadableByteChannel channel, long size, Process pipe, boolean inline) {
        this.channel = channel;
        this.size = size;
        this.pipe = pipe;
        this.inline = inline;
    }

    /**
     * Opens {@code file} (or {@code stdin} when null), through the {@code pipe} filter when it is not empty.
     *
     * @throws TransferException IO_ERROR for an unreadable file, PIPE_FAILED when the filter cannot start
     */
    public static InputSource open(Path file, List<String> pipe, InputStream stdin) throws TransferException {
        Process process = null;
        try {
            if (file != null) {
                if (Files.isDirectory(file)) {
                    throw new TransferException(ExitCode.IO_ERROR, "cannot send " + file + ": it is a directory");
                }
                FileChannel fc = FileChannel.open(file, StandardOpenOption.READ);
                long size = Files.isRegularFile(file) ? fc.size() : -1;
                if (pipe.isEmpty()) {
                    return new InputSource(fc, size, null, false);
                }
                fc.close();
                process = PipeFilter.forInput(pipe, file);
                return new InputSource(Channels.newChannel(process.getInputStream()), -1, process, false);
            }
            if (!pipe.isEmpty()) {
                process = PipeFilter.forInput(pipe, null);
                return new InputSource(Channels.newChannel(process.getInputStream()), -1, process, false);
            }
            return new InputSource(Channels.newChannel(stdin), -1, null, false);
        } catch (NoSuchFileException e) {
            throw new TransferException(ExitCode.IO_ERROR, "cannot read " + file + ": no such file");
        } catch (AccessDeniedException e) {
            throw new TransferException(ExitCode.IO_ERROR, "cannot read " + file + ": permission denied");
        } catch (IOException e) {
            throw new TransferException(process == null && !pipe.isEmpty() ? ExitCode.PIPE_FAILED
                    : ExitCode.IO_ERROR, "cannot read " + (file == null ? "input" : file) + ": " + e.getMessage(), e);
        }
    }

    /** {@code bytes} as input of known size, read on the engine's thread (no reader thread). */
    public static InputSource inMemory(byte[] bytes) {
        ByteBuffer data = ByteBuffer.wrap(bytes);
        ReadableByteChannel channel = new ReadableByteChannel() {
            private boolean open = true;

            @Override
            public int read(ByteBuffer dst) {
                if (!data.hasRemaining()) {
                    return -1;
                }
                int n = Math.min(dst.remaining(), data.remaining());
                dst.put(dst.position(), data, data.position(), n).position(dst.position() + n);
                data.position(data.position() + n);
                return n;
            }

            @Override
            public boolean isOpen() {
                return open;
            }

            @Override
            public void close() {
                open = false;
            }
        };
        return new InputSource(channel, bytes.length, null, true);
    }

    /** The bytes to send. */
    public ReadableByteChannel channel() {
        return channel;
    }

    /** The input's size in bytes, or -1 for a pipe or stream. */
    public long size() {
        return size;
    }

    /** True when the input is read on the engine's thread ({@link InputRing#inline}). */
    public boolean inline() {
        return inline;
    }

    /** Closes the input and ends a filter process. */
    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing an input loses nothing
        }
        if (pipe != null) {
            pipe.destroy();
        }
    }
}
