package io.jcast.server.session;

import io.jcast.server.metrics.ServerMetrics;
import io.jcast.server.store.ReceiverStore;
import io.jcast.server.store.SessionStore;
import io.jcast.transfer.SenderConfig;
import java.time.Instant;

/** What a {@link SessionRunner} uses; implemented by the {@link Scheduler} that owns it. */
interface SessionContext {
    SessionStore sessions();

    ReceiverStore receivers();

    ImageRoot images();

    SenderFactory senders();

    ServerMetrics metrics();

    /** The local checks run before each session's sender opens. */
    Preflight.Runner preflight();

    /** Template for every sender (defaults such as TTL or a local address); the session fills the rest. */
    SenderConfig senderDefaults();

    String node();

    Instant now();

    /** True after {@link Scheduler#halt}: the node plays dead and writes nothing more. */
    boolean halted();

    void runnerDone(SessionRunner runner);
}
