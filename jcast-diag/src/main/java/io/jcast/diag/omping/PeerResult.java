package io.jcast.diag.omping;

/**
 * What one peer did during a run.
 *
 * @param peer       the peer
 * @param unicast    Answers that came back on the unicast socket
 * @param multicast  Answers that came back on the multicast (or broadcast) socket
 * @param serverInfo the peer's Server Information in {@code -V -V} mode, else {@code null}
 */
public record PeerResult(Peer peer, CastStatistics unicast, CastStatistics multicast, String serverInfo) {
    /** omping prints "response message never received" when no unicast Answer arrived. */
    public boolean responded() {
        return unicast.received() > 0;
    }
}
