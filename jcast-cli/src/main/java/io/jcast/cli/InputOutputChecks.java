package io.jcast.cli;

import io.jcast.transfer.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Checks on files named on the command line, done before any socket is opened. */
public final class InputOutputChecks {
    private InputOutputChecks() {
    }

    /** The input must exist, be readable and not be a directory (block devices are fine). */
    public static void requireReadable(Path file) {
        if (!Files.exists(file)) {
            throw new CommandFailure(ExitCode.IO_ERROR, "cannot read " + file + ": no such file");
        }
        if (Files.isDirectory(file)) {
            throw new CommandFailure(ExitCode.IO_ERROR, "cannot read " + file + ": is a directory");
        }
        if (!Files.isReadable(file)) {
            throw new CommandFailure(ExitCode.IO_ERROR, "cannot read " + file + ": permission denied");
        }
    }

    /** The output must be writable if it exists, or creatable in an existing, writable directory. */
    public static void requireWritable(Path file) {
        if (Files.isDirectory(file)) {
            throw new CommandFailure(ExitCode.IO_ERROR, "cannot write " + file + ": is a directory");
        }
        if (Files.exists(file)) {
            if (!Files.isWritable(file)) {
                throw new CommandFailure(ExitCode.IO_ERROR, "cannot write " + file + ": permission denied");
            }
            return;
        }
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new CommandFailure(ExitCode.IO_ERROR, "cannot write " + file + ": no such directory");
        }
        if (!Files.isWritable(dir)) {
            throw new CommandFailure(ExitCode.IO_ERROR, "cannot write " + file + ": permission denied");
        }
    }

    /** udpcast splits a --pipe command on single spaces, without quoting. */
    public static List<String> pipeCommand(String pipe) {
        if (pipe == null || pipe.isBlank()) {
            return List.of();
        }
        return Arrays.stream(pipe.split(" ")).filter(s -> !s.isEmpty()).toList();
    }
}
