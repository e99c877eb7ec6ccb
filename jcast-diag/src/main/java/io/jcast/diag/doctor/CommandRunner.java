package io.jcast.diag.doctor;

import java.time.Duration;
import java.util.List;

/** Runs a program and returns what it printed; the seam that lets tests replace {@code ip}, {@code nft}, ... */
@FunctionalInterface
public interface CommandRunner {
    /** Exit code used when the program is not installed. */
    int NOT_FOUND = 127;

    /**
     * Runs {@code command} for at most {@code timeout}; a program still running then is ended and its output so
     * far returned with {@code timedOut} set.
     */
    Result run(Duration timeout, List<String> command);

    record Result(int exitCode, String stdout, String stderr, boolean timedOut) {
        public boolean ok() {
            return exitCode == 0 && !timedOut;
        }

        public boolean notFound() {
            return exitCode == NOT_FOUND;
        }

        /** The first line of stderr (or stdout), to quote in a detail. */
        public String message() {
            String text = stderr.isBlank() ? stdout : stderr;
            String line = text.strip().lines().findFirst().orElse("");
            return notFound() ? "not installed" : line.isEmpty() ? "exit code " + exitCode : line;
        }
    }
}
