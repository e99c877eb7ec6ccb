package io.jcast.server;

import io.jcast.server.session.FakeSenders;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * A service process for the crash and multi-node tests, with a scripted sender that holds transfers
 * mid-way (so a session is "in progress" when the test kills this process with SIGKILL).
 * Arguments: data directory, image root, admin password [, PostgreSQL JDBC URL, node id].
 * Prints {@code URL <url>} once it serves.
 */
public final class ServiceChild {
    private ServiceChild() {
    }

    public static void main(String[] args) throws Exception {
        ServerConfig config = ServerConfig.defaults(Path.of(args[0])).withPort(0).withImageRoot(Path.of(args[1]))
                .withAdminPassword(args[2]).withTiming(Duration.ofMillis(100), Duration.ofSeconds(2));
        if (args.length == 5) {
            config = config.withDatabase(args[3], null, null).withNode(args[4]);
        }
        JcastServer server = JcastServer.start(config, new FakeSenders("127.0.0.2").holding());
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        System.out.println("URL " + server.url());
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
