package io.jcast.server.web;

import io.javalin.Javalin;
import io.jcast.server.metrics.ServerMetrics;
import io.jcast.server.session.SessionError;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every route of the service, in one place. Reads are open; changes go through {@link Auth#require}. */
public final class Routes {
    private static final Logger LOG = LoggerFactory.getLogger(Routes.class);

    /** Sent with every answer: no sniffing, no framing, scripts and connections from this origin only. */
    public static final Map<String, String> SECURITY_HEADERS = Map.of(
            "X-Content-Type-Options", "nosniff",
            "X-Frame-Options", "DENY",
            "Referrer-Policy", "no-referrer",
            "Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'; form-action 'self'");

    private Routes() {
    }

    public static void register(Javalin app, Auth auth, SessionController sessions, CheckInController checkIn,
                                SettingsController settings, AuthController login, EventHub events,
                                DownloadController downloads, DiagnosticsController diagnostics,
                                ServerMetrics metrics) {
        app.before(ctx -> SECURITY_HEADERS.forEach(ctx::header));
        String openapi = resource("/openapi.yaml");
        app.get("/api/openapi.yaml", ctx -> ctx.contentType("application/yaml").result(openapi));

        app.get("/api/sessions", sessions::list);
        app.post("/api/sessions", auth.require(sessions::create));
        app.get("/api/sessions/{id}", sessions::get);
        app.patch("/api/sessions/{id}", auth.require(sessions::update));
        app.get("/api/sessions/{id}/log", sessions::log);
        app.post("/api/sessions/{id}/start", auth.require(sessions::startNow));
        app.post("/api/sessions/{id}/cancel", auth.require(sessions::cancel));

        // Receivers are unattended clients: they register by session name and get a per-receiver key.
        app.post("/api/checkin", checkIn::register);
        app.get("/api/checkin/{id}", checkIn::parameters);
        app.post("/api/checkin/{id}/progress", checkIn::progress);
        app.post("/api/checkin/{id}/result", checkIn::result);

        app.get("/api/settings", settings::get);
        app.put("/api/settings", auth.require(settings::update));

        app.post("/api/login", login::login);
        app.post("/api/tokens", auth.require(login::createToken));

        app.sse("/api/events", events::connect);

        app.post("/api/diagnostics", auth.require(diagnostics::run));

        app.post("/api/downloads", downloads::enqueue);
        app.get("/api/downloads/{ticket}", downloads::status);
        app.get("/api/downloads/{ticket}/data", downloads::data);
        app.delete("/api/downloads/{ticket}", downloads::release);

        app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                .result(metrics.scrape()));

        app.exception(ApiException.class, (e, ctx) -> ctx.status(e.status()).json(Map.of("error", e.getMessage())));
        app.exception(SessionError.class, (e, ctx) -> ctx.status(switch (e.kind()) {
            case INVALID -> 400;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case FORBIDDEN -> 403;
        }).json(Map.of("error", e.getMessage())));
        app.exception(Exception.class, (e, ctx) -> {
            LOG.error("internal error on {} {}", ctx.method(), ctx.path(), e);
            ctx.status(500).json(Map.of("error", "internal error: " + e.getClass().getSimpleName()));
        });
        app.error(404, ctx -> {
            if (ctx.path().startsWith("/api/") && ctx.result() == null) {
                ctx.json(Map.of("error", "no such endpoint: " + ctx.method() + " " + ctx.path()));
            }
        });
    }

    private static String resource(String name) {
        try (InputStream in = Routes.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
