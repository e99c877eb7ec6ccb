package io.jcast.diag.omping;

/** What an {@link OmpingEngine} reports while it runs; called on the engine's thread. */
public interface OmpingListener {
    /** A peer's client changed state (waiting, joined, stopped). */
    default void onPeerEvent(Peer peer, PeerEvent event) {
    }

    /** An Answer arrived from a peer. */
    default void onAnswer(AnswerEvent answer) {
    }

    /** The main loop ended (count reached, timeout, stop requested): the summary is final. */
    default void onMainLoopEnd(OmpingResult result) {
    }
}
