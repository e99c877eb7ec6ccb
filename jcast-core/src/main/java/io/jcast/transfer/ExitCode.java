package io.jcast.transfer;

/**
 * Process exit codes of every jcast program, udpcast front ends included. Unlike udpcast, 0 is
 * returned only when the data really arrived: on the sender, every receiver that stayed got every
 * byte; on a receiver, the output is complete and flushed.
 */
public enum ExitCode {
    OK(0, "transfer complete"),
    USAGE(2, "bad or conflicting command-line option"),
    IO_ERROR(3, "input could not be read or output could not be written"),
    NETWORK_ERROR(4, "network setup failed (unknown interface, no multicast, port in use)"),
    START_TIMEOUT(5, "the transfer did not start in time (no sender or not enough receivers)"),
    NO_RECEIVERS(6, "the sender had no receiver when the transfer started"),
    RECEIVERS_DROPPED(7, "the transfer finished but some receivers were dropped or left early"),
    INCOMPLETE(8, "the transfer did not complete (sender gone, receiver dropped, data lost, all receivers lost)"),
    PIPE_FAILED(9, "the --pipe filter command failed"),
    VERIFY_FAILED(10, "the received data did not match the sender's SHA-256 (jcast protocol)"),
    INTERNAL_ERROR(70, "internal error (a bug: please report it)"),
    INTERRUPTED(130, "cancelled (Ctrl-C or cancel())");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    public String meaning() {
        return meaning;
    }

    /** The constant for a numeric code; unknown codes are {@link #INTERNAL_ERROR}. */
    public static ExitCode fromCode(int code) {
        for (ExitCode c : values()) {
            if (c.code == code) {
                return c;
            }
        }
        return INTERNAL_ERROR;
    }
}
