package io.jcast.diag.ssmping.protocol;

import io.jcast.diag.net.MalformedPacketException;
import io.jcast.diag.net.TlvOption;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * An ssmping request ({@code Q}) or reply ({@code A}): the type byte and the options in wire order.
 * The client always puts GROUP last, because ssmpingd 0.9.1 stops reading at GROUP.
 */
public record SsmpingMessage(byte type, List<TlvOption> options) {
    public static final byte REQUEST = 'Q';
    public static final byte REPLY = 'A';

    /** GROUP family byte for IPv4 ("IANA has assigned 1 for IPv4", ssmpngcl.c). */
    public static final int FAMILY_IPV4 = 1;
    public static final int FAMILY_IPV6 = 2;

    public SsmpingMessage {
        options = List.copyOf(options);
    }

    /**
     * Reads one message, checking every TLV against the datagram's bounds and the lengths of the
     * options it knows.
     *
     * @throws MalformedPacketException naming the type byte, the offset and the length when it is not one
     */
    public static SsmpingMessage decode(ByteBuffer in) throws MalformedPacketException {
        ByteBuffer b = in.slice();
        int total = b.remaining();
        if (total < 1) {
            throw new MalformedPacketException("empty datagram");
        }
        byte type = b.get();
        if (type != REQUEST && type != REPLY) {
            throw new MalformedPacketException(String.format("unknown type 0x%02x (length %d)", type & 0xff, total));
        }
        List<TlvOption> options = new ArrayList<>();
        while (b.hasRemaining()) {
            int offset = b.position();
            if (b.remaining() < TlvOption.HEADER_LENGTH) {
                throw new MalformedPacketException(String.format(
                        "type '%c' (length %d): truncated option header at offset %d", type, total, offset));
            }
            int optionType = b.getShort() & 0xffff;
            int length = b.getShort() & 0xffff;
            if (length > b.remaining()) {
                throw new MalformedPacketException(String.format(
                        "type '%c' (length %d): option %d at offset %d declares %d bytes, %d left",
                        type, total, optionType, offset, length, b.remaining()));
            }
            byte[] value = new byte[length];
            b.get(value);
            checkKnownLength(type, total, offset, optionType, value);
            options.add(new TlvOption(optionType, value));
        }
        in.position(in.position() + total);
        return new SsmpingMessage(type, options);
    }

    private static void checkKnownLength(byte type, int total, int offset, int optionType, byte[] value)
            throws MalformedPacketException {
        int length = value.length;
        boolean ok = switch (optionType) {
            case SsmpingOption.PID, SsmpingOption.SEQ -> length == 4;
            case SsmpingOption.TIMESTAMP -> length == 8;
            case SsmpingOption.REPLY_SIZE -> length == 2;
            case SsmpingOption.GROUP -> (length == 5 && value[0] == FAMILY_IPV4)
                    || (length == 17 && value[0] == FAMILY_IPV6);
            default -> true;
        };
        if (!ok) {
            throw new MalformedPacketException(String.format(
                    "type '%c' (length %d): option %d at offset %d has bad length %d",
                    type, total, optionType, offset, length));
        }
    }

    /**
     * A request as ssmping 0.9.1 builds it: PID, SEQ, TIMESTAMP, [RQVER], [REPLYSIZE], GROUP.
     *
     * @param replySize     REPLYSIZE to ask for, 0 for none (ssmping {@code -s})
     * @param padTo         jcast extension: pad the request itself with a PAD option to this many bytes
     *                      (0 = none), so that a server that never answers with more than it got
     *                      still returns large replies
     */
    public static SsmpingMessage request(long pid, long seq, long timestampMicros, boolean requestVersion,
                                         int replySize, int padTo, InetAddress group) {
        List<TlvOption> options = new ArrayList<>();
        options.add(new TlvOption(SsmpingOption.PID, u32(pid)));
        options.add(new TlvOption(SsmpingOption.SEQ, u32(seq)));
        ByteBuffer ts = ByteBuffer.allocate(8);
        ts.putInt((int) (timestampMicros / 1_000_000)).putInt((int) (timestampMicros % 1_000_000));
        options.add(new TlvOption(SsmpingOption.TIMESTAMP, ts.array()));
        if (requestVersion) {
            options.add(new TlvOption(SsmpingOption.REQUEST_VERSION, new byte[0]));
        }
        if (replySize > 0) {
            options.add(new TlvOption(SsmpingOption.REPLY_SIZE,
                    ByteBuffer.allocate(2).putShort((short) replySize).array()));
        }
        TlvOption groupOption = groupOption(group);
        int length = 1 + groupOption.encodedLength();
        for (TlvOption o : options) {
            length += o.encodedLength();
        }
        if (padTo >= length + TlvOption.HEADER_LENGTH) {
            options.add(new TlvOption(SsmpingOption.PAD, new byte[padTo - length - TlvOption.HEADER_LENGTH]));
        }
        options.add(groupOption);
        return new SsmpingMessage(REQUEST, options);
    }

