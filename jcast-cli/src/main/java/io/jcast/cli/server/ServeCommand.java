package io.jcast.cli.server;

import io.jcast.server.JcastServer;
import io.jcast.server.ServerConfig;
import io.jcast.server.session.SenderFactory;
import io.jcast.transfer.ExitCode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jcast serve}: the multicast session manager (web UI, REST API, scheduler). */
@Command(name = "serve", showDefaultValues = true, mixinStandardHelpOptions = true,
        description = {"Run the multicast session manager: web UI, REST API, scheduler.",
            "Embedded database under --data-dir, or PostgreSQL (--db-url) for several nodes on one database."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {" 0:stopped", " 2:bad option", " 3:data directory or password file unusable",
            " 4:cannot listen or reach the database"})
public final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--data-dir",
            description = "Embedded database, generated admin password and default image root.")
    Path dataDir = defaultDataDir();

    @Option(names = "--image-root",
            description = "Images are paths relative to this directory (default: DATA_DIR/images).")
    Path imageRoot;

    @Option(names = "--bind", description = "HTTP listen address; 0.0.0.0 to serve the network.")
    String bind = "127.0.0.1";

    @Option(names = {"-p", "--port"}, description = "HTTP port (0: any free one).")
    int port = 8080;

    @Option(names = "--db-url", description = "PostgreSQL JDBC URL (jdbc:postgresql://host/db) shared by several "
            + "nodes; default: the embedded H2 database.")
    String dbUrl;

    @Option(names = "--db-user", description = "Database user.")
    String dbUser;

    @Option(names = "--db-password-file", description = "File holding the database password.")
    Path dbPasswordFile;

    @Option(names = "--node-id", description = "This node's name in the database; must differ between nodes "
            + "(default: host name).")
    String nodeId;

    @Option(names = "--admin-password-file", description = "Set the admin password from this file; without it a "
            + "random one is generated on the first start and written to DATA_DIR/initial-admin-password.")
    Path adminPasswordFile;

    @Option(names = "--lease", description = "How long a node's claim on a session holds without renewal (seconds).")
    int leaseSeconds = 15;

    @Option(names = "--unicast-slots", description = "Concurrent unicast downloads; more wait in a queue.")
    int unicastSlots = 10;

    private static Path defaultDataDir() {
        String xdg = System.getenv("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local",
                "share");
        return base.resolve("jcast");
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        if (port < 0 || port > 65535 || leaseSeconds < 3 || unicastSlots < 1) {
            err.println("serve: --port must be 0..65535, --lease at least 3, --unicast-slots at least 1");
            return ExitCode.USAGE.code();
        }
        ServerConfig config;
        try {
            String adminPassword = adminPasswordFile == null ? null : Files.readString(adminPasswordFile).strip();
            String dbPassword = dbPasswordFile == null ? null : Files.readString(dbPasswordFile).strip();
            String node = nodeId != null ? nodeId : dbUrl == null ? "local" : InetAddress.getLocalHost().getHostName();
            config = ServerConfig.defaults(dataDir).withBind(bind).withPort(port).withNode(node)
                    .withDatabase(dbUrl, dbUser, dbPassword).withImageRoot(imageRoot).withAdminPassword(adminPassword)
                    .withTiming(Duration.ofMillis(500), Duration.ofSeconds(leaseSeconds))
                    .withUnicastSlots(unicastSlots);
        } catch (IOException e) {
            err.println("serve: " + e.getMessage());
            return ExitCode.IO_ERROR.code();
        }
        JcastServer server;
        try {
            server = JcastServer.start(config, SenderFactory.ENGINE);
        } catch (IOException e) {
            err.println("serve: " + e.getMessage());
            return ExitCode.IO_ERROR.code();
        } catch (IllegalArgumentException e) {
            err.println("serve: " + e.getMessage());
            return ExitCode.USAGE.code();
        } catch (RuntimeException e) {
            err.println("serve: cannot start: " + (e.getMessage() == null ? e : e.getMessage()));
            return ExitCode.NETWORK_ERROR.code();
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "jcast-serve-stop"));
        out.println("jcast serve: " + server.url() + " (node " + config.nodeId() + ", data " + dataDir + ")");
        if (server.initialPassword() != null) {
            out.println("jcast serve: admin password (first start; also in " + dataDir.resolve("initial-admin-password")
                    + "): " + server.initialPassword());
        }
        out.flush();
        stopped.await();
        return ExitCode.OK.code();
    }
}
