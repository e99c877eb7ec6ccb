package io.jcast.server.store;

import static io.jcast.server.store.SessionStore.instant;
import static io.jcast.server.store.SessionStore.ts;

import io.jcast.server.model.ReceiverPart;
import io.jcast.server.model.ReceiverRecord;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Receivers of sessions: one row per (session, address), fed by check-ins and by the sender, with one row per file
 * of the session each took part in. A receiver refused in a directory session stays REFUSED: neither the sender's
 * view nor its own reports undo that.
 */
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
            h.createUpdate("UPDATE receivers SET state = CASE WHEN exit_code IS NOT NULL "
                            + "OR state = 'REFUSED' THEN state ELSE :state END, "
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
                        + "state = CASE WHEN exit_code IS NOT NULL OR state = 'REFUSED' THEN state ELSE :state END, "
                        + "bytes = CASE WHEN bytes > :bytes THEN bytes ELSE :bytes END, bytes_total = :total, "
                        + "bytes_per_second = :rate, retransmit_requests = CASE WHEN retransmit_requests > :rr "
                        + "THEN retransmit_requests ELSE :rr END, updated_at = :now WHERE id = :id")
                .bind("state", state).bind("bytes", bytes).bind("total", bytesTotal).bind("rate", bytesPerSecond)
                .bind("rr", retransmits).bind("now", ts(now)).bind("id", id)
                .execute());
    }

    /** A receiver's final result (a refused one keeps its state and the reason it was refused). */
    public void finish(long id, String state, int exitCode, String message, long bytes, Instant now) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE receivers SET "
                        + "state = CASE WHEN state = 'REFUSED' THEN state ELSE :state END, exit_code = :code, "
                        + "message = CASE WHEN state = 'REFUSED' THEN message ELSE :m END, "
                        + "bytes = CASE WHEN bytes > :bytes THEN bytes ELSE :bytes END, lagging = FALSE, "
                        + "updated_at = :now WHERE id = :id")
                .bind("state", state).bind("code", exitCode).bind("m", message).bind("bytes", bytes)
                .bind("now", ts(now)).bind("id", id)
                .execute());
    }

    /**
     * The session's file chain took the receiver out (it was refused, or did not come back for a file): its state
     * and why, creating the row for a receiver the sender saw only now. A final result it reported stands, except
     * against a refusal.
     */
    public void chainState(long sessionId, String address, String state, String reason, Instant now) {
        jdbi.useTransaction(h -> {
            long id = idOf(h, sessionId, address)
                    .orElseGet(() -> insert(h, sessionId, address, null, null, state, now));
            h.createUpdate("UPDATE receivers SET state = CASE WHEN exit_code IS NOT NULL AND :state <> 'REFUSED' "
                            + "THEN state ELSE :state END, message = :m, lagging = FALSE, updated_at = :now "
                            + "WHERE id = :id")
                    .bind("state", state).bind("m", reason).bind("now", ts(now)).bind("id", id)
                    .execute();
        });
    }

    /** How file {@code part} (from 1) of the session stands or ended for the receiver at {@code address}. */
    public void recordPart(long sessionId, String address, int part, String file, String result, long bytes,
                           String reason, Instant now) {
        jdbi.useTransaction(h -> {
            long id = idOf(h, sessionId, address)
                    .orElseGet(() -> insert(h, sessionId, address, null, null, result, now));
            // update, else insert: portable between H2 and PostgreSQL, and only this session's runner writes here
            int updated = h.createUpdate("UPDATE receiver_parts SET file_name = :file, result = :result, "
                            + "bytes = :bytes, reason = :reason, updated_at = :now WHERE receiver_id = :id "
                            + "AND part = :part")
                    .bind("file", file).bind("result", result).bind("bytes", bytes).bind("reason", reason)
                    .bind("now", ts(now)).bind("id", id).bind("part", part)
                    .execute();
            if (updated == 0) {
                h.createUpdate("INSERT INTO receiver_parts (receiver_id, part, file_name, result, bytes, reason, "
                                + "updated_at) VALUES (:id, :part, :file, :result, :bytes, :reason, :now)")
                        .bind("id", id).bind("part", part).bind("file", file).bind("result", result)
                        .bind("bytes", bytes).bind("reason", reason).bind("now", ts(now))
                        .execute();
            }
        });
    }

    public Optional<ReceiverRecord> find(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM receivers WHERE id = :id").bind("id", id)
                .map(ReceiverStore::map).findOne().map(r -> withParts(h, List.of(r)).get(0)));
    }

    public Optional<String> keyHash(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT check_in_key_hash FROM receivers WHERE id = :id")
                .bind("id", id).mapTo(String.class).findOne());
    }

    public List<ReceiverRecord> list(long sessionId) {
        return jdbi.withHandle(h -> withParts(h, h.createQuery("SELECT * FROM receivers WHERE session_id = :s "
                        + "ORDER BY id").bind("s", sessionId).map(ReceiverStore::map).list()));
    }

    /** The receivers of several sessions in one query (the live view's), by session id; sessions without any are absent. */
    public Map<Long, List<ReceiverRecord>> listBySession(Collection<Long> sessionIds) {
        if (sessionIds.isEmpty()) {
            return Map.of();
        }
        return jdbi.withHandle(h -> withParts(h, h.createQuery("SELECT * FROM receivers WHERE session_id IN (<ids>) "
                        + "ORDER BY id").bindList("ids", List.copyOf(sessionIds)).map(ReceiverStore::map).list()))
                .stream().collect(Collectors.groupingBy(ReceiverRecord::sessionId));
    }

    /** Receivers of unfinished sessions (for metrics). */
    public int countActive() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM receivers r JOIN sessions s ON "
                + "s.id = r.session_id WHERE s.state IN ('WAITING', 'IN_PROGRESS')").mapTo(Integer.class).one());
    }

    /** The receivers with their files, read in one query. */
    private static List<ReceiverRecord> withParts(Handle h, List<ReceiverRecord> receivers) {
        if (receivers.isEmpty()) {
            return receivers;
        }
        Map<Long, List<ReceiverPart>> parts = new HashMap<>();
        h.createQuery("SELECT * FROM receiver_parts WHERE receiver_id IN (<ids>) ORDER BY receiver_id, part")
                .bindList("ids", receivers.stream().map(ReceiverRecord::id).toList())
                .map((rs, ctx) -> parts.computeIfAbsent(rs.getLong("receiver_id"), k -> new ArrayList<>())
                        .add(new ReceiverPart(rs.getInt("part"), rs.getString("file_name"), rs.getString("result"),
                                rs.getLong("bytes"), rs.getString("reason"), instant(rs, "updated_at"))))
                .list();
        return receivers.stream().map(r -> r.withParts(parts.getOrDefault(r.id(), List.of()))).toList();
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
                exitCode, rs.getString("message"), instant(rs, "joined_at"), instant(rs, "updated_at"), List.of());
    }
}
