package io.jcast.diag.doctor;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/** Addresses and synthetic probe results for tests that need no socket. */
final class PeerProbeTestSupport {
    private PeerProbeTestSupport() {
    }

    static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    static ProbeResult result(String peer, int size, int sent, int unicast, int multicast) {
        return new ProbeResult(address(peer), size, sent, stats(unicast), stats(multicast), 0, "", 1000,
                List.of(new ProbeResult.Bucket(sent, unicast, multicast)));
    }

    static ProbeResult.Stats stats(int received) {
        return received == 0 ? new ProbeResult.Stats(0, -1, -1, -1) : new ProbeResult.Stats(received, 100, 200, 900);
    }

    /** A long run of 5-s buckets of 25 requests; {@code multicastPerBucket} gives the multicast answers of each. */
    static ProbeResult longRun(String peer, int... multicastPerBucket) {
        List<ProbeResult.Bucket> buckets = new ArrayList<>();
        int mc = 0;
        for (int m : multicastPerBucket) {
            buckets.add(new ProbeResult.Bucket(25, 25, m));
            mc += m;
        }
        int sent = 25 * multicastPerBucket.length;
        return new ProbeResult(address(peer), 66, sent, stats(sent), stats(mc), 0, "", 5000, buckets);
    }
}
