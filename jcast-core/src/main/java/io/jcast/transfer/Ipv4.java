package io.jcast.transfer;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * IPv4 addresses as written: four dotted decimal numbers 0-255. The one parser for the command line and the
 * manager's settings. Never a name lookup: UDPcast is IPv4-only, and a typo such as {@code 300.1.1.1} must be an
 * error at once, not a wait on DNS.
 */
public final class Ipv4 {
    private Ipv4() {
    }

    /** The address {@code text} names; throws IllegalArgumentException, with the text, for anything else. */
    public static Inet4Address parse(String text) {
        String[] parts = text == null ? new String[0] : text.trim().split("\\.", -1);
        byte[] bytes = new byte[4];
        boolean ok = parts.length == 4;
        for (int i = 0; ok && i < 4; i++) {
            int v = parts[i].matches("\\d{1,3}") ? Integer.parseInt(parts[i]) : 256;
            ok = v <= 255;
            bytes[i] = (byte) v;
        }
        if (!ok) {
            throw new IllegalArgumentException("invalid IPv4 address '" + text + "'");
        }
        try {
            return (Inet4Address) InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are an IPv4 address", e);
        }
    }
}
