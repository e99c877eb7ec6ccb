package io.jcast.diag.ssmping;

import java.net.InetAddress;

/** What a running {@link SsmpingClient} reports, in order; every method runs on the client's thread. */
public interface SsmpingListener {
    /** A listener that ignores everything (for callers that only want the result). */
    SsmpingListener NONE = new SsmpingListener() {
    };

    /** The sockets are bound and the group joined; {@code localSource} is the address requests come from. */
    default void onJoined(SsmpingClientConfig config, InetAddress localSource) {
    }

    /** The first VER string the server sent (once). */
    default void onServerVersion(String version) {
    }

    /** A reply whose size differs from the REPLYSIZE asked for; reported before the reply itself. */
    default void onSizeMismatch(int requested, int received) {
    }

    default void onReply(SsmpingReply reply) {
    }

    /** A datagram that was dropped, in ssmping's words (e.g. {@code received non-reply packet}). */
    default void onIgnored(String line) {
    }

    /** A receive error, in ssmping's words (e.g. {@code recv failed: Connection refused}), and its errno. */
    default void onReceiveError(String line, int errno) {
    }

    default void onFinished(SsmpingResult result) {
    }
}
