package io.jcast.server.web;

import io.jcast.server.session.Session;
import io.jcast.server.session.SessionService;
import io.javalin.http.sse.SseClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live progress over Server-Sent Events: every period, a "sessions" event with the recent sessions and
 * the receivers of unfinished ones, read from the database (so any node's sessions show on every node).
 * Sent only when it changed and only while someone listens.
 */
public final class EventHub implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventHub.class);
    private final SessionService sessions;
    private final Set<SseClient> clients = new CopyOnWriteArraySet<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "jcast-events");
        t.setDaemon(true);
        return t;
    });
    private volatile String last = "";

    public EventHub(SessionService sessions, long periodMillis) {
        this.sessions = sessions;
        timer.scheduleWithFixedDelay(this::publish, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    void connect(SseClient client) {
        client.keepAlive();
        client.onClose(() -> clients.remove(client));
        clients.add(client);
        client.sendEvent("sessions", snapshot());
    }

    /** The dashboard's data: recent sessions, with receivers for those not finished. */
    String snapshot() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Session s : sessions.list(50)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("session", SessionView.of(s));
            m.put("receivers", s.state().isFinished() && out.size() > 10 ? List.of() : sessions.receivers(s.id()));
            out.add(m);
        }
        return Json.write(out);
    }

    private void publish() {
        if (clients.isEmpty()) {
            return;
        }
        try {
            String now = snapshot();
            if (now.equals(last)) {
                return;
            }
            last = now;
            for (SseClient c : clients) {
                if (c.terminated()) {
                    clients.remove(c);
                } else {
                    c.sendEvent("sessions", now);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("live progress update failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        timer.shutdown();
        clients.forEach(SseClient::close);
    }
}
