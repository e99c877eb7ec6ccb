package io.jcast.bench.lab;

import java.util.ArrayList;
import java.util.List;

/**
 * What one sender/receivers pairing achieved in one scenario.
 *
 * @param scenario           the scenario number
 * @param label              tool, e.g. "udpcast" or "jcast → udp-receiver"
 * @param jcastSender        true for the row the ratios are computed from
 * @param bytes              payload bytes (the input file's size)
 * @param dataSeconds        from the sender's "data starts" line to its "every receiver has everything" line
 *                           (async: to the last receiver's exit); NaN when the run failed
 * @param endToEndSeconds    from starting the sender process to the last process's exit (JVM start-up, negotiation
 *                           and lingering included); NaN when the run failed
 * @param verified           receivers whose output had the input's size and SHA-256
 * @param receivers          receivers in the run
 * @param failures           what went wrong (timeouts, exit codes, SHA-256 mismatches); empty when all is well
 * @param senderPeakRssKiB   VmHWM of the sender
 * @param receiverPeakRssKiB highest VmHWM of any receiver
 * @param senderCpuSeconds   CPU time (user + system) of the sender process, JVM start-up included
 * @param receiverCpuSeconds highest CPU time of any receiver process
 * @param retransmitted      blocks the sender sent again, as it reports them; -1 if it does not say
 * @param linkBytes          bytes the sender's interface transmitted during the run (frames with their Ethernet,
 *                           IP and UDP headers: data, repairs, control); -1 if unknown
 * @param tbfDrops           datagrams the sender's tbf qdisc dropped during the run; -1 when unshaped
 * @param rcvbufDrops        datagrams the receivers' kernels dropped for a full socket buffer (receiver too slow)
 */
record Measurement(int scenario, String label, boolean jcastSender, long bytes, double dataSeconds,
                   double endToEndSeconds, int verified, int receivers, List<String> failures, long senderPeakRssKiB,
                   long receiverPeakRssKiB, double senderCpuSeconds, double receiverCpuSeconds,
                   long retransmitted, long linkBytes, long tbfDrops,
                   long rcvbufDrops) {

    /** The same result with the failures of earlier attempts listed first (they count: the table flags them). */
    Measurement withEarlierFailures(List<String> earlier) {
        if (earlier.isEmpty()) {
            return this;
        }
        List<String> all = new ArrayList<>(earlier);
        all.addAll(failures);
        return new Measurement(scenario, label, jcastSender, bytes, dataSeconds, endToEndSeconds, verified, receivers,
                List.copyOf(all), senderPeakRssKiB, receiverPeakRssKiB, senderCpuSeconds, receiverCpuSeconds,
                retransmitted, linkBytes, tbfDrops, rcvbufDrops);
    }

    /** What the sender put on the link per byte of the file (1514/1456 = 1.04 for full jcast/udpcast frames). */
    double linkPerFileByte() {
        return linkBytes < 0 || bytes == 0 ? Double.NaN : (double) linkBytes / bytes;
    }

    boolean ok() {
        return failures.isEmpty() && verified == receivers;
    }

    /**
     * Payload MB/s (10^6 bytes) over the data phase. It is given whenever every receiver verified and the sender
     * reported the end, even if something else went wrong (a sender exit code saying a receiver was dropped when it
     * was not, say): that is listed among the failures. NaN when data did not arrive.
     */
    double megabytesPerSecond() {
        return verified == receivers && !Double.isNaN(dataSeconds) ? bytes / 1e6 / dataSeconds : Double.NaN;
    }
}
