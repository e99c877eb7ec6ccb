package io.jcast.protocol;

/** Capability bits (udpcast-protocol.md §6). */
public final class Capabilities {
    public static final int NEW_GEN = 0x0001;
    public static final int BIG_ENDIAN = 0x0008;
    public static final int ASYNC = 0x0020;
    /**
     * jcast's own bit, sent by jcast receivers in CONNECT_REQ: "a slice I never saw does not kill me".
     * udpcast only ANDs unknown bits into its "Starting transfer" line, so it is harmless there.
     */
    public static final int JCAST_GAP_TOLERANT = 0x0100;
    /** What both udp-sender and udp-receiver 20120424 announce. */
    public static final int DEFAULT = NEW_GEN | BIG_ENDIAN;

    private Capabilities() {
    }
}
