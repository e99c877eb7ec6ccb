package io.jcast.transfer;

import java.math.BigDecimal;

/**
 * Bits per second as udpcast writes them ({@code --max-bitrate 500m}): a decimal number with an optional
 * {@code k}, {@code m} or {@code g} suffix (x1000, x10^6, x10^9, either case). The one parser for the command line,
 * the manager's settings and its REST API, so that a value one accepts the others accept too.
 */
public final class Bitrate {
    private Bitrate() {
    }

    /** The bits per second {@code text} names; throws IllegalArgumentException, with the text, for anything else. */
    public static long parse(String text) {
        String s = text == null ? "" : text.trim();
        long factor = 1;
        if (!s.isEmpty()) {
            switch (Character.toLowerCase(s.charAt(s.length() - 1))) {
                case 'k' -> factor = 1_000L;
                case 'm' -> factor = 1_000_000L;
                case 'g' -> factor = 1_000_000_000L;
                default -> factor = 1;
            }
            if (factor != 1) {
                s = s.substring(0, s.length() - 1);
            }
        }
        try {
            if (!s.matches("\\d+(\\.\\d+)?")) {
                throw new NumberFormatException(); // no sign, exponent or grouping: udpcast reads digits
            }
            BigDecimal bps = new BigDecimal(s).multiply(BigDecimal.valueOf(factor));
            // Exact: 1.5k is 1500, 1.5 is not a number of bits, and 10^19 does not silently wrap.
            return bps.longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("invalid bitrate '" + text
                    + "': expected bits per second such as 500m, 1.5g, 800k");
        }
    }
}
