package io.jcast.server.session;

import io.jcast.transfer.Bitrate;
import io.jcast.transfer.Duplex;
import io.jcast.transfer.Ipv4;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * FOG's multicast settings, persisted and editable: interface (FOG_UDPCAST_INTERFACE), starting port
 * (FOG_UDPCAST_STARTINGPORT), max sessions (FOG_MULTICAST_MAX_SESSIONS), max wait
 * (FOG_UDPCAST_MAXWAIT), multicast address (FOG_MULTICAST_ADDRESS, first of the pool), port override
 * (FOG_MULTICAST_PORT_OVERRIDE), duplex (FOG_MULTICAST_DUPLEX) and bitrate (FOG_UDPCAST_MAXBITRATE).
 *
 * @param interfaceName    default interface of new sessions; empty lets the engine pick
 * @param startingPort     first port of the pool (even ports; a session uses port and port+1)
 * @param maxSessions      sessions a node runs at once; more wait queued
 * @param maxWaitSeconds   default max wait of new sessions (0: wait for all expected receivers)
 * @param multicastAddress first address of the multicast address pool
 * @param portOverride     if not 0, every session uses this port (sessions differ by address)
 * @param duplex           default duplex of new sessions
 * @param maxBitrate       default rate cap of new sessions, udpcast syntax (e.g. 90m); empty for none
 */
public record MulticastSettings(String interfaceName, int startingPort, int maxSessions, int maxWaitSeconds,
                                String multicastAddress, int portOverride, Duplex duplex, String maxBitrate) {
    /** Addresses in the pool, from {@link #multicastAddress} upwards. */
    public static final int ADDRESS_POOL_SIZE = 1024;
    private static final Pattern INTERFACE = Pattern.compile("[A-Za-z0-9._:-]{0,32}");

    public static final MulticastSettings DEFAULTS = new MulticastSettings("", 63100, 64, 600, "239.255.100.1", 0,
            Duplex.FULL, "");

    public MulticastSettings {
        if (interfaceName == null || !INTERFACE.matcher(interfaceName).matches()) {
            throw new IllegalArgumentException("interface: letters, digits and ._:- only, at most 32");
        }
        if (startingPort < 1024 || startingPort > 65534) {
            throw new IllegalArgumentException("startingPort must be 1024..65534, got " + startingPort);
        }
        if (maxSessions < 1 || maxSessions > 1024) {
            throw new IllegalArgumentException("maxSessions must be 1..1024, got " + maxSessions);
        }
        if (maxWaitSeconds < 0 || maxWaitSeconds > 86_400) {
            throw new IllegalArgumentException("maxWaitSeconds must be 0..86400, got " + maxWaitSeconds);
        }
        InetAddress base = parseIpv4(multicastAddress, "multicastAddress");
        if (!base.isMulticastAddress()) {
            throw new IllegalArgumentException("multicastAddress must be a multicast address (224.0.0.0/4): "
                    + multicastAddress);
        }
        if (portOverride != 0 && (portOverride < 1024 || portOverride > 65534)) {
            throw new IllegalArgumentException("portOverride must be 0 (off) or 1024..65534, got " + portOverride);
        }
        if (duplex == null) {
            throw new IllegalArgumentException("duplex must be auto, full or half");
        }
        parseBitrate(maxBitrate);
    }

    /** Bits per second as {@link Bitrate#parse} reads them (the command line's syntax); empty: 0, no limit. */
    public static long parseBitrate(String text) {
        return text == null || text.isBlank() ? 0 : Bitrate.parse(text);
    }

    /** As {@link Ipv4#parse}: the command line's syntax, no name lookup. */
    static InetAddress parseIpv4(String text, String what) {
        try {
            return Ipv4.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " must be an IPv4 address, got '" + text + "'");
        }
    }

    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("interface", interfaceName);
        m.put("startingPort", Integer.toString(startingPort));
        m.put("maxSessions", Integer.toString(maxSessions));
        m.put("maxWaitSeconds", Integer.toString(maxWaitSeconds));
        m.put("multicastAddress", multicastAddress);
        m.put("portOverride", Integer.toString(portOverride));
        m.put("duplex", duplex.name().toLowerCase(Locale.ROOT));
        m.put("maxBitrate", maxBitrate);
        return m;
    }

    /** Settings from stored or submitted values; missing keys keep {@code base}'s; unknown keys are refused. */
    public static MulticastSettings fromMap(Map<String, String> values, MulticastSettings base) {
        Map<String, String> m = new LinkedHashMap<>(base.toMap());
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (!m.containsKey(e.getKey())) {
                throw new IllegalArgumentException("unknown setting '" + e.getKey() + "' (known: "
                        + String.join(", ", m.keySet()) + ")");
            }
            m.put(e.getKey(), e.getValue() == null ? "" : e.getValue().trim());
        }
        Duplex duplex;
        try {
            duplex = Duplex.valueOf(m.get("duplex").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("duplex must be auto, full or half, got '" + m.get("duplex") + "'");
        }
        return new MulticastSettings(m.get("interface"), integer(m, "startingPort"), integer(m, "maxSessions"),
                integer(m, "maxWaitSeconds"), m.get("multicastAddress"), integer(m, "portOverride"), duplex,
                m.get("maxBitrate"));
    }

    private static int integer(Map<String, String> m, String key) {
        try {
            return Integer.parseInt(m.get(key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, got '" + m.get(key) + "'");
        }
    }
}
