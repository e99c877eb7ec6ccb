package io.jcast.diskio;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * udpcast's {@code --pipe}: a filter process between the file and the network. Like udpcast, the
 * command line is split on spaces only and run directly, never through a shell.
 */
public final class PipeFilter {
    private PipeFilter() {
    }

    /** Splits a udpcast pipe string on spaces (no quoting, as udpcast). */
    public static List<String> split(String command) {
        return List.of(command.trim().split(" +"));
    }

    /** Sender side: the filter reads the file (or our stdin) and we read its stdout. */
    public static Process forInput(List<String> command, Path file) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.redirectInput(file == null ? ProcessBuilder.Redirect.INHERIT : ProcessBuilder.Redirect.from(file.toFile()));
        return pb.start();
    }

    /** Receiver side: we write into the filter's stdin; it writes the file (or our stdout). */
    public static Process forOutput(List<String> command, Path file) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.redirectOutput(file == null ? ProcessBuilder.Redirect.INHERIT : ProcessBuilder.Redirect.to(file.toFile()));
        return pb.start();
    }
}
