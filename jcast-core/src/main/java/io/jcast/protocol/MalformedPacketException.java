package io.jcast.protocol;

/** A datagram that is not a well-formed UDPcast message; receivers count it and drop it. */
public final class MalformedPacketException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedPacketException(String message) {
        super(message, null, false, false);
    }
}
