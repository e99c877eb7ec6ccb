package io.jcast.sender;

import io.jcast.transfer.ReceiverState;
import io.jcast.transfer.ReceiverStatus;
import java.net.InetSocketAddress;

/** One receiver known to the sender; owned by the engine thread. */
final class Participant {
    final int number;
    final InetSocketAddress address;
    int capabilities;
    ReceiverState state = ReceiverState.CONNECTED;
    long bytesAcknowledged;
    long retransmitRequests;
    boolean lagging;
    String reason = "";
    /** When its last CONNECT_REQ arrived. */
    long connectReqNs;
    /** When we last sent it a CONNECT_REPLY. */
    long replyNs = Long.MIN_VALUE / 2;

    Participant(int number, InetSocketAddress address, int capabilities, long connectReqNs) {
        this.number = number;
        this.address = address;
        this.capabilities = capabilities;
        this.connectReqNs = connectReqNs;
    }

    /** Never sent OK or RETRANSMIT: it cannot have received its CONNECT_REPLY. */
    boolean neverAnswered() {
        return bytesAcknowledged == 0 && retransmitRequests == 0;
    }

    boolean active() {
        return state == ReceiverState.CONNECTED || state == ReceiverState.RECEIVING;
    }

    ReceiverStatus status() {
        return new ReceiverStatus(number, address.getAddress(), state, bytesAcknowledged, retransmitRequests, lagging,
                reason);
    }
}
