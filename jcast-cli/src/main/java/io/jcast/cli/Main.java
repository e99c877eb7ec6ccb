package io.jcast.cli;

import picocli.CommandLine;

/** Entry point of the shaded jar; the only place that calls {@link System#exit}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs {@code jcast args...} and returns the exit code (for tests and embedding). */
    public static int execute(String... args) {
        return JcastCommand.commandLine().execute(args);
    }
}
