package io.jcast.diag.ssmping;

/**
 * What mcfirst saw.
 *
 * @param packets             datagrams received
 * @param bytes               their payload bytes
 * @param firstBytes          payload bytes of the first datagram
 * @param lastMicros          from the join to the last datagram (0 if none came)
 * @param firstToLastMicros   from the first to the last datagram
 * @param ipv4                the group is IPv4 (28 header bytes per packet, else 48)
 */
public record McfirstResult(long packets, long bytes, long firstBytes, long lastMicros, long firstToLastMicros,
                            boolean ipv4) {

    /** mcfirst's closing lines, each ending in a newline. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        // mcfirst rounds the milliseconds as (us + 500) / 1000, which can print ".1000"; kept as it is
        sb.append(bytes).append(" bytes (payload) and ").append(packets).append(" packets received in ")
                .append(lastMicros / 1_000_000).append('.')
                .append(String.format("%03d", (lastMicros % 1_000_000 + 500) / 1000)).append(" seconds\n");
        double millis = firstToLastMicros / 1000.0;
        if (packets < 2 || millis == 0) {
            return sb.toString();
        }
        long payload = bytes - firstBytes;
        sb.append(String.format("Average rate: %.3f kbits of payload per second%n", payload / millis * 8));
        long withHeaders = payload + (packets - 1) * (ipv4 ? 28 : 48);
        sb.append(String.format("Estimated average rate including all headers: %.3f kbits per second%n",
                withHeaders / millis * 8));
        return sb.toString();
    }
}
