package io.jcast.server;

import io.jcast.diag.doctor.LocalSystem;
import io.jcast.server.metrics.ServerMetrics;
import io.jcast.server.session.AdminAccess;
import io.jcast.server.session.CheckInService;
import io.jcast.server.session.ImageRoot;
import io.jcast.server.session.PasswordHash;
import io.jcast.server.session.Preflight;
import io.jcast.server.session.Scheduler;
import io.jcast.server.session.SenderFactory;
import io.jcast.server.session.SessionService;
import io.jcast.server.session.SettingsService;
import io.jcast.server.store.Database;
import io.jcast.server.store.ReceiverStore;
import io.jcast.server.store.SessionStore;
import io.jcast.server.store.SettingsStore;
import io.jcast.server.store.TokenStore;
import io.jcast.server.unicast.DownloadQueue;
import io.jcast.server.web.Auth;
import io.jcast.server.web.AuthController;
import io.jcast.server.web.CheckInController;
import io.jcast.server.web.DiagnosticsController;
import io.jcast.server.web.DownloadController;
import io.jcast.server.web.EventHub;
import io.jcast.server.web.Json;
import io.jcast.server.web.Routes;
import io.jcast.server.web.SessionController;
import io.jcast.server.web.SettingsController;
import io.javalin.Javalin;
import io.javalin.http.HandlerType;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/** {@code jcast serve}: the database, the scheduler and the HTTP service, wired together. */
public final class JcastServer implements AutoCloseable {
    private final Database db;
    private final Scheduler scheduler;
    private final EventHub events;
    private final Javalin app;
    private final String initialPassword;
    private final String bindAddress;
    private final List<String> routes;

    /** What a route may answer; Javalin also reports its before-filters and the like as handlers. */
    private static final Set<HandlerType> HTTP_METHODS = EnumSet.of(HandlerType.GET, HandlerType.POST,
            HandlerType.PUT, HandlerType.PATCH, HandlerType.DELETE);

    private JcastServer(Database db, Scheduler scheduler, EventHub events, Javalin app, String initialPassword,
                        String bindAddress, List<String> routes) {
        this.db = db;
        this.scheduler = scheduler;
        this.events = events;
        this.app = app;
        this.initialPassword = initialPassword;
        this.bindAddress = bindAddress;
        this.routes = List.copyOf(routes);
    }

    /** Opens the database, reconciles what a previous run left, starts the scheduler and the HTTP service. */
    public static JcastServer start(ServerConfig config, SenderFactory senders) throws IOException {
        Files.createDirectories(config.dataDir());
        Clock clock = Clock.systemUTC();
        Database db = config.jdbcUrl() == null
                ? Database.open(Database.h2Url(config.dataDir()), null, null)
                : Database.open(config.jdbcUrl(), config.dbUser(), config.dbPassword());
        try {
            SessionStore sessionStore = new SessionStore(db);
            ReceiverStore receiverStore = new ReceiverStore(db);
            SettingsStore settingsStore = new SettingsStore(db);
            SettingsService settings = new SettingsService(settingsStore);
            ImageRoot images = new ImageRoot(config.effectiveImageRoot());
            ServerMetrics metrics = new ServerMetrics();
            Scheduler scheduler = new Scheduler(sessionStore, receiverStore, settings, images, senders,
                    config.senderDefaults(), metrics, new Preflight(LocalSystem.real())::check, clock, config.nodeId(),
                    config.tick(), config.lease());
            SessionService service = new SessionService(sessionStore, receiverStore, images, settings, scheduler,
                    clock, config.nodeId());
            CheckInService checkIn = new CheckInService(service, receiverStore, images, clock, PasswordHash::sha256,
                    PasswordHash::newSecret);
            AdminAccess access = new AdminAccess(settingsStore, new TokenStore(db), clock);
            String initialPassword = null;
            if (config.adminPassword() != null) {
                access.setPassword(config.adminPassword());
            } else if (!access.hasPassword()) {
                initialPassword = PasswordHash.newSecret().substring(0, 20);
                access.setPassword(initialPassword);
                writeInitialPassword(config.dataDir(), initialPassword);
            }
            DownloadQueue queue = new DownloadQueue(config.unicastSlots(), Duration.ofSeconds(60), clock);
            metrics.bindDownloadQueue(queue::waitingCount, queue::activeCount);
            EventHub events = new EventHub(service, 1000);

            List<String> routes = new CopyOnWriteArrayList<>();
            Javalin app = Javalin.create(c -> {
                c.showJavalinBanner = false;
                c.events(e -> e.handlerAdded(h -> {
                    if (HTTP_METHODS.contains(h.getHttpMethod())) {
                        routes.add(h.getHttpMethod() + " " + h.getPath());
                    }
                }));
                c.jsonMapper(new JavalinJackson(Json.MAPPER, false));
                c.staticFiles.add(files -> {
                    files.directory = "/web";
                    files.location = Location.CLASSPATH;
                    files.headers = Routes.SECURITY_HEADERS;
                });
                c.http.maxRequestSize = 64 * 1024;
            });
            Routes.register(app, new Auth(access), new SessionController(service), new CheckInController(checkIn),
                    new SettingsController(settings), new AuthController(access), events,
                    new DownloadController(queue, images), new DiagnosticsController(LocalSystem.real()), metrics);
            // Listen first: a node that cannot serve must not claim sessions.
            try {
                app.start(config.bindAddress(), config.port());
            } catch (RuntimeException e) {
                app.stop();
                events.close();
                throw e;
            }
            scheduler.start();
            return new JcastServer(db, scheduler, events, app, initialPassword, config.bindAddress(), routes);
        } catch (RuntimeException | IOException e) {
            db.close();
            throw e;
        }
    }

    private static void writeInitialPassword(Path dataDir, String password) throws IOException {
        Path file = dataDir.resolve("initial-admin-password");
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, password + "\n");
    }

    /** Every HTTP route served, as "METHOD /path" in the order registered: what openapi.yaml describes. */
    public List<String> routes() {
        return routes;
    }

    public int port() {
        return app.port();
    }

    public String url() {
        String host = bindAddress.contains(":") ? "[" + bindAddress + "]" : bindAddress;
        if (host.equals("0.0.0.0")) {
            host = "127.0.0.1";
        }
        return "http://" + host + ":" + port() + "/";
    }

    /** The admin password generated on the first start (null if one was set or already stored). */
    public String initialPassword() {
        return initialPassword;
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    public Database database() {
        return db;
    }

    /** Graceful stop: HTTP first, then the scheduler (waiting sessions requeued, running ones failed). */
    @Override
    public void close() {
        app.stop();
        events.close();
        scheduler.close();
        db.close();
    }

    /** Plays a crash (tests): the node stops without writing anything more; its leases lapse. */
    public void crash() {
        app.stop();
        events.close();
        scheduler.halt();
        db.close();
    }
}
