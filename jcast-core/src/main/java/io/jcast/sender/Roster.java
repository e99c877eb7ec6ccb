package io.jcast.sender;

import io.jcast.protocol.Capabilities;
import io.jcast.transfer.ReceiverState;
import io.jcast.transfer.ReceiverStatus;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The sender's receivers (udpcast's participants table): numbered slots found again by address, the count of
 * active ones and of the kinds the protocol must treat with care, and those that left before the end.
 */
final class Roster {
    static final int MAX_CLIENTS = 1024;

    private final Participant[] slots = new Participant[MAX_CLIENTS];
    private final Map<InetAddress, Participant> byAddress = new HashMap<>();
    private final List<Participant> leftEarly = new ArrayList<>();
    private int active;
    /** Active receivers that die on a slice gap (udp-receiver); jcast receivers announce they do not. */
    private int gapIntolerant;
    /** Active receivers whose RETRANSMIT maps ignore the FEC rows they hold (udp-receiver). */
    private int rawReporters;

    Participant find(InetAddress address) {
        return byAddress.get(address);
    }

    /** A new participant in the lowest free slot, or null when all {@value #MAX_CLIENTS} are taken. */
    Participant join(InetSocketAddress from, int capabilities, long now) {
        for (int i = 0; i < MAX_CLIENTS; i++) {
            if (slots[i] == null) {
                Participant p = new Participant(i, from, capabilities, now);
                slots[i] = p;
                byAddress.put(from.getAddress(), p);
                active++;
                count(p, 1);
                return p;
            }
        }
        return null;
    }

    /** Before the transfer a participant that says goodbye is forgotten, its slot free again. */
    void forget(Participant p) {
        slots[p.number] = null;
        byAddress.remove(p.address.getAddress());
        active--;
        count(p, -1);
    }

    /** During the transfer a participant that leaves keeps its slot, with its final state and reason. */
    void leave(Participant p, ReceiverState state, String reason) {
        p.state = state;
        p.reason = reason;
        p.lagging = false;
        active--;
        count(p, -1);
        leftEarly.add(p);
    }

    private void count(Participant p, int delta) {
        if ((p.capabilities & Capabilities.JCAST_GAP_TOLERANT) == 0) {
            gapIntolerant += delta;
        }
        if ((p.capabilities & Capabilities.JCAST_NET_NEED) == 0) {
            rawReporters += delta;
        }
    }

    /** Slot {@code i}: a participant, or null; walked by index (no iterator on per-datagram paths). */
    Participant slot(int i) {
        return slots[i];
    }

    int active() {
        return active;
    }

    int gapIntolerant() {
        return gapIntolerant;
    }

    int rawReporters() {
        return rawReporters;
    }

    int leftEarly() {
        return leftEarly.size();
    }

    int completed() {
        int n = 0;
        for (Participant p : slots) {
            if (p != null && p.state == ReceiverState.COMPLETED) {
                n++;
            }
        }
        return n;
    }

    /** Every receiver's status, those that left included. */
    List<ReceiverStatus> statuses() {
        List<ReceiverStatus> out = new ArrayList<>();
        for (Participant p : slots) {
            if (p != null) {
                out.add(p.status());
            }
        }
        for (Participant p : leftEarly) {
            if (slots[p.number] != p) {
                out.add(p.status());
            }
        }
        return out;
    }
}
