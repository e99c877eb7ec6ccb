package io.jcast.diag.omping.protocol;

/** The four omping message types, by their ASCII type byte (omping-ssmping.md §3.2). */
public enum MessageType {
    INIT('I'),
    RESPONSE('S'),
    QUERY('Q'),
    ANSWER('A');

    private final byte code;

    MessageType(char code) {
        this.code = (byte) code;
    }

    public byte code() {
        return code;
    }

    /** The type for a type byte, or {@code null} for a byte omping does not know. */
    public static MessageType of(byte code) {
        for (MessageType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }
}
