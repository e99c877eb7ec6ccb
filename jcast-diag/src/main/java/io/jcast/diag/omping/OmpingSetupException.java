package io.jcast.diag.omping;

/** A configuration omping refuses (exit status 1); the message is omping's own text. */
public final class OmpingSetupException extends Exception {
    private static final long serialVersionUID = 1L;

    public OmpingSetupException(String message) {
        super(message);
    }
}
