package io.jcast.server.web;

import io.jcast.server.store.SettingsStore;
import io.jcast.server.store.TokenStore;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * Who may change things: the admin (password, stored PBKDF2-hashed) via HTTP Basic, or a bearer
 * token (stored SHA-256-hashed). Reading is open; every mutating route is wrapped in {@link #require}.
 */
public final class Auth {
    static final String PASSWORD_SETTING = "admin.passwordHash";
    private final SettingsStore settings;
    private final TokenStore tokens;
    private final Clock clock;

    public Auth(SettingsStore settings, TokenStore tokens, Clock clock) {
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
        java.time.Instant now = clock.instant();
        tokens.purgeExpired(now);
        tokens.add(name, PasswordHash.sha256(secret), now, lifetime == null ? null : now.plus(lifetime));
        return secret;
    }

    /** The caller's identity if the request is authenticated. */
    public Optional<String> caller(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null) {
            return Optional.empty();
        }
        if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String secret = header.substring(7).trim();
            return tokens.nameOf(PasswordHash.sha256(secret), clock.instant()).map(n -> "token " + n);
        }
        if (header.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()),
                        StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                if (colon > 0 && decoded.substring(0, colon).equals("admin")
                        && checkPassword(decoded.substring(colon + 1))) {
                    return Optional.of("admin");
                }
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** Wraps a mutating handler: 401 with a JSON error unless the caller is authenticated. */
    public Handler require(Handler handler) {
        return ctx -> {
            Optional<String> who = caller(ctx);
            if (who.isEmpty()) {
                throw new ApiException(401, "authentication required: send 'Authorization: Bearer <token>' "
                        + "(POST /api/login gives one) or HTTP Basic admin:<password>");
            }
            ctx.attribute("caller", who.get());
            handler.handle(ctx);
        };
    }

    static String callerOf(Context ctx) {
        String who = ctx.attribute("caller");
        return who == null ? "anonymous" : who;
    }
}
