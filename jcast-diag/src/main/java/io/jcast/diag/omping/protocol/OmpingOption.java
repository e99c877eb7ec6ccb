package io.jcast.diag.omping.protocol;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * One option of an omping message: u16 type, u16 length, value (omping-ssmping.md §3.3). The value is
 * kept as raw bytes so that a decoded message re-encodes byte for byte, unknown options included.
 */
public record OmpingOption(int type, byte[] value) {
    public static final int VERSION = 0;
    public static final int CLIENT_ID = 1;
    public static final int SEQUENCE_NUMBER = 2;
    public static final int CLIENT_TIMESTAMP = 3;
    public static final int MULTICAST_GROUP = 4;
    public static final int OPTION_REQUEST = 5;
    public static final int SERVER_INFO = 6;
    public static final int TTL = 9;
    public static final int MULTICAST_PREFIX = 10;
    public static final int SESSION_ID = 11;
    public static final int SERVER_TIMESTAMP = 12;

    /** Option header: type and length, both u16. */
    public static final int HEADER_LENGTH = 4;

    public OmpingOption {
        if (type < 0 || type > 0xffff) {
            throw new IllegalArgumentException("option type " + type + " out of range for 16 bit value");
        }
        if (value.length > 0xffff) {
            throw new IllegalArgumentException("option length " + value.length + " out of range for 16 bit value");
        }
        value = value.clone();
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    /** The value byte at {@code index} without copying. */
    public int byteAt(int index) {
        return value[index] & 0xff;
    }

    public int length() {
        return value.length;
    }

    public int encodedLength() {
        return HEADER_LENGTH + value.length;
    }

    public boolean valueEquals(byte[] other) {
        return Arrays.equals(value, other);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OmpingOption other && other.type == type && Arrays.equals(other.value, value);
    }

    @Override
    public int hashCode() {
        return 31 * type + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return type + ":" + HexFormat.of().formatHex(value);
    }
}
