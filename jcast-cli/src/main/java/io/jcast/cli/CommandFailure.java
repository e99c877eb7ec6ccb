package io.jcast.cli;

import io.jcast.transfer.ExitCode;
import java.util.function.Supplier;

/** Bad input found by a command before anything was opened: one line on stderr and this exit code. */
public final class CommandFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ExitCode exitCode;

    public CommandFailure(ExitCode exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    /** Builds a configuration; its validation messages become usage errors (exit 2). */
    public static <T> T checkConfig(Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(ExitCode.USAGE, e.getMessage());
        }
    }

    public ExitCode exitCode() {
        return exitCode;
    }
}
