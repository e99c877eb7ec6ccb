package io.jcast.server.web;

import io.jcast.server.session.AdminAccess;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Reads who is asking from a request (HTTP Basic admin:password, or a bearer token) and lets {@link AdminAccess}
 * decide. Reading is open; every mutating route is wrapped in {@link #require}.
 */
public final class Auth {
    private final AdminAccess access;

    public Auth(AdminAccess access) {
        this.access = access;
    }

    /** The caller's identity if the request is authenticated. */
    public Optional<String> caller(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null) {
            return Optional.empty();
        }
        if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String secret = header.substring(7).trim();
            return access.tokenName(secret).map(n -> "token " + n);
        }
        if (header.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()),
                        StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                if (colon > 0 && decoded.substring(0, colon).equals("admin")
                        && access.checkPassword(decoded.substring(colon + 1))) {
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
