package io.jcast.server.session;

import io.jcast.server.store.SettingsStore;
import io.jcast.server.store.TokenStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Who may change things: the admin's password (stored PBKDF2-hashed in the settings) and named bearer tokens
 * (stored SHA-256-hashed, optionally expiring). The web layer reads the credentials from a request; this decides.
 */
public final class AdminAccess {
    private static final String PASSWORD_SETTING = "admin.passwordHash";
    private final SettingsStore settings;
    private final TokenStore tokens;
    private final Clock clock;

    public AdminAccess(SettingsStore settings, TokenStore tokens, Clock clock) {
        this.settings = settings;
        this.tokens = tokens;
        this.clock = clock;
    }

    public boolean hasPassword() {
        return settings.get(PASSWORD_SETTING).isPresent();
    }

    public void setPassword(String password) {
        if (password == null || password.length() < 8) {
            throw new IllegalArgumentException("the admin password must have at least 8 characters");
        }
        settings.put(PASSWORD_SETTING, PasswordHash.hash(password));
    }

    public boolean checkPassword(String password) {
        return password != null && settings.get(PASSWORD_SETTING).map(h -> PasswordHash.verify(password, h))
                .orElse(false);
    }

    /** Creates a named token and returns the secret (shown once; only its hash is kept). */
    public String newToken(String name, Duration lifetime) {
        String secret = PasswordHash.newSecret();
        Instant now = clock.instant();
        tokens.purgeExpired(now);
        tokens.add(name, PasswordHash.sha256(secret), now, lifetime == null ? null : now.plus(lifetime));
        return secret;
    }

    /** The name of the live token with this secret. */
    public Optional<String> tokenName(String secret) {
        return tokens.nameOf(PasswordHash.sha256(secret), clock.instant());
    }
}
