package io.jcast.server.session;

import io.jcast.server.metrics.ServerMetrics;
import io.jcast.server.model.SessionState;
import io.jcast.server.store.Database;
import io.jcast.server.store.ReceiverStore;
import io.jcast.server.store.SessionStore;
import io.jcast.server.store.SettingsStore;
import io.jcast.transfer.SenderConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/** A scheduler and session service on a database, as one node of the service runs them (tests). */
public final class TestNode implements AutoCloseable {
    public final SessionStore sessions;
    public final ReceiverStore receivers;
    public final SettingsService settings;
    public final Scheduler scheduler;
    public final SessionService service;

    public TestNode(Database db, Path imageRoot, SenderFactory senders, String node, Duration tick, Duration lease)
            throws IOException {
        this(db, imageRoot, senders, node, tick, lease, Preflight.none());
    }

    public TestNode(Database db, Path imageRoot, SenderFactory senders, String node, Duration tick, Duration lease,
                    Preflight.Runner preflight) throws IOException {
        sessions = new SessionStore(db);
        receivers = new ReceiverStore(db);
        settings = new SettingsService(new SettingsStore(db));
        ImageRoot images = new ImageRoot(imageRoot);
        scheduler = new Scheduler(sessions, receivers, settings, images, senders, SenderConfig.builder().build(),
                new ServerMetrics(), preflight, Clock.systemUTC(), node, tick, lease);
        service = new SessionService(sessions, receivers, images, settings, scheduler, Clock.systemUTC(), node);
    }

    public TestNode start() {
        scheduler.start();
        return this;
    }

    public SessionState state(long id) {
        return sessions.find(id).orElseThrow().state();
    }

    @Override
    public void close() {
        scheduler.close();
    }
}
