package io.jcast.diag.omping.protocol;

/** A datagram that is not a well-formed omping message; the receiver counts and drops it. */
public final class MalformedPacketException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedPacketException(String message) {
        super(message);
    }
}
