package io.jcast.diag.omping;

/** Client state changes omping prints for a peer (omping-ssmping.md §5.1). */
public enum PeerEvent {
    WAITING_FOR_RESPONSE("waiting for response msg"),
    /** The text depends on the group and transport; {@link OmpingReport} builds it. */
    JOINED("joined"),
    SERVER_TOLD_STOP("server told us to stop"),
    COUNT_REACHED("given amount of query messages was sent"),
    SEQUENCE_EXHAUSTED("maximum number of query messages exhausted"),
    REMOTE_VERSION_RECEIVED("remote version received");

    private final String text;

    PeerEvent(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }
}
