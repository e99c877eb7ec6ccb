package io.jcast.server.store;

import io.jcast.server.model.LogEntry;
import io.jcast.server.model.Session;
import io.jcast.server.model.SessionSpec;
import io.jcast.server.model.SessionState;
import io.jcast.server.model.Transition;
import io.jcast.transfer.Duplex;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** Sessions, their transitions and logs; and the claim that gives a session to exactly one node. */
public final class SessionStore {
    private static final String ACTIVE = "('WAITING', 'IN_PROGRESS')";
    private static final int MAX_LOG_LINES = 2000;

    private final Jdbi jdbi;

    public SessionStore(Database db) {
        this.jdbi = db.jdbi();
    }

    /** Inserts a new QUEUED session and its first transition; returns its id. */
    public long create(SessionSpec spec, String node, Instant now) {
        return jdbi.inTransaction(h -> {
            long id = h.createUpdate("INSERT INTO sessions (name, image, expected_receivers, max_wait_seconds, "
                            + "part_wait_seconds, start_at, interface_name, max_bitrate_bps, duplex, fec, state, state_reason, "
                            + "start_requested, bytes_done, bytes_total, created_at, updated_at) VALUES (:name, "
                            + ":image, :expected, :maxWait, :partWait, :startAt, :iface, :rate, :duplex, :fec, 'QUEUED', "
                            + "'created', FALSE, 0, 0, :now, :now)")
                    .bind("name", spec.name())
                    .bind("image", spec.image())
                    .bind("expected", spec.expectedReceivers())
                    .bind("maxWait", (int) spec.maxWait().toSeconds())
                    .bind("partWait", (int) spec.partWait().toSeconds())
                    .bind("startAt", ts(spec.startAt()))
                    .bind("iface", spec.interfaceName())
                    .bind("rate", spec.maxBitrateBps())
                    .bind("duplex", spec.duplex().name())
                    .bind("fec", spec.fec())
                    .bind("now", ts(now))
                    .executeAndReturnGeneratedKeys("id")
                    .mapTo(Long.class)
                    .one();
            insertTransition(h, id, null, SessionState.QUEUED, "created", node, now);
            return id;
        });
    }

