package io.jcast.diag.net;

/**
 * A datagram that is not a well-formed message of its protocol (ssmping, omping); the message names what is wrong
 * and where. Receivers count it and drop it, so it carries no stack trace.
 */
public final class MalformedPacketException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedPacketException(String message) {
        super(message, null, false, false);
    }
}
