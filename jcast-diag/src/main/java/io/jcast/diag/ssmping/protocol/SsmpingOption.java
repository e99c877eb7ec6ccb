package io.jcast.diag.ssmping.protocol;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * One TLV option: u16 type, u16 length, value (big-endian, as {@code ssmping.h}). Unknown types are
 * kept as they are, because the server echoes the whole request.
 */
public record SsmpingOption(int type, byte[] value) {
    public static final int PID = 1;
    public static final int SEQ = 2;
    public static final int TIMESTAMP = 3;
    public static final int GROUP = 4;
    public static final int REQUEST_VERSION = 5;
    public static final int VERSION = 6;
    public static final int REPLY_SIZE = 7;
    public static final int PAD = 8;

    /** Bytes of the type and length fields. */
    public static final int HEADER_LENGTH = 4;

    public SsmpingOption {
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

    public int length() {
        return value.length;
    }

    public int encodedLength() {
        return HEADER_LENGTH + value.length;
    }

    public void encode(ByteBuffer out) {
        out.putShort((short) type).putShort((short) value.length).put(value);
    }

    ByteBuffer valueBuffer() {
        return ByteBuffer.wrap(value).asReadOnlyBuffer();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SsmpingOption other && type == other.type && Arrays.equals(value, other.value);
    }

    @Override
    public int hashCode() {
        return 31 * type + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "Option[" + type + ", " + HexFormat.of().formatHex(value) + "]";
    }
}
