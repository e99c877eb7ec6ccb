package io.jcast.diag.ssmping.protocol;

import java.io.IOException;

/** A datagram that is not a well-formed ssmping message; the message names the type byte, offset and length. */
public final class MalformedPacketException extends IOException {
    private static final long serialVersionUID = 1L;

    public MalformedPacketException(String message) {
        super(message);
    }
}
