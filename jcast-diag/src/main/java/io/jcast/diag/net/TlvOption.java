package io.jcast.diag.net;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * One option as ssmping and omping both carry them: u16 type, u16 length, value (big-endian; omping-ssmping.md).
 * The value is kept as raw bytes, so that a decoded message re-encodes byte for byte, unknown options included (an
 * ssmping server echoes the whole request). The types are the protocols' own: {@code SsmpingOption},
 * {@code OmpingOption}.
 */
public record TlvOption(int type, byte[] value) {
    /** Bytes of the type and length fields. */
    public static final int HEADER_LENGTH = 4;

    public TlvOption {
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

    public void encode(ByteBuffer out) {
        out.putShort((short) type).putShort((short) value.length).put(value);
    }

    public boolean valueEquals(byte[] other) {
        return Arrays.equals(value, other);
    }

    /** The value to read numbers from, without copying. */
    public ByteBuffer valueBuffer() {
        return ByteBuffer.wrap(value).asReadOnlyBuffer();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TlvOption other && type == other.type && Arrays.equals(value, other.value);
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
