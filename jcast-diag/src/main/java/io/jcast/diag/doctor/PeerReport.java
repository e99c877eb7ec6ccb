package io.jcast.diag.doctor;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * The probes of one peer: the flood (small datagrams at the flood rate), full-size datagrams, and the long run.
 *
 * @param large   one probe per datagram size tried (the interface MTU, and 1500 when the MTU is smaller)
 * @param longRun the long mode's probe, empty without {@code --long}
 */
public record PeerReport(String host, InetAddress address, ProbeResult flood, List<ProbeResult> large,
        Optional<ProbeResult> longRun) {

    /** How multicast behaved over the long run, read from its time buckets. */
    public enum LongPattern { STEADY, STOPPED, NEVER, INTERMITTENT, NO_UNICAST }

    public record LongOutcome(LongPattern pattern, long stoppedAfterSeconds, long silentSeconds) {
    }

    /**
     * Multicast "stopped" when it was answered at first and then not at all for at least two buckets (and a tenth
     * of the run) while unicast was still answered: what IGMP snooping does once memberships time out.
     */
    public static LongOutcome analyse(ProbeResult run) {
        List<ProbeResult.Bucket> b = run.buckets();
        long seconds = run.bucketMillis() / 1000;
        int first = -1;
        int last = -1;
        int unicast = 0;
        for (int i = 0; i < b.size(); i++) {
            unicast += b.get(i).unicast();
            if (b.get(i).multicast() > 0) {
                last = i;
                first = first < 0 ? i : first;
            }
        }
        if (unicast == 0) {
            return new LongOutcome(LongPattern.NO_UNICAST, 0, 0);
        }
        if (first < 0) {
            return new LongOutcome(LongPattern.NEVER, 0, b.size() * seconds);
        }
        int trailing = b.size() - 1 - last;
        int trailingSent = 0;
        int trailingUnicast = 0;
        for (int i = last + 1; i < b.size(); i++) {
            trailingSent += b.get(i).sent();
            trailingUnicast += b.get(i).unicast();
        }
        if (trailing >= 2 && trailing * 10 >= b.size() && trailingUnicast * 2 >= trailingSent) {
            return new LongOutcome(LongPattern.STOPPED, (last + 1) * seconds, trailing * seconds);
        }
        if (run.multicastLoss() > run.unicastLoss() + 10) {
            return new LongOutcome(LongPattern.INTERMITTENT, 0, 0);
        }
        return new LongOutcome(LongPattern.STEADY, 0, 0);
    }
}
