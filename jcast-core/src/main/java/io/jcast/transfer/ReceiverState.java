package io.jcast.transfer;

/** Where one receiver stands, as its sender sees it. */
public enum ReceiverState {
    /** Joined during negotiation; the transfer has not started. */
    CONNECTED,
    /** Taking part in the transfer. */
    RECEIVING,
    /** Acknowledged the end of the data: it has every byte. */
    COMPLETED,
    /** Removed by the sender after {@code retries-until-drop} unanswered rounds. */
    DROPPED,
    /** Said goodbye (DISCONNECT) before the end of the data. */
    DISCONNECTED
}
