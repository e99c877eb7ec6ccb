package io.jcast.transfer;

import java.io.IOException;

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

    /** A socket or interface that could not be set up: {@link ExitCode#NETWORK_ERROR}, with its message. */
    public static TransferException network(IOException cause) {
        return new TransferException(ExitCode.NETWORK_ERROR, cause.getMessage(), cause);
    }

    public ExitCode exitCode() {
        return exitCode;
    }
}
