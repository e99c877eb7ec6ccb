package io.jcast.bench.lab;

import java.util.List;

/**
 * One network setup and the sender/receiver pairings run on it.
 *
 * @param number       1..6 as in issue 5, 7..8 as in issue 12
 * @param title        what it is, for the table
 * @param receivers    receiver hosts (h1..hN); the sender is h0
 * @param lossPercent  random loss of incoming UDP at every receiver (nftables), 0 for none
 * @param rate         tbf rate on the sender's interface (e.g. "100mbit"), or null for unshaped veth
 * @param async        senders run without a return channel, with {@code fec} and {@code maxBitrate}
 * @param fec          FEC spec for async runs, or null
 * @param maxBitrate   sender rate cap in bit/s for async runs (udpcast needs one there), 0 for none
 * @param pairings     what is run, in order; ratios are jcast's row against each other row
 */
record Scenario(int number, String title, int receivers, double lossPercent, String rate, boolean async,
                String fec, long maxBitrate, List<Pairing> pairings) {

    /** A sender program serving receivers of a (possibly other) program. */
    record Pairing(Program sender, Program receiver) {
        String label() {
            return sender == receiver ? sender.label() : sender.label() + " → " + receiver.receiverLabel();
        }

        boolean jcastSide() {
            return sender == Program.JCAST_PROTOCOL || sender == Program.JCAST;
        }
    }

    enum Program {
        JCAST("jcast", "jcast receive"),
        /** jcast speaking its own protocol (NACK repair), sender and receivers alike. */
        JCAST_PROTOCOL("jcast protocol", "jcast receive --protocol jcast"),
        UDPCAST("udpcast", "udp-receiver"),
        UFTP("uftp", "uftpd");

        private final String label;
        private final String receiverLabel;

        Program(String label, String receiverLabel) {
            this.label = label;
            this.receiverLabel = receiverLabel;
        }

        String label() {
            return label;
        }

        String receiverLabel() {
            return receiverLabel;
        }
    }

    private static final List<Pairing> ALL_TOOLS = List.of(new Pairing(Program.JCAST, Program.JCAST),
            new Pairing(Program.UDPCAST, Program.UDPCAST), new Pairing(Program.UFTP, Program.UFTP));

    /** jcast's own protocol first (the ratios are against it), then jcast and udpcast on the udpcast protocol. */
    private static final List<Pairing> JCAST_PROTOCOL_AGAINST_UDPCAST = List.of(
            new Pairing(Program.JCAST_PROTOCOL, Program.JCAST_PROTOCOL), new Pairing(Program.JCAST, Program.JCAST),
            new Pairing(Program.UDPCAST, Program.UDPCAST));

    static final List<Scenario> ALL = List.of(
            new Scenario(1, "100 Mbit/s, 8 receivers, 0% loss", 8, 0, "100mbit", false, null, 0, ALL_TOOLS),
            new Scenario(2, "100 Mbit/s, 8 receivers, 2% loss", 8, 2, "100mbit", false, null, 0, ALL_TOOLS),
            new Scenario(3, "unshaped, 1 receiver", 1, 0, null, false, null, 0, ALL_TOOLS),
            new Scenario(4, "unshaped, 4 receivers", 4, 0, null, false, null, 0, ALL_TOOLS),
            new Scenario(5, "async + FEC 8x8/64, 95 Mbit/s cap, 100 Mbit/s, 8 receivers, 2% loss", 8, 2, "100mbit",
                    true, "8x8/64", 95_000_000L, List.of(new Pairing(Program.JCAST, Program.JCAST),
                            new Pairing(Program.UDPCAST, Program.UDPCAST))),
            new Scenario(6, "udp-receivers served, 100 Mbit/s, 8 receivers, 2% loss", 8, 2, "100mbit", false, null, 0,
                    List.of(new Pairing(Program.JCAST, Program.UDPCAST),
                            new Pairing(Program.UDPCAST, Program.UDPCAST))),
            new Scenario(7, "jcast protocol, 100 Mbit/s, 16 receivers, 1% loss", 16, 1, "100mbit", false, null, 0,
                    JCAST_PROTOCOL_AGAINST_UDPCAST),
            new Scenario(8, "jcast protocol, 100 Mbit/s, 1 receiver, 1% loss", 1, 1, "100mbit", false, null, 0,
                    JCAST_PROTOCOL_AGAINST_UDPCAST));

    static Scenario byNumber(int n) {
        for (Scenario s : ALL) {
            if (s.number == n) {
                return s;
            }
        }
        throw new IllegalArgumentException("no scenario " + n + " (1.." + ALL.size() + ")");
    }
}
