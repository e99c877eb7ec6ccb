package io.jcast.diag.omping.protocol;

import io.jcast.diag.net.MalformedPacketException;
import io.jcast.diag.net.TlvOption;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An omping message: the type byte and its options in wire order (omping-ssmping.md §3.1, §3.4).
 * {@link #decode} checks every option length against the datagram (omping does not, §9.1 item 4);
 * the accessors apply omping's acceptance rules: an option that breaks its rule counts as absent, and
 * when an option repeats the last one wins.
 */
public record OmpingMessage(byte typeCode, List<TlvOption> options) {
    /** omping's {@code PROTOCOL_VERSION}. */
    public static final int PROTOCOL_VERSION = 2;
    /** omping only accepts Client IDs of exactly this length (4 PID bytes + 16 address bytes + 4). */
    public static final int CLIENT_ID_LENGTH = 24;
    /** omping only accepts Session IDs of exactly this length (4 PID bytes + 12 random bytes). */
    public static final int SESSION_ID_LENGTH = 16;
    /** IANA address family numbers used in the Multicast Group and Prefix options. */
    public static final int AF_IPV4 = 1;
    public static final int AF_IPV6 = 2;

    public OmpingMessage {
        options = List.copyOf(options);
    }

    public OmpingMessage(MessageType type, List<TlvOption> options) {
        this(type.code(), options);
    }

    /** Decodes one datagram payload (position to limit). */
    public static OmpingMessage decode(ByteBuffer buffer) throws MalformedPacketException {
        int length = buffer.remaining();
        if (length < 1) {
            throw new MalformedPacketException("empty omping datagram");
        }
        ByteBuffer b = buffer.duplicate();
        byte type = b.get();
        List<TlvOption> options = new ArrayList<>();
        try {
            while (b.hasRemaining()) {
                if (b.remaining() < TlvOption.HEADER_LENGTH) {
                    throw malformed(type, length, b.remaining() + " trailing bytes");
                }
                int optionType = b.getShort() & 0xffff;
                int optionLength = b.getShort() & 0xffff;
                if (optionLength > b.remaining()) {
                    throw malformed(type, length, "option " + optionType + " declares " + optionLength
                            + " bytes, " + b.remaining() + " left");
                }
                byte[] value = new byte[optionLength];
                b.get(value);
                options.add(new TlvOption(optionType, value));
            }
        } catch (BufferUnderflowException e) {
            throw malformed(type, length, "truncated");
        }
        return new OmpingMessage(type, options);
    }

    private static MalformedPacketException malformed(byte type, int length, String why) {
        return new MalformedPacketException(String.format("omping message type 0x%02x, %d bytes: %s", type & 0xff,
                length, why));
    }

    public void encode(ByteBuffer buffer) {
        buffer.put(typeCode);
        for (TlvOption o : options) {
            buffer.putShort((short) o.type());
            buffer.putShort((short) o.length());
            buffer.put(o.value());
        }
    }

    public int encodedLength() {
        int n = 1;
        for (TlvOption o : options) {
            n += o.encodedLength();
        }
        return n;
    }

    public byte[] toBytes() {
        ByteBuffer b = ByteBuffer.allocate(encodedLength());
        encode(b);
        return b.array();
    }

    /** The message type, or {@code null} when the type byte is unknown to omping. */
    public MessageType type() {
        return MessageType.of(typeCode);
    }

    /** Option types in wire order, e.g. {@code [0, 1, 10]} for an Init. */
    public List<Integer> optionTypes() {
        return options.stream().map(TlvOption::type).toList();
    }

    private TlvOption lastWithLength(int type, int length) {
        for (int i = options.size() - 1; i >= 0; i--) {
            TlvOption o = options.get(i);
            if (o.type() == type && o.length() == length) {
                return o;
            }
        }
        return null;
    }

    /** The Version option, or -1 when absent or not 1 byte long. */
    public int version() {
        TlvOption o = lastWithLength(OmpingOption.VERSION, 1);
        return o == null ? -1 : o.byteAt(0);
    }

    /** The Client ID, or {@code null} when absent or empty. */
    public byte[] clientId() {
        TlvOption o = lastNonEmpty(OmpingOption.CLIENT_ID);
        return o == null ? null : o.value();
    }

    /** The Session ID, or {@code null} when absent or empty. */
    public byte[] sessionId() {
        TlvOption o = lastNonEmpty(OmpingOption.SESSION_ID);
        return o == null ? null : o.value();
    }

    /** The Server Information text, or {@code null}. */
    public byte[] serverInfo() {
        TlvOption o = lastNonEmpty(OmpingOption.SERVER_INFO);
        return o == null ? null : o.value();
    }

    private TlvOption lastNonEmpty(int type) {
        for (int i = options.size() - 1; i >= 0; i--) {
            TlvOption o = options.get(i);
            if (o.type() == type && o.length() > 0) {
                return o;
            }
        }
        return null;
    }

    /** The Sequence Number as an unsigned value, or -1 when absent. */
    public long sequenceNumber() {
        TlvOption o = lastWithLength(OmpingOption.SEQUENCE_NUMBER, 4);
        return o == null ? -1 : Integer.toUnsignedLong(ByteBuffer.wrap(o.value()).getInt());
    }

    /** The Client Timestamp in microseconds (u32 seconds, u32 microseconds), or -1 when absent. */
    public long clientTimestampMicros() {
        TlvOption o = lastWithLength(OmpingOption.CLIENT_TIMESTAMP, 8);
        if (o == null) {
            return -1;
        }
        ByteBuffer b = ByteBuffer.wrap(o.value());
        return Integer.toUnsignedLong(b.getInt()) * 1_000_000L + Integer.toUnsignedLong(b.getInt());
    }

    /** The TTL option, or -1 when absent. */
    public int ttl() {
        TlvOption o = lastWithLength(OmpingOption.TTL, 1);
        return o == null ? -1 : o.byteAt(0);
    }

    /** The Multicast Group (AF 1 with 4 bytes or AF 2 with 16 bytes), or {@code null}. */
    public InetAddress multicastGroup() {
        for (int i = options.size() - 1; i >= 0; i--) {
            TlvOption o = options.get(i);
            if (o.type() != OmpingOption.MULTICAST_GROUP || o.length() < 2) {
                continue;
            }
            int af = (o.byteAt(0) << 8) | o.byteAt(1);
            if ((af == AF_IPV4 && o.length() == 6) || (af == AF_IPV6 && o.length() == 18)) {
                return address(Arrays.copyOfRange(o.value(), 2, o.length()));
            }
        }
        return null;
    }

    /** The option types requested with the Option Request Option (even length, at least 2). */
    public List<Integer> requestedOptions() {
        List<Integer> out = new ArrayList<>();
        for (TlvOption o : options) {
            if (o.type() == OmpingOption.OPTION_REQUEST && o.length() > 1 && o.length() % 2 == 0) {
                ByteBuffer b = ByteBuffer.wrap(o.value());
                while (b.hasRemaining()) {
                    out.add(b.getShort() & 0xffff);
                }
            }
        }
        return out;
    }

    /**
     * Whether any Multicast Prefix option covers {@code group} (omping accepts any matching instance; a
     * prefix length of 0 matches every group of the family).
     */
    public boolean prefixCovers(InetAddress group) {
        byte[] g = group.getAddress();
        int family = g.length == 4 ? AF_IPV4 : AF_IPV6;
        for (TlvOption o : options) {
            if (o.type() != OmpingOption.MULTICAST_PREFIX || o.length() < 3) {
                continue;
            }
            int af = (o.byteAt(0) << 8) | o.byteAt(1);
            int prefixLength = o.byteAt(2);
            if (af != family || prefixLength > g.length * 8 || o.length() - 3 < (prefixLength + 7) / 8) {
                continue;
            }
            if (prefixMatches(o, g, prefixLength)) {
                return true;
            }
        }
        return false;
    }

    private static boolean prefixMatches(TlvOption o, byte[] g, int prefixLength) {
        for (int bit = 0; bit < prefixLength; bit++) {
            int mask = 0x80 >>> (bit % 8);
            if ((o.byteAt(3 + bit / 8) & mask) != (g[bit / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    private static InetAddress address(byte[] raw) {
        try {
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("address of " + raw.length + " bytes", e);
        }
    }

    // ---- the messages omping sends, with their options in omping's fixed order (§3.4) ----

    /** Init: Version, Client ID, [Option Request for Server Information], Multicast Prefix of the own group. */
    public static OmpingMessage init(byte[] clientId, InetAddress group, boolean requestServerInfo) {
        List<TlvOption> o = new ArrayList<>();
        o.add(versionOption());
        o.add(new TlvOption(OmpingOption.CLIENT_ID, clientId));
        if (requestServerInfo) {
            o.add(new TlvOption(OmpingOption.OPTION_REQUEST, new byte[] {0, OmpingOption.SERVER_INFO}));
        }
        o.add(prefixOption(group));
        return new OmpingMessage(MessageType.INIT, o);
    }

    /** Response accepting an Init: Version, Client ID, Multicast Group, [Server Information], Session ID. */
    public static OmpingMessage response(byte[] clientId, InetAddress group, byte[] serverInfo, byte[] sessionId) {
        List<TlvOption> o = new ArrayList<>();
        o.add(versionOption());
        o.add(new TlvOption(OmpingOption.CLIENT_ID, clientId));
        o.add(groupOption(group));
        if (serverInfo != null) {
            o.add(new TlvOption(OmpingOption.SERVER_INFO, serverInfo));
        }
        o.add(new TlvOption(OmpingOption.SESSION_ID, sessionId));
        return new OmpingMessage(MessageType.RESPONSE, o);
    }

    /** Response refusing an Init whose prefixes do not cover our group: Version, Client ID, our prefix. */
    public static OmpingMessage prefixResponse(OmpingMessage trigger, InetAddress group) {
        List<TlvOption> o = new ArrayList<>();
        o.add(versionOption());
        byte[] cid = trigger.clientId();
        if (cid != null) {
            o.add(new TlvOption(OmpingOption.CLIENT_ID, cid));
        }
        o.add(prefixOption(group));
        return new OmpingMessage(MessageType.RESPONSE, o);
    }

    /** "Stop" Response: Version, the trigger's Client ID and Sequence Number when it had them. */
    public static OmpingMessage stopResponse(OmpingMessage trigger) {
        List<TlvOption> o = new ArrayList<>();
        o.add(versionOption());
        byte[] cid = trigger.clientId();
        if (cid != null) {
            o.add(new TlvOption(OmpingOption.CLIENT_ID, cid));
        }
        TlvOption seq = trigger.lastWithLength(OmpingOption.SEQUENCE_NUMBER, 4);
        if (seq != null) {
            o.add(seq);
        }
        return new OmpingMessage(MessageType.RESPONSE, o);
    }

    /** Query: Version, Client ID, Sequence Number, Client Timestamp, Multicast Group, Session ID. */
    public static OmpingMessage query(byte[] clientId, long sequenceNumber, long timestampMicros, InetAddress group,
                                      byte[] sessionId) {
        ByteBuffer ts = ByteBuffer.allocate(8);
        ts.putInt((int) (timestampMicros / 1_000_000L)).putInt((int) (timestampMicros % 1_000_000L));
        return new OmpingMessage(MessageType.QUERY, List.of(
                versionOption(),
                new TlvOption(OmpingOption.CLIENT_ID, clientId),
                new TlvOption(OmpingOption.SEQUENCE_NUMBER,
                        ByteBuffer.allocate(4).putInt((int) sequenceNumber).array()),
                new TlvOption(OmpingOption.CLIENT_TIMESTAMP, ts.array()),
                groupOption(group),
                new TlvOption(OmpingOption.SESSION_ID, sessionId)));
    }

    /**
     * Answer to a Query: every Query option in order except 6, 9, 10, 11 and 12, then the TTL option, then a
     * Server Timestamp when the Query requested one ({@code serverTimestampMicros} &ge; 0).
     */
    public static OmpingMessage answer(OmpingMessage query, int ttl, long serverTimestampMicros) {
        List<TlvOption> o = new ArrayList<>();
        for (TlvOption q : query.options) {
            switch (q.type()) {
                case OmpingOption.SERVER_INFO, OmpingOption.TTL, OmpingOption.MULTICAST_PREFIX,
                        OmpingOption.SESSION_ID, OmpingOption.SERVER_TIMESTAMP -> {
                    // omping drops these from the copy
                }
                default -> o.add(q);
            }
        }
        o.add(new TlvOption(OmpingOption.TTL, new byte[] {(byte) ttl}));
        if (serverTimestampMicros >= 0 && query.requestedOptions().contains(OmpingOption.SERVER_TIMESTAMP)) {
            ByteBuffer ts = ByteBuffer.allocate(8);
            ts.putInt((int) (serverTimestampMicros / 1_000_000L)).putInt((int) (serverTimestampMicros % 1_000_000L));
            o.add(new TlvOption(OmpingOption.SERVER_TIMESTAMP, ts.array()));
        }
        return new OmpingMessage(MessageType.ANSWER, o);
    }

    private static TlvOption versionOption() {
        return new TlvOption(OmpingOption.VERSION, new byte[] {PROTOCOL_VERSION});
    }

    static TlvOption groupOption(InetAddress group) {
        byte[] a = group.getAddress();
        ByteBuffer b = ByteBuffer.allocate(2 + a.length);
        b.putShort((short) (group instanceof Inet4Address ? AF_IPV4 : AF_IPV6)).put(a);
        return new TlvOption(OmpingOption.MULTICAST_GROUP, b.array());
    }

    static TlvOption prefixOption(InetAddress group) {
        byte[] a = group.getAddress();
        ByteBuffer b = ByteBuffer.allocate(3 + a.length);
        b.putShort((short) (group instanceof Inet4Address ? AF_IPV4 : AF_IPV6)).put((byte) (a.length * 8)).put(a);
        return new TlvOption(OmpingOption.MULTICAST_PREFIX, b.array());
    }

    @Override
    public String toString() {
        MessageType t = type();
        return (t == null ? String.format("0x%02x", typeCode & 0xff) : t.name()) + options;
    }
}
