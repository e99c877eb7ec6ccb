package io.jcast.server.web;

import io.javalin.http.sse.SseClient;
import io.jcast.server.model.ReceiverRecord;
import io.jcast.server.model.Session;
import io.jcast.server.session.SessionService;
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
 * Live progress over Server-Sent Events: every period, a "sessions" event with the recent sessions, the
 * receivers of unfinished ones and each one's log line count, read from the database (so any node's sessions
 * show on every node). One snapshot per period serves every viewer, read in three queries however many
 * sessions and viewers there are; it is sent only when it changed and only while someone listens.
 */
public final class EventHub implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventHub.class);
    private static final int SHOWN = 50;
    /** The newest sessions keep their receivers on show once finished; older finished ones list none. */
    private static final int RECENT = 11;
    private final SessionService sessions;
    private final Set<SseClient> clients = new CopyOnWriteArraySet<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "jcast-events");
        t.setDaemon(true);
        return t;
    });
    /** The snapshot the viewers have; null while nobody listens. Touched on the timer thread only. */
    private String last;

    public EventHub(SessionService sessions, long periodMillis) {
        this.sessions = sessions;
        timer.scheduleWithFixedDelay(this::publish, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    void connect(SseClient client) {
        client.keepAlive();
        client.onClose(() -> clients.remove(client));
        // On the timer thread, between two publishes: the viewer starts from the snapshot the others have and
        // misses no change after it.
        timer.execute(() -> join(client));
    }

    private void join(SseClient client) {
        try {
            if (last == null) {
                last = snapshot();
            }
            client.sendEvent("sessions", last);
            clients.add(client);
        } catch (RuntimeException e) {
            LOG.warn("live progress for a new viewer failed: {}", e.toString());
            client.close();
        }
    }

    /** The dashboard's data: recent sessions, with receivers for those not finished. */
    String snapshot() {
        List<Session> shown = sessions.list(SHOWN);
        List<Long> withReceivers = new ArrayList<>();
        for (int i = 0; i < shown.size(); i++) {
            if (i < RECENT || !shown.get(i).state().isFinished()) {
                withReceivers.add(shown.get(i).id());
            }
        }
        Map<Long, List<ReceiverRecord>> receivers = sessions.receivers(withReceivers);
        Map<Long, Integer> logLines = sessions.logLineCounts(shown.stream().map(Session::id).toList());
        List<Map<String, Object>> out = new ArrayList<>();
        for (Session s : shown) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("session", SessionView.of(s));
            m.put("receivers", receivers.getOrDefault(s.id(), List.of()));
            m.put("logLines", logLines.getOrDefault(s.id(), 0));
            out.add(m);
        }
        return Json.write(out);
    }

    private void publish() {
        clients.removeIf(SseClient::terminated);
        if (clients.isEmpty()) {
            last = null;
            return;
        }
        try {
            String now = snapshot();
            if (now.equals(last)) {
                return;
            }
            last = now;
            clients.forEach(c -> c.sendEvent("sessions", now));
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
