package io.jcast.transfer;

/** A transfer that could not be set up or run; carries the exit code a command line should return. */
public class TransferException extends Exception {
    private static final long serialVersionUID = 1L;

    private final ExitCode exitCode;

    public TransferException(ExitCode exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public TransferException(ExitCode exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public ExitCode exitCode() {
        return exitCode;
    }
}