    public static TlvOption groupOption(InetAddress group) {
        byte[] address = group.getAddress();
        byte[] value = new byte[1 + address.length];
        value[0] = (byte) (group instanceof Inet4Address ? FAMILY_IPV4 : FAMILY_IPV6);
        System.arraycopy(address, 0, value, 1, address.length);
        return new TlvOption(SsmpingOption.GROUP, value);
    }

    private static byte[] u32(long v) {
        return ByteBuffer.allocate(4).putInt((int) v).array();
    }

    public int encodedLength() {
        int length = 1;
        for (TlvOption o : options) {
            length += o.encodedLength();
        }
        return length;
    }

    public void encode(ByteBuffer out) {
        out.put(type);
        for (TlvOption o : options) {
            o.encode(out);
        }
    }

    public byte[] toBytes() {
        ByteBuffer b = ByteBuffer.allocate(encodedLength());
        encode(b);
        return b.array();
    }

    public boolean isRequest() {
        return type == REQUEST;
    }

    public Optional<TlvOption> option(int optionType) {
        for (TlvOption o : options) {
            if (o.type() == optionType) {
                return Optional.of(o);
            }
        }
        return Optional.empty();
    }

    /** The client's process id, an opaque 32-bit tag that tells its replies from others'. */
    public OptionalLong pid() {
        return option(SsmpingOption.PID).map(o -> OptionalLong.of(Integer.toUnsignedLong(o.valueBuffer().getInt())))
                .orElse(OptionalLong.empty());
    }

    public OptionalLong seq() {
        return option(SsmpingOption.SEQ).map(o -> OptionalLong.of(Integer.toUnsignedLong(o.valueBuffer().getInt())))
                .orElse(OptionalLong.empty());
    }

    /** The client's send time, wall clock, in microseconds since the epoch (u32 seconds + u32 microseconds). */
    public OptionalLong timestampMicros() {
        return option(SsmpingOption.TIMESTAMP).map(o -> {
            ByteBuffer v = o.valueBuffer();
            long sec = Integer.toUnsignedLong(v.getInt());
            long usec = Integer.toUnsignedLong(v.getInt());
            return OptionalLong.of(sec * 1_000_000 + usec);
        }).orElse(OptionalLong.empty());
    }

    /** The GROUP option's address; the length and family were checked by {@link #decode}. */
    public Optional<InetAddress> group() {
        return option(SsmpingOption.GROUP).map(o -> {
            byte[] v = o.value();
            byte[] address = new byte[v.length - 1];
            System.arraycopy(v, 1, address, 0, address.length);
            try {
                return InetAddress.getByAddress(address);
            } catch (UnknownHostException e) {
                throw new IllegalStateException("GROUP of " + address.length + " bytes", e);
            }
        });
    }

    public boolean requestsVersion() {
        return option(SsmpingOption.REQUEST_VERSION).isPresent();
    }

    public OptionalInt replySize() {
        return option(SsmpingOption.REPLY_SIZE).map(o -> OptionalInt.of(o.valueBuffer().getShort() & 0xffff))
                .orElse(OptionalInt.empty());
    }

    /** The server's VER string (ASCII, no NUL on the wire). */
    public Optional<String> version() {
        return option(SsmpingOption.VERSION).map(o -> new String(o.value(), StandardCharsets.US_ASCII));
    }
}
