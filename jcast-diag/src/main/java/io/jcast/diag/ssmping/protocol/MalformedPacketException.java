package io.jcast.diag.ssmping.protocol;

/**
 * A datagram that is not a well-formed ssmping message; the message names the type byte, offset and
 * length. Servers count it and drop it, so it carries no stack trace.
 */
public final class MalformedPacketException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedPacketException(String message) {
        super(message, null, false, false);
    }
}
