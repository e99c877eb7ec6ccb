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
    /**
     * jcast's own bit, sent by jcast receivers in CONNECT_REQ: "my RETRANSMIT maps count the FEC blocks I hold for
     * a stripe as that many of its missing blocks", so a sender repairs exactly what is still needed. A udpcast
     * sender that resends the blocks named is served the same way: what it resends plus the FEC held complete it.
     */
    public static final int JCAST_NET_NEED = 0x0200;
    /**
     * jcast's own bit, sent by the jcast sender in HELLO and CONNECT_REPLY: "answer without waiting for a REQACK":
     * a receiver that sees the next slice start without having had this one's REQACK answers as if it had, and
     * one that asked for blocks says OK the moment its slice is complete. Both save a REQACK timeout.
     */
    public static final int JCAST_PROMPT_ANSWERS = 0x0400;
    /** What both udp-sender and udp-receiver 20120424 announce. */
    public static final int DEFAULT = NEW_GEN | BIG_ENDIAN;

    private Capabilities() {
    }
}
