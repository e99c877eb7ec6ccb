package io.jcast.server.store;

import static io.jcast.server.store.SessionStore.ts;

import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** API bearer tokens, stored as SHA-256 hashes only. */
public final class TokenStore {
    private final Jdbi jdbi;

    public TokenStore(Database db) {
        this.jdbi = db.jdbi();
    }

    /** Stores a token hash; {@code expiresAt} null for a token that does not expire. */
    public void add(String name, String tokenHash, Instant now, Instant expiresAt) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO api_tokens (name, token_hash, created_at, expires_at) "
                        + "VALUES (:n, :h, :now, :exp)")
                .bind("n", name).bind("h", tokenHash).bind("now", ts(now)).bind("exp", ts(expiresAt)).execute());
    }

    /** The token's name if the hash is known and the token has not expired. */
    public Optional<String> nameOf(String tokenHash, Instant now) {
        return jdbi.withHandle(h -> h.createQuery("SELECT name FROM api_tokens WHERE token_hash = :h "
                        + "AND (expires_at IS NULL OR expires_at > :now)")
                .bind("h", tokenHash).bind("now", ts(now)).mapTo(String.class).findOne());
    }

    /** Forgets expired tokens. */
    public int purgeExpired(Instant now) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM api_tokens WHERE expires_at <= :now")
                .bind("now", ts(now)).execute());
    }
}
