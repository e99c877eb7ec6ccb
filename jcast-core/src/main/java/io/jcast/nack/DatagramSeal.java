package io.jcast.nack;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * Authenticates every datagram of a keyed session: a 16-byte HMAC-SHA256 tag (truncated, as RFC 2104 allows)
 * over the whole datagram, header and session id included, appended after the body. Without the key nobody on
 * the LAN can inject data, repairs, NACKs or completion reports into a session, nor replay one session's
 * datagrams into another (the session id is random per session and covered by the tag). A replay within the same
 * session repeats bytes the receiver already has. The data is not encrypted.
 *
 * <p>One instance per engine thread; neither method allocates on heap buffers.
 */
public final class DatagramSeal {
    public static final int TAG = 16;
    /** The shortest key accepted: 128 bits. */
    public static final int MIN_KEY_BYTES = 16;
    private static final DatagramSeal NONE = new DatagramSeal(null);

    private final Mac mac;
    private final byte[] computed = new byte[32];
    private final byte[] carried = new byte[TAG];

    private DatagramSeal(Mac mac) {
        this.mac = mac;
    }

    /** No key: datagrams are neither tagged nor checked. */
    public static DatagramSeal none() {
        return NONE;
    }

    public static DatagramSeal withKey(byte[] key) {
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("the key has " + key.length + " bytes, at least "
                    + MIN_KEY_BYTES + " are needed");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return new DatagramSeal(mac);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    public boolean keyed() {
        return mac != null;
    }

    /** Bytes a tag adds to each datagram. */
    public int overhead() {
        return mac == null ? 0 : TAG;
    }

    /** Appends the tag to {@code d} (position..limit); the buffer needs {@link #overhead} bytes of room. */
    public void seal(ByteBuffer d) {
        if (mac == null) {
            return;
        }
        tag(d, d.position(), d.limit());
        int end = d.limit();
        d.limit(end + TAG);
        d.put(end, computed, 0, TAG);
    }

    /**
     * Checks and strips the tag of {@code d}; false (and {@code d} unchanged) when it is missing or wrong. A keyless
     * seal accepts everything.
     */
    public boolean open(ByteBuffer d) {
        if (mac == null) {
            return true;
        }
        if (d.remaining() < NackWire.HEADER + TAG) {
            return false;
        }
        int end = d.limit() - TAG;
        tag(d, d.position(), end);
        d.get(end, carried);
        if (!tagMatches()) {
            return false;
        }
        d.limit(end);
        return true;
    }

    /** Into {@code computed}: the HMAC of d[from, to). Direct buffers go through a view (one small object). */
    private void tag(ByteBuffer d, int from, int to) {
        if (d.hasArray()) {
            mac.update(d.array(), d.arrayOffset() + from, to - from);
        } else {
            ByteBuffer view = d.duplicate();
            view.limit(to).position(from);
            mac.update(view);
        }
        try {
            mac.doFinal(computed, 0);
        } catch (ShortBufferException e) {
            throw new IllegalStateException("32 bytes hold an HMAC-SHA256", e);
        }
    }

    /** Compares the first TAG bytes in constant time, so the comparison's duration tells an attacker nothing. */
    private boolean tagMatches() {
        int diff = 0;
        for (int i = 0; i < TAG; i++) {
            diff |= computed[i] ^ carried[i];
        }
        return diff == 0;
    }
}
