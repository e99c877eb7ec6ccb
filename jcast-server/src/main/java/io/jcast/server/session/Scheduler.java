package io.jcast.server.session;

import io.jcast.server.metrics.ServerMetrics;
import io.jcast.server.model.Session;
import io.jcast.server.model.SessionState;
import io.jcast.server.store.ReceiverStore;
import io.jcast.server.store.SessionStore;
import io.jcast.transfer.SenderConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's scheduler. Every tick it renews the leases of the sessions it runs, reconciles sessions
 * whose owner stopped renewing (requeue if no data flowed yet, fail if the transfer was under way),
 * claims due queued sessions up to the node's limit, and lets each runner persist its progress and
 * pass on "start now" and expected-count changes. Ticks run on one thread, so they never overlap.
 */
public final class Scheduler implements SessionContext, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);

    private final SessionStore sessions;
    private final ReceiverStore receivers;
    private final SettingsService settings;
    private final ImageRoot images;
    private final SenderFactory senders;
    private final SenderConfig senderDefaults;
    private final ServerMetrics metrics;
    private final Preflight.Runner preflight;
    private final Clock clock;
    private final String node;
    private final Duration tick;
    private final Duration lease;

    private final Map<Long, SessionRunner> runners = new ConcurrentHashMap<>();
    private final ScheduledExecutorService ticker;
    private final ExecutorService runnerThreads;
    private volatile boolean halted;
    private volatile boolean closing;
    /** When this node last renewed its leases; past that plus the lease, another node may run our sessions. */
    private volatile Instant renewedAt;

    /**
     * @param tick  how often the scheduler runs (progress persistence, "start now", claims)
     * @param lease how long a claim holds without renewal; another node reconciles after that
     */
    public Scheduler(SessionStore sessions, ReceiverStore receivers, SettingsService settings, ImageRoot images,
                     SenderFactory senders, SenderConfig senderDefaults, ServerMetrics metrics,
                     Preflight.Runner preflight, Clock clock, String node, Duration tick, Duration lease) {
        if (lease.compareTo(tick.multipliedBy(3)) < 0) {
            throw new IllegalArgumentException("the lease must be at least three ticks");
        }
        this.sessions = sessions;
        this.receivers = receivers;
        this.settings = settings;
        this.images = images;
        this.senders = senders;
        this.senderDefaults = senderDefaults;
        this.metrics = metrics;
        this.preflight = preflight;
        this.clock = clock;
        this.node = node;
        this.tick = tick;
        this.lease = lease;
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "jcast-scheduler"));
        AtomicInteger n = new AtomicInteger();
        this.runnerThreads = Executors.newCachedThreadPool(r -> daemon(r, "jcast-session-" + n.incrementAndGet()));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Reconciles what this node left behind when it last stopped, then starts ticking. */
    public void start() {
        reconcileOwnLeftovers();
        ticker.scheduleWithFixedDelay(this::tick, 0, tick.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs a tick soon (after "start now", a cancel or a new session) instead of at the next period. */
    public void poke() {
        if (!closing && !halted) {
            try {
                ticker.execute(this::tick);
            } catch (RejectedExecutionException e) {
                // stopping: nothing more to schedule
            }
        }
    }

    /** Stops this node's runner of the session, if it runs here (its state was already changed). */
    public void cancelLocal(long id) {
        SessionRunner r = runners.get(id);
        if (r != null) {
            r.cancel();
        }
    }

    /**
     * A sender process gone with the node that owned it can't be resumed mid-stream: sessions that had
     * started are failed with the reason; those still waiting for receivers are queued again.
     */
    private void reconcileOwnLeftovers() {
        for (Session s : sessions.ownedActive(node)) {
            reconcile(s, "node " + node + " restarted");
        }
    }

    private void reconcile(Session s, String why) {
        Instant now = now();
        if (s.state() == SessionState.WAITING) {
            if (sessions.transition(s.id(), SessionState.WAITING, SessionState.QUEUED,
                    why + " before the transfer began; queued again", node, now)) {
                sessions.log(s.id(), "requeued: " + why, now);
            }
        } else if (s.state() == SessionState.IN_PROGRESS) {
            if (sessions.transition(s.id(), SessionState.IN_PROGRESS, SessionState.FAILED,
                    why + " during the transfer; its sender is gone", node, now)) {
                sessions.log(s.id(), "failed: " + why + " during the transfer", now);
            }
        }
    }

    void tick() {
        if (halted || closing) {
            return;
        }
        try {
            settings.refresh();
            Instant now = now();
            Set<Long> owned = sessions.renewLeases(node, now.plus(lease), now);
            renewedAt = now;
            for (SessionRunner r : runners.values()) {
                if (!owned.contains(r.id())) {
                    // Cancelled by a user, or taken over after our lease lapsed: stop sending.
                    r.cancel();
                }
            }
            for (long id : owned) {
                if (!runners.containsKey(id)) {
                    // Ours in the database but not running here (its sender was stopped while the database was
                    // unreachable): reconcile it like a restart would.
                    sessions.find(id).ifPresent(s -> reconcile(s, "node " + node + " lost its sender"));
                }
            }
            for (Session s : sessions.expiredLeases(now)) {
                reconcile(s, "node " + s.ownerNode() + " stopped renewing its lease");
            }
            claim(now());
            for (SessionRunner r : runners.values()) {
                sessions.find(r.id()).ifPresent(s -> {
                    if (s.state().isActive()) {
                        r.tick(s);
                    }
                });
            }
            metrics.sessionCounts(sessions.countByState());
            metrics.activeReceivers(receivers.countActive());
        } catch (RuntimeException e) {
            // A database hiccup must not stop the scheduler; the next tick retries.
            LOG.warn("scheduler tick failed: {}", e.toString());
            fenceIfLeaseLost();
        }
    }

    /**
     * Cut off from the database for longer than the lease, this node can no longer know that it still owns
     * its sessions (another node may have taken them over), so it stops sending rather than risk two senders.
     */
    private void fenceIfLeaseLost() {
        Instant last = renewedAt;
        if (last != null && !runners.isEmpty() && now().isAfter(last.plus(lease))) {
            LOG.warn("no lease renewal for {} s: stopping {} local transfer(s)", lease.toSeconds(), runners.size());
            runners.values().forEach(SessionRunner::cancel);
        }
    }

    private void claim(Instant now) {
        MulticastSettings s = settings.current();
        while (true) {
            Optional<Session> claimed = sessions.claimNext(node, now, lease, s.maxSessions(),
                    (ports, addresses) -> Pools.allocate(s, ports, addresses));
            if (claimed.isEmpty()) {
                return;
            }
            Session session = claimed.get();
            SessionRunner runner = new SessionRunner(this, session);
            runners.put(session.id(), runner);
            sessions.log(session.id(), "claimed by node " + node + "; waiting for " + session.expectedReceivers()
                    + " receivers", now);
            runnerThreads.execute(runner);
        }
    }

    /**
     * Graceful stop: running transfers are cancelled and failed with the reason, waiting sessions are
     * queued again for whichever node comes next.
     */
    @Override
    public void close() {
        closing = true;
        ticker.shutdown();
        awaitQuietly(ticker);
        try {
            for (Session s : sessions.ownedActive(node)) {
                reconcile(s, "node " + node + " stopped");
            }
        } catch (RuntimeException e) {
            // Database gone: the next start (or another node, after the lease) reconciles instead.
            LOG.warn("could not reconcile sessions on stop: {}", e.toString());
        }
        runners.values().forEach(SessionRunner::cancel);
        runnerThreads.shutdown();
        awaitQuietly(runnerThreads);
    }

    /** Plays a crashed node (tests): stops everything and writes nothing more, leases left to lapse. */
    public void halt() {
        halted = true;
        ticker.shutdown();
        runners.values().forEach(SessionRunner::cancel);
        runnerThreads.shutdown();
        awaitQuietly(ticker);
        awaitQuietly(runnerThreads);
    }

    private static void awaitQuietly(ExecutorService e) {
        try {
            e.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public SessionStore sessions() {
        return sessions;
    }

    @Override
    public ReceiverStore receivers() {
        return receivers;
    }

    @Override
    public ImageRoot images() {
        return images;
    }

    @Override
    public SenderFactory senders() {
        return senders;
    }

    @Override
    public ServerMetrics metrics() {
        return metrics;
    }

    @Override
    public Preflight.Runner preflight() {
        return preflight;
    }

    @Override
    public SenderConfig senderDefaults() {
        return senderDefaults;
    }

    @Override
    public String node() {
        return node;
    }

    @Override
    public Instant now() {
        return clock.instant();
    }

    @Override
    public boolean halted() {
        return halted;
    }

    @Override
    public void runnerDone(SessionRunner runner) {
        runners.remove(runner.id(), runner);
        poke();
    }

    List<SessionRunner> runners() {
        return List.copyOf(runners.values());
    }
}