    public Optional<Session> find(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM sessions WHERE id = :id")
                .bind("id", id).map(SessionStore::mapSession).findOne());
    }

    /** The newest sessions first. */
    public List<Session> list(int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM sessions ORDER BY id DESC LIMIT :limit")
                .bind("limit", limit).map(SessionStore::mapSession).list());
    }

    /** The unfinished session with this name (names are unique among unfinished sessions). */
    public Optional<Session> findUnfinishedByName(String name) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM sessions WHERE name = :name AND state IN "
                        + "('QUEUED', 'WAITING', 'IN_PROGRESS') ORDER BY id DESC LIMIT 1")
                .bind("name", name).map(SessionStore::mapSession).findOne());
    }

    /** Sessions this node owns and runs. */
    public List<Session> ownedActive(String node) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM sessions WHERE owner_node = :node AND state IN "
                        + ACTIVE + " ORDER BY id")
                .bind("node", node).map(SessionStore::mapSession).list());
    }

    /** Active sessions of any node whose lease ran out: their owner is gone. */
    public List<Session> expiredLeases(Instant now) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM sessions WHERE state IN " + ACTIVE
                        + " AND lease_until < :now ORDER BY id")
                .bind("now", ts(now)).map(SessionStore::mapSession).list());
    }

    /**
     * Moves a session from {@code from} to {@code to} if it is still in {@code from}, recording the
     * transition. Returns false (and changes nothing) if someone else moved it first.
     */
    public boolean transition(long id, SessionState from, SessionState to, String reason, String node, Instant now) {
        if (!from.canMoveTo(to)) {
            throw new IllegalStateException("no transition " + from + " -> " + to);
        }
        return jdbi.inTransaction(h -> {
            String release = to == SessionState.QUEUED
                    ? ", owner_node = NULL, lease_until = NULL, port_base = NULL, multicast_address = NULL, "
                    + "waiting_since = NULL"
                    : to.isFinished() ? ", lease_until = NULL" : "";
            int n = h.createUpdate("UPDATE sessions SET state = :to, state_reason = :reason, updated_at = :now"
                            + release + " WHERE id = :id AND state = :from")
                    .bind("to", to.name()).bind("reason", reason).bind("now", ts(now))
                    .bind("id", id).bind("from", from.name())
                    .execute();
            if (n == 0) {
                return false;
            }
            insertTransition(h, id, from, to, reason, node, now);
            return true;
        });
    }

    /**
     * Claims the oldest due QUEUED session for {@code node}: allocates a port and an address not used by
     * any active session of any node, moves it to WAITING and sets the lease. The allocation lock row
     * serialises claims across nodes; SKIP LOCKED lets a claimant pass over rows another is updating.
     *
     * @param allocator picks (port, address) given the ports and addresses in use; null if none is free
     */
    public Optional<Session> claimNext(String node, Instant now, Duration lease, int maxSessions,
                                       BiFunction<Set<Integer>, Set<String>, Allocation> allocator) {
        return jdbi.inTransaction(h -> {
            h.createQuery("SELECT id FROM allocation_lock WHERE id = 1 FOR UPDATE").mapTo(Integer.class).one();
            int owned = h.createQuery("SELECT COUNT(*) FROM sessions WHERE owner_node = :node AND state IN "
                    + ACTIVE).bind("node", node).mapTo(Integer.class).one();
            if (owned >= maxSessions) {
                return Optional.<Session>empty();
            }
            Optional<Long> candidate = h.createQuery("SELECT id FROM sessions WHERE state = 'QUEUED' AND "
                            + "(start_at IS NULL OR start_at <= :now) ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED")
                    .bind("now", ts(now)).mapTo(Long.class).findOne();
            if (candidate.isEmpty()) {
                return Optional.<Session>empty();
            }
            Set<Integer> ports = new HashSet<>();
            Set<String> addresses = new HashSet<>();
            h.createQuery("SELECT port_base, multicast_address FROM sessions WHERE state IN " + ACTIVE)
                    .map((rs, ctx) -> {
                        ports.add(rs.getInt("port_base"));
                        addresses.add(rs.getString("multicast_address"));
                        return 0;
                    }).list();
            Allocation allocation = allocator.apply(ports, addresses);
            if (allocation == null) {
                return Optional.<Session>empty();
            }
            long id = candidate.get();
            String reason = "claimed by node " + node + ": port " + allocation.portBase() + ", address "
                    + allocation.multicastAddress();
            h.createUpdate("UPDATE sessions SET state = 'WAITING', state_reason = :reason, owner_node = :node, "
                            + "lease_until = :lease, port_base = :port, multicast_address = :address, "
                            + "waiting_since = :now, updated_at = :now WHERE id = :id AND state = 'QUEUED'")
                    .bind("reason", reason).bind("node", node).bind("lease", ts(now.plus(lease)))
                    .bind("port", allocation.portBase()).bind("address", allocation.multicastAddress())
                    .bind("now", ts(now)).bind("id", id)
                    .execute();
            insertTransition(h, id, SessionState.QUEUED, SessionState.WAITING, reason, node, now);
            return h.createQuery("SELECT * FROM sessions WHERE id = :id").bind("id", id)
                    .map(SessionStore::mapSession).findOne();
        });
    }

    /** Extends this node's leases; returns the ids it still owns (a session taken over is missing). */
    public Set<Long> renewLeases(String node, Instant until, Instant now) {
        return jdbi.inTransaction(h -> {
            h.createUpdate("UPDATE sessions SET lease_until = :until WHERE owner_node = :node AND state IN "
                    + ACTIVE).bind("until", ts(until)).bind("node", node).execute();
            return new HashSet<>(h.createQuery("SELECT id FROM sessions WHERE owner_node = :node AND state IN "
                    + ACTIVE).bind("node", node).mapTo(Long.class).list());
        });
    }

    /** Records the pre-flight's verdict; a claim writes it again, so a requeued session gets a fresh one. */
    public void preflight(long id, String status, String detail, Instant now) {
        String d = detail.length() > 4000 ? detail.substring(0, 4000) : detail;
        jdbi.useHandle(h -> h.createUpdate("UPDATE sessions SET preflight_status = :st, preflight_detail = :d, "
                + "updated_at = :now WHERE id = :id").bind("st", status).bind("d", d).bind("now", ts(now))
                .bind("id", id).execute());
    }

    public void requestStart(long id, Instant now) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE sessions SET start_requested = TRUE, updated_at = :now "
                + "WHERE id = :id").bind("now", ts(now)).bind("id", id).execute());
    }

    /** Changes the expected receiver count; only while the session has not started. */
    public boolean updateExpected(long id, int expected, Instant now) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE sessions SET expected_receivers = :n, updated_at = :now "
                        + "WHERE id = :id AND state IN ('QUEUED', 'WAITING')")
                .bind("n", expected).bind("now", ts(now)).bind("id", id).execute()) > 0;
    }

    public void updateProgress(long id, long bytesDone, long bytesTotal, Instant now) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE sessions SET bytes_done = :done, bytes_total = :total, "
                        + "updated_at = :now WHERE id = :id")
                .bind("done", bytesDone).bind("total", bytesTotal).bind("now", ts(now)).bind("id", id).execute());
    }

    public List<Transition> transitions(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM session_transitions WHERE session_id = :id "
                        + "ORDER BY id")
                .bind("id", id)
                .map((rs, ctx) -> new Transition(state(rs.getString("from_state")), state(rs.getString("to_state")),
                        rs.getString("reason"), rs.getString("node"), instant(rs, "at")))
                .list());
    }

    /** Appends a line to the session's log (lines past a bound are dropped: a runaway engine cannot fill the disk). */
    public void log(long id, String message, Instant now) {
        String line = message.length() > 2000 ? message.substring(0, 2000) : message;
        jdbi.useHandle(h -> {
            int lines = h.createQuery("SELECT COUNT(*) FROM session_log WHERE session_id = :id").bind("id", id)
                    .mapTo(Integer.class).one();
            if (lines < MAX_LOG_LINES) {
                h.createUpdate("INSERT INTO session_log (session_id, at, message) VALUES (:id, :at, :m)")
                        .bind("id", id).bind("at", ts(now)).bind("m", line).execute();
            }
        });
    }

    public List<LogEntry> log(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT at, message FROM session_log WHERE session_id = :id "
                        + "ORDER BY id")
                .bind("id", id).map((rs, ctx) -> new LogEntry(instant(rs, "at"), rs.getString("message"))).list());
    }

    /** How many log lines each of these sessions has, in one query: the live view tells viewers when to fetch. */
    public Map<Long, Integer> logLineCounts(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        Map<Long, Integer> counts = new HashMap<>();
        jdbi.useHandle(h -> h.createQuery("SELECT session_id, COUNT(*) AS n FROM session_log WHERE session_id IN "
                        + "(<ids>) GROUP BY session_id")
                .bindList("ids", List.copyOf(ids))
                .map((rs, ctx) -> counts.put(rs.getLong("session_id"), rs.getInt("n"))).list());
        return counts;
    }

    /** Counts per state (for metrics and the dashboard). */
    public Map<SessionState, Integer> countByState() {
        Map<SessionState, Integer> counts = new EnumMap<>(SessionState.class);
        for (SessionState s : SessionState.values()) {
            counts.put(s, 0);
        }
        jdbi.useHandle(h -> h.createQuery("SELECT state, COUNT(*) AS n FROM sessions GROUP BY state")
                .map((rs, ctx) -> counts.put(SessionState.valueOf(rs.getString("state")), rs.getInt("n"))).list());
        return counts;
    }

    private static void insertTransition(Handle h, long id, SessionState from, SessionState to, String reason,
                                         String node, Instant now) {
        h.createUpdate("INSERT INTO session_transitions (session_id, from_state, to_state, reason, node, at) "
                        + "VALUES (:id, :from, :to, :reason, :node, :at)")
                .bind("id", id).bind("from", from == null ? null : from.name()).bind("to", to.name())
                .bind("reason", reason).bind("node", node).bind("at", ts(now))
                .execute();
    }

    static Session mapSession(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Session(rs.getLong("id"), rs.getString("name"), rs.getString("image"),
                rs.getInt("expected_receivers"), Duration.ofSeconds(rs.getInt("max_wait_seconds")),
                Duration.ofSeconds(rs.getInt("part_wait_seconds")), instant(rs, "start_at"), rs.getString("interface_name"), rs.getLong("max_bitrate_bps"),
                Duplex.valueOf(rs.getString("duplex")), rs.getString("fec"),
                SessionState.valueOf(rs.getString("state")), rs.getString("state_reason"), rs.getInt("port_base"),
                rs.getString("multicast_address"),
                rs.getString("owner_node"), instant(rs, "lease_until"), rs.getBoolean("start_requested"),
                instant(rs, "waiting_since"), rs.getLong("bytes_done"), rs.getLong("bytes_total"),
                instant(rs, "created_at"), instant(rs, "updated_at"), rs.getString("preflight_status"),
                rs.getString("preflight_detail"));
    }

    static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static SessionState state(String s) {
        return s == null ? null : SessionState.valueOf(s);
    }
}
