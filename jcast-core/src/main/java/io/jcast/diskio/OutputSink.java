package io.jcast.diskio;

import io.jcast.transfer.ExitCode;
import io.jcast.transfer.TransferException;
import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Where a receiver writes: a file (truncated), the input of a {@code --pipe} filter, or a stream,
 * opened with udpcast's error wording. {@link #inMemory} serves simulations and embedders: it is
 * written on the engine's thread, so a simulated session is the same every run.
 */
public final class OutputSink {
    private final WritableByteChannel channel;
    private final FileChannel file;
    private final Process pipe;
    private final boolean inline;
    /** The output file, or null (a pipe, a stream). */
    private final Path path;
    /** True when this sink created the file: it deletes it again if no transfer began. */
    private final boolean created;
    private boolean begun;

    private OutputSink(WritableByteChannel channel, FileChannel file, Process pipe, boolean inline, Path path,
                       boolean created) {
        this.channel = channel;
        this.file = file;
        this.pipe = pipe;
        this.inline = inline;
        this.path = path;
        this.created = created;
    }

    /**
     * Opens {@code file} for writing, or {@code stdout} when null, through the {@code pipe} filter when it is not
     * empty. An existing file keeps its bytes until {@link #begin}: a receiver that never finds a sender must not
     * have emptied yesterday's image (udp-receiver opens it only once connected). Opening it now still reports an
     * unwritable path before the wait for a sender.
     *
     * @throws TransferException IO_ERROR for an unwritable file, PIPE_FAILED when the filter cannot start
     */
    public static OutputSink open(Path file, List<String> pipe, OutputStream stdout) throws TransferException {
        try {
            if (!pipe.isEmpty()) {
                Process process = PipeFilter.forOutput(pipe, file);
                return new OutputSink(Channels.newChannel(process.getOutputStream()), null, process, false, null, false);
            }
            if (file != null) {
                if (Files.isDirectory(file)) {
                    throw new TransferException(ExitCode.IO_ERROR, "cannot write " + file + ": it is a directory");
                }
                boolean exists = Files.exists(file);
                FileChannel fc = exists ? FileChannel.open(file, StandardOpenOption.WRITE)
                        : FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                return new OutputSink(fc, fc, null, false, file, !exists);
            }
            // PrintStream (System.out) swallows write errors; a broken pipe must fail the transfer.
            OutputStream os = stdout == System.out ? new FileOutputStream(FileDescriptor.out) : stdout;
            return new OutputSink(Channels.newChannel(os), null, null, false, null, false);
        } catch (NoSuchFileException e) {
            throw new TransferException(ExitCode.IO_ERROR, "cannot write " + file + ": no such directory");
        } catch (AccessDeniedException e) {
            throw new TransferException(ExitCode.IO_ERROR, "cannot write " + file + ": permission denied");
        } catch (IOException e) {
            throw new TransferException(pipe.isEmpty() ? ExitCode.IO_ERROR : ExitCode.PIPE_FAILED,
                    "cannot write " + (file == null ? "output" : file) + ": " + e.getMessage(), e);
        }
    }

    /** Collects the output in {@code into}, written on the engine's thread (no writer thread). */
    public static OutputSink inMemory(ByteArrayOutputStream into) {
        return new OutputSink(Channels.newChannel(into), null, null, true, null, false);
    }

    /**
     * The transfer begins: a regular file is emptied now (a shorter image must not keep the old one's tail). A block
     * device is written over as it is.
     */
    public void begin() throws IOException {
        if (!begun && path != null && !created && Files.isRegularFile(path)) {
            file.truncate(0);
        }
        begun = true;
    }

    public WritableByteChannel channel() {
        return channel;
    }

    /** The same channel when it is a file (to force it to disk), else null. */
    public FileChannel file() {
        return file;
    }

    /** The filter process, or null. */
    public Process pipe() {
        return pipe;
    }

    /** True when writes happen on the engine's thread ({@link OutputWriter#inline}). */
    public boolean inline() {
        return inline;
    }

    /** Ends a filter process that is still running (after a failure); deletes a file it created for nothing. */
    public void destroy() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // errors were reported by the transfer
        }
        if (pipe != null) {
            pipe.destroy();
        }
        if (created && !begun) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException ignored) {
                // an empty file left behind; the transfer already failed with its own reason
            }
        }
    }
}
