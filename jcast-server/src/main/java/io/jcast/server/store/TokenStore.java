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

    public void add(String name, String tokenHash, Instant now) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO api_tokens (name, token_hash, created_at) "
                + "VALUES (:n, :h, :now)").bind("n", name).bind("h", tokenHash).bind("now", ts(now)).execute());
    }

    /** The token's name if the hash is known. */
    public Optional<String> nameOf(String tokenHash) {
        return jdbi.withHandle(h -> h.createQuery("SELECT name FROM api_tokens WHERE token_hash = :h")
                .bind("h", tokenHash).mapTo(String.class).findOne());
    }
}
