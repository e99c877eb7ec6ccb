package io.jcast.server.web;

import io.jcast.server.session.AdminAccess;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

/** /api/login (password for a token) and /api/tokens (named tokens for scripts and the CLI). */
public final class AuthController {
    /** A browser login lasts a working day; scripts use named tokens, which do not expire. */
    static final Duration LOGIN_LIFETIME = Duration.ofHours(12);
    private static final Pattern TOKEN_NAME = Pattern.compile("[A-Za-z0-9 ._-]{1,64}");
    private final AdminAccess access;

    public AuthController(AdminAccess access) {
        this.access = access;
    }

    void login(Context ctx) {
        Login body = Json.body(ctx, Login.class);
        if (!access.checkPassword(body.password())) {
            throw new ApiException(401, "wrong password");
        }
        ctx.json(Map.of("token", access.newToken("login from " + ctx.ip(), LOGIN_LIFETIME),
                "expiresInSeconds", LOGIN_LIFETIME.toSeconds()));
    }

    void createToken(Context ctx) {
        TokenRequest body = Json.body(ctx, TokenRequest.class);
        if (body.name() == null || !TOKEN_NAME.matcher(body.name()).matches()) {
            throw new ApiException(400, "name: 1-64 letters, digits, spaces, '.', '_' or '-'");
        }
        ctx.status(201).json(Map.of("name", body.name(), "token", access.newToken(body.name(), null)));
    }

    record Login(String password) {
    }

    record TokenRequest(String name) {
    }
}
