package io.jcast.server.session;

import io.jcast.fec.FecSpec;
import io.jcast.server.model.LogEntry;
import io.jcast.server.model.ReceiverRecord;
import io.jcast.server.model.Session;
import io.jcast.server.model.SessionSpec;
import io.jcast.server.model.SessionState;
import io.jcast.server.model.Transition;
import io.jcast.server.store.ReceiverStore;
import io.jcast.server.store.SessionStore;
import io.jcast.transfer.Duplex;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** What users do with sessions: create, list, look at, start now, change the expected count, cancel. */
public final class SessionService {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern INTERFACE = Pattern.compile("[A-Za-z0-9._:-]{1,32}");
    public static final int MAX_RECEIVERS = 1024;
    /** A later file of a directory session waits this long for the receivers that completed the one before. */
    public static final int DEFAULT_PART_WAIT_SECONDS = 60;

    private final SessionStore sessions;
    private final ReceiverStore receivers;
    private final ImageRoot images;
    private final SettingsService settings;
    private final Scheduler scheduler;
    private final Clock clock;
    private final String node;

    public SessionService(SessionStore sessions, ReceiverStore receivers, ImageRoot images, SettingsService settings,
                          Scheduler scheduler, Clock clock, String node) {
        this.sessions = sessions;
        this.receivers = receivers;
        this.images = images;
        this.settings = settings;
        this.scheduler = scheduler;
        this.clock = clock;
        this.node = node;
    }

    /** Validates the request, fills defaults from the settings, stores the session as QUEUED. */
    public Session create(NewSession req) {
        if (req == null) {
            throw SessionError.invalid("a JSON object with name and image is required");
        }
        String name = req.name() == null ? "" : req.name().trim();
        if (!NAME.matcher(name).matches()) {
            throw SessionError.invalid("name: 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        String image = req.image() == null ? null : req.image().trim();
        try {
            images.files(image);
        } catch (IllegalArgumentException e) {
            throw SessionError.invalid("image: " + e.getMessage());
        }
        MulticastSettings defaults = settings.current();
        int expected = req.expectedReceivers() == null ? 1 : req.expectedReceivers();
        if (expected < 1 || expected > MAX_RECEIVERS) {
            throw SessionError.invalid("expectedReceivers must be 1.." + MAX_RECEIVERS + ", got " + expected);
        }
        int maxWait = req.maxWaitSeconds() == null ? defaults.maxWaitSeconds() : req.maxWaitSeconds();
        if (maxWait < 0 || maxWait > 86_400) {
            throw SessionError.invalid("maxWaitSeconds must be 0..86400 (0: wait for all), got " + maxWait);
        }
        int partWait = req.partWaitSeconds() == null ? DEFAULT_PART_WAIT_SECONDS : req.partWaitSeconds();
        if (partWait < 1 || partWait > 86_400) {
            throw SessionError.invalid("partWaitSeconds must be 1..86400, got " + partWait);
        }
        Instant startAt = null;
        if (req.startAt() != null && !req.startAt().isBlank()) {
            try {
                startAt = Instant.parse(req.startAt().trim());
            } catch (DateTimeParseException e) {
                throw SessionError.invalid("startAt must be an ISO-8601 instant like 2026-01-01T08:00:00Z, got '"
                        + req.startAt() + "'");
            }
        }
        String iface = req.interfaceName() == null || req.interfaceName().isBlank()
                ? defaults.interfaceName() : req.interfaceName().trim();
        if (!iface.isEmpty() && !INTERFACE.matcher(iface).matches()) {
            throw SessionError.invalid("interface: letters, digits and ._:- only, at most 32");
        }
        long rate;
        try {
            rate = MulticastSettings.parseBitrate(req.maxBitrate() == null ? defaults.maxBitrate() : req.maxBitrate());
        } catch (IllegalArgumentException e) {
            throw SessionError.invalid("maxBitrate: " + e.getMessage());
        }
        Duplex duplex = defaults.duplex();
        if (req.duplex() != null && !req.duplex().isBlank()) {
            try {
                duplex = Duplex.valueOf(req.duplex().trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw SessionError.invalid("duplex must be auto, full or half, got '" + req.duplex() + "'");
            }
        }
        String fec = null;
        if (req.fec() != null && !req.fec().isBlank()) {
            try {
                fec = FecSpec.parse(req.fec()).toString();
            } catch (IllegalArgumentException e) {
                throw SessionError.invalid("fec: " + e.getMessage());
            }
        }
        if (sessions.findUnfinishedByName(name).isPresent()) {
            throw SessionError.conflict("a session named '" + name + "' is already queued or running");
        }
        long id = sessions.create(new SessionSpec(name, image, expected, Duration.ofSeconds(maxWait),
                Duration.ofSeconds(partWait), startAt, iface, rate, duplex, fec), node, clock.instant());
        scheduler.poke();
        return get(id);
    }

    public Session get(long id) {
        return sessions.find(id).orElseThrow(() -> SessionError.notFound("no session " + id));
    }

    /** The unfinished session of that name (what receivers check in to). */
    public Session byName(String name) {
        return sessions.findUnfinishedByName(name)
                .orElseThrow(() -> SessionError.notFound("no queued or running session named '" + name + "'"));
    }

    public List<Session> list(int limit) {
        return sessions.list(Math.max(1, Math.min(limit, 1000)));
    }

    public List<ReceiverRecord> receivers(long id) {
        get(id);
        return receivers.list(id);
    }

    /** The receivers of several sessions at once, by session id (sessions without any are absent). */
    public Map<Long, List<ReceiverRecord>> receivers(Collection<Long> ids) {
        return receivers.listBySession(ids);
    }

    /** How many log lines each of these sessions has (sessions without any are absent). */
    public Map<Long, Integer> logLineCounts(Collection<Long> ids) {
        return sessions.logLineCounts(ids);
    }

    public List<Transition> transitions(long id) {
        get(id);
        return sessions.transitions(id);
    }

    public List<LogEntry> log(long id) {
        get(id);
        return sessions.log(id);
    }

    public Session startNow(long id) {
        Session s = get(id);
        if (s.state().isFinished() || s.state() == SessionState.IN_PROGRESS) {
            throw SessionError.conflict("session " + id + " is " + s.state() + "; start now applies before the "
                    + "transfer began");
        }
        sessions.requestStart(id, clock.instant());
        sessions.log(id, "start now requested", clock.instant());
        scheduler.poke();
        return get(id);
    }

    public Session updateExpected(long id, int expected) {
        if (expected < 1 || expected > MAX_RECEIVERS) {
            throw SessionError.invalid("expectedReceivers must be 1.." + MAX_RECEIVERS + ", got " + expected);
        }
        get(id);
        if (!sessions.updateExpected(id, expected, clock.instant())) {
            throw SessionError.conflict("the expected count can only change before the transfer starts");
        }
        sessions.log(id, "expected receivers set to " + expected, clock.instant());
        scheduler.poke();
        return get(id);
    }

    /** Cancels at any time before the end; the node running it stops its sender. */
    public Session cancel(long id, String who) {
        for (int attempt = 0; attempt < 3; attempt++) {
            Session s = get(id);
            if (s.state().isFinished()) {
                throw SessionError.conflict("session " + id + " is already " + s.state());
            }
            if (sessions.transition(id, s.state(), SessionState.CANCELLED, "cancelled by " + who, node,
                    clock.instant())) {
                sessions.log(id, "cancelled by " + who, clock.instant());
                scheduler.cancelLocal(id);
                return get(id);
            }
        }
        throw SessionError.conflict("session " + id + " changed state while cancelling; try again");
    }
}
