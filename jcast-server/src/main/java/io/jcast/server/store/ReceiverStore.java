package io.jcast.server.store;

import static io.jcast.server.store.SessionStore.instant;
import static io.jcast.server.store.SessionStore.ts;

import io.jcast.server.session.ReceiverRecord;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** Receivers of sessions: one row per (session, address), fed by check-ins and by the sender. */
public final class ReceiverStore {
    private final Jdbi jdbi;

    public ReceiverStore(Database db) {
        this.jdbi = db.jdbi();
    }

    /** Registers (or re-registers) a receiver that checked in; returns its id. */
    public long checkIn(long sessionId, String address, String host, String keyHash, Instant now) {
        return jdbi.inTransaction(h -> {
            Optional<Long> existing = idOf(h, sessionId, address);
            if (existing.isPresent()) {
                h.createUpdate("UPDATE receivers SET host = :host, check_in_key_hash = :key, updated_at = :now "
                                + "WHERE id = :id")
                        .bind("host", host).bind("key", keyHash).bind("now", ts(now)).bind("id", existing.get())
                        .execute();
                return existing.get();
            }
            return insert(h, sessionId, address, host, keyHash, "CHECKED_IN", now);
        });
    }

    /** What the sender sees of a receiver; creates the row for receivers that did not check in. */
    public void senderView(long sessionId, String address, String state, long bytesAcknowledged, long bytesTotal,
                           double bytesPerSecond, long retransmitRequests, boolean lagging, String reason,
                           Instant now) {
        jdbi.useTransaction(h -> {
            long id = idOf(h, sessionId, address)
                    .orElseGet(() -> insert(h, sessionId, address, null, null, state, now));
            // A receiver's own final report (exit code set) is the last word on its state.
            h.createUpdate("UPDATE receivers SET state = CASE WHEN exit_code IS NOT NULL THEN state ELSE :state END, "
                            + "bytes = CASE WHEN bytes > :bytes THEN bytes ELSE :bytes END, "
                            + "bytes_total = :total, retransmit_requests = :rr, lagging = :lagging, "
                            // a receiver that checked in reports its own rate; the sender's estimate is for the rest
                            + "bytes_per_second = CASE WHEN check_in_key_hash IS NULL THEN :rate "
                            + "ELSE bytes_per_second END, "
                            + "message = COALESCE(:reason, message), updated_at = :now WHERE id = :id")
                    .bind("state", state).bind("bytes", bytesAcknowledged).bind("total", bytesTotal)
                    .bind("rate", bytesPerSecond).bind("rr", retransmitRequests)
                    .bind("lagging", lagging).bind("reason", reason == null || reason.isEmpty() ? null : reason)
                    .bind("now", ts(now)).bind("id", id)
                    .execute();
        });
    }

    /** A receiver's own progress report. */
    public void report(long id, String state, long bytes, long bytesTotal, double bytesPerSecond, long retransmits,
                       Instant now) {
        // Reports travel asynchronously: one arriving after the final result must not undo it.
        jdbi.useHandle(h -> h.createUpdate("UPDATE receivers SET "
                        + "state = CASE WHEN exit_code IS NOT NULL THEN state ELSE :state END, "
                        + "bytes = CASE WHEN bytes > :bytes THEN bytes ELSE :bytes END, bytes_total = :total, "
                        + "bytes_per_second = :rate, retransmit_requests = CASE WHEN retransmit_requests > :rr "
                        + "THEN retransmit_requests ELSE :rr END, updated_at = :now WHERE id = :id")
                .bind("state", state).bind("bytes", bytes).bind("total", bytesTotal).bind("rate", bytesPerSecond)
                .bind("rr", retransmits).bind("now", ts(now)).bind("id", id)
                .execute());
    }

    /** A receiver's final result. */
    public void finish(long id, String state, int exitCode, String message, long bytes, Instant now) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE receivers SET state = :state, exit_code = :code, message = :m, "
                        + "bytes = CASE WHEN bytes > :bytes THEN bytes ELSE :bytes END, lagging = FALSE, "
                        + "updated_at = :now WHERE id = :id")
                .bind("state", state).bind("code", exitCode).bind("m", message).bind("bytes", bytes)
                .bind("now", ts(now)).bind("id", id)
                .execute());
    }

    public Optional<ReceiverRecord> find(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM receivers WHERE id = :id").bind("id", id)
                .map(ReceiverStore::map).findOne());
    }

    public Optional<String> keyHash(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT check_in_key_hash FROM receivers WHERE id = :id")
                .bind("id", id).mapTo(String.class).findOne());
    }

    public List<ReceiverRecord> list(long sessionId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM receivers WHERE session_id = :s ORDER BY id")
                .bind("s", sessionId).map(ReceiverStore::map).list());
    }

    /** The receivers of several sessions in one query (the live view's), by session id; sessions without any are absent. */
    public Map<Long, List<ReceiverRecord>> listBySession(Collection<Long> sessionIds) {
        if (sessionIds.isEmpty()) {
            return Map.of();
        }
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM receivers WHERE session_id IN (<ids>) ORDER BY id")
                .bindList("ids", List.copyOf(sessionIds)).map(ReceiverStore::map).list())
                .stream().collect(Collectors.groupingBy(ReceiverRecord::sessionId));
    }

    /** Receivers of unfinished sessions (for metrics). */
    public int countActive() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM receivers r JOIN sessions s ON "
                + "s.id = r.session_id WHERE s.state IN ('WAITING', 'IN_PROGRESS')").mapTo(Integer.class).one());
    }

    private static Optional<Long> idOf(Handle h, long sessionId, String address) {
        return h.createQuery("SELECT id FROM receivers WHERE session_id = :s AND address = :a")
                .bind("s", sessionId).bind("a", address).mapTo(Long.class).findOne();
    }

    private static long insert(Handle h, long sessionId, String address, String host, String keyHash, String state,
                               Instant now) {
        return h.createUpdate("INSERT INTO receivers (session_id, address, host, check_in_key_hash, state, bytes, "
                        + "bytes_total, bytes_per_second, retransmit_requests, lagging, joined_at, updated_at) "
                        + "VALUES (:s, :a, :host, :key, :state, 0, 0, 0, 0, FALSE, :now, :now)")
                .bind("s", sessionId).bind("a", address).bind("host", host).bind("key", keyHash)
                .bind("state", state).bind("now", ts(now))
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
    }

    private static ReceiverRecord map(ResultSet rs, StatementContext ctx) throws SQLException {
        int code = rs.getInt("exit_code");
        Integer exitCode = rs.wasNull() ? null : code;
        return new ReceiverRecord(rs.getLong("id"), rs.getLong("session_id"), rs.getString("address"),
                rs.getString("host"), rs.getString("state"), rs.getLong("bytes"), rs.getLong("bytes_total"),
                rs.getDouble("bytes_per_second"), rs.getLong("retransmit_requests"), rs.getBoolean("lagging"),
                exitCode, rs.getString("message"), instant(rs, "joined_at"), instant(rs, "updated_at"));
    }
}
