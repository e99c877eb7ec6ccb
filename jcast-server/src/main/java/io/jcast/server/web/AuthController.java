package io.jcast.server.web;

import io.javalin.http.Context;
import java.util.Map;
import java.util.regex.Pattern;

/** /api/login (password for a token) and /api/tokens (named tokens for scripts and the CLI). */
public final class AuthController {
    private static final Pattern TOKEN_NAME = Pattern.compile("[A-Za-z0-9 ._-]{1,64}");
    private final Auth auth;

    public AuthController(Auth auth) {
        this.auth = auth;
    }

    void login(Context ctx) {
        Login body = Json.body(ctx, Login.class);
        if (!auth.checkPassword(body.password())) {
            throw new ApiException(401, "wrong password");
        }
        ctx.json(Map.of("token", auth.newToken("login from " + ctx.ip())));
    }

    void createToken(Context ctx) {
        TokenRequest body = Json.body(ctx, TokenRequest.class);
        if (body.name() == null || !TOKEN_NAME.matcher(body.name()).matches()) {
            throw new ApiException(400, "name: 1-64 letters, digits, spaces, '.', '_' or '-'");
        }
        ctx.status(201).json(Map.of("name", body.name(), "token", auth.newToken(body.name())));
    }

    record Login(String password) {
    }

    record TokenRequest(String name) {
    }
}
