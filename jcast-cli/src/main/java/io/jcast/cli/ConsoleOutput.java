package io.jcast.cli;

import io.jcast.transfer.ExitCode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/**
 * stderr and the optional {@code --log} file, with udpcast's rules (§9.2 of the protocol notes):
 * informational messages go to the log file when there is one, otherwise to stderr; progress lines
 * end in {@code \r}, so the next message on stderr starts with a newline. Thread-safe: the engine
 * thread and the keyboard thread both print.
 */
public final class ConsoleOutput implements AutoCloseable {
    /** Messages udpcast prints with plain fprintf(stderr): they stay on stderr even with --log. */
    private static final List<String> STDERR_ONLY = List.of("New connection from", "Using full duplex mode",
            "No participants", "Ready.", "Press any key", "Warning", "stripes=", "Udp-sender", "Udp-receiver");
    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSS");

    private final PrintWriter err;
    private final Writer log;
    private boolean needNewline;

    private ConsoleOutput(PrintWriter err, Writer log) {
        this.err = err;
        this.log = log;
    }

    /** Console on {@code err}; with a log file (appended, created if missing) informational messages go there. */
    public static ConsoleOutput open(PrintWriter err, Path logFile) throws IOException {
        Writer log = logFile == null ? null : Files.newBufferedWriter(logFile, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        return new ConsoleOutput(err, log);
    }

    /** The console of a picocli command: its error writer, and the log file if one was named. */
    public static ConsoleOutput forCommand(CommandSpec spec, Path logFile) {
        try {
            return open(spec.commandLine().getErr(), logFile);
        } catch (IOException e) {
            throw new CommandFailure(ExitCode.IO_ERROR, "cannot open log file " + logFile + ": " + e.getMessage());
        }
    }

    /** An informational message (udpcast's flprintf): to the log file if any, else to stderr. */
    public synchronized void message(String text) {
        if (log != null && STDERR_ONLY.stream().noneMatch(text::startsWith)) {
            log(text);
        } else {
            stderr(text);
        }
    }

    /** A line that always goes to stderr (banners, prompts, errors). */
    public synchronized void stderr(String text) {
        if (needNewline) {
            err.print('\n');
            needNewline = false;
        }
        err.print(text);
        err.print('\n');
        err.flush();
    }

    /** A progress line ending in {@code \r}, or anything else that leaves the cursor mid-line. */
    public synchronized void progress(String text) {
        err.print(text);
        err.flush();
        needNewline = true;
    }

    /** Text as is; a trailing newline ends the current line. */
    public synchronized void raw(String text) {
        err.print(text);
        err.flush();
        needNewline = !text.endsWith("\n");
    }

    /** Marks the cursor as mid-line after something else (a progress bar) wrote to the terminal. */
    public synchronized void midLine() {
        needNewline = true;
    }

    /** A line for the log file only, prefixed with the local time in microseconds; dropped without --log. */
    public synchronized void log(String text) {
        if (log == null) {
            return;
        }
        try {
            log.write(LocalTime.now().format(LOG_TIME) + " " + text + "\n");
            log.flush();
        } catch (IOException e) {
            stderr("cannot write log file: " + e.getMessage());
        }
    }

    public synchronized boolean hasLog() {
        return log != null;
    }

    @Override
    public synchronized void close() {
        if (log != null) {
            try {
                log.close();
            } catch (IOException e) {
                // nothing more to say: the messages were flushed as they came
            }
        }
        err.flush();
    }
}
