package io.jcast.diag.omping;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.SecureRandom;
import java.util.Random;

/**
 * Where Client IDs and Session IDs come from (omping-ssmping.md §3.5). Tests substitute recorded IDs to
 * replay a capture; {@link #random()} builds them as omping does.
 */
public interface OmpingIds {
    /** A new 24-byte Client ID for {@code local}'s client towards one peer. */
    byte[] clientId(InetAddress local);

    /** A new 16-byte Session ID for an accepted Init. */
    byte[] sessionId();

    /**
     * omping's layout: the PID in little-endian (host) order, then (Client ID only) the local address, the
     * rest random. Peers treat both as opaque.
     */
    static OmpingIds random() {
        Random random = new SecureRandom();
        int pid = (int) ProcessHandle.current().pid();
        return new OmpingIds() {
            @Override
            public byte[] clientId(InetAddress local) {
                byte[] id = new byte[24];
                random.nextBytes(id);
                ByteBuffer.wrap(id).order(ByteOrder.LITTLE_ENDIAN).putInt(pid);
                byte[] a = local.getAddress();
                System.arraycopy(a, 0, id, 4, a.length);
                return id;
            }

            @Override
            public byte[] sessionId() {
                byte[] id = new byte[16];
                random.nextBytes(id);
                ByteBuffer.wrap(id).order(ByteOrder.LITTLE_ENDIAN).putInt(pid);
                return id;
            }
        };
    }
}
