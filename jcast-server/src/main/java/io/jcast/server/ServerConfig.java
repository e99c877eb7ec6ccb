package io.jcast.server;

import io.jcast.transfer.SenderConfig;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How to run the service.
 *
 * @param dataDir        home of the embedded database and the default image root
 * @param jdbcUrl        PostgreSQL URL for several nodes sharing one database; null for embedded H2
 * @param bindAddress    HTTP listen address (127.0.0.1 unless told otherwise)
 * @param port           HTTP port (0: any free one)
 * @param imageRoot      images are paths relative to this; null: dataDir/images
 * @param nodeId         this node's name in the database; must differ between nodes
 * @param adminPassword  sets the admin password at start; null keeps the stored one (or creates one)
 * @param tick           scheduler period
 * @param lease          how long a node's claim holds without renewal
 * @param unicastSlots   concurrent unicast downloads
 * @param senderDefaults template for every sender (TTL, local address...)
 */
public record ServerConfig(Path dataDir, String jdbcUrl, String dbUser, String dbPassword, String bindAddress,
                           int port, Path imageRoot, String nodeId, String adminPassword, Duration tick,
                           Duration lease, int unicastSlots, SenderConfig senderDefaults) {

    public static ServerConfig defaults(Path dataDir) {
        return new ServerConfig(dataDir, null, null, null, "127.0.0.1", 8080, null, "local", null,
                Duration.ofMillis(500), Duration.ofSeconds(15), 10, SenderConfig.builder().build());
    }

    public Path effectiveImageRoot() {
        return imageRoot != null ? imageRoot : dataDir.resolve("images");
    }

    public ServerConfig withPort(int p) {
        return new ServerConfig(dataDir, jdbcUrl, dbUser, dbPassword, bindAddress, p, imageRoot, nodeId,
                adminPassword, tick, lease, unicastSlots, senderDefaults);
    }

    public ServerConfig withDatabase(String url, String user, String password) {
        return new ServerConfig(dataDir, url, user, password, bindAddress, port, imageRoot, nodeId, adminPassword,
                tick, lease, unicastSlots, senderDefaults);
    }

    public ServerConfig withImageRoot(Path p) {
        return new ServerConfig(dataDir, jdbcUrl, dbUser, dbPassword, bindAddress, port, p, nodeId, adminPassword,
                tick, lease, unicastSlots, senderDefaults);
    }

    public ServerConfig withNode(String id) {
        return new ServerConfig(dataDir, jdbcUrl, dbUser, dbPassword, bindAddress, port, imageRoot, id,
                adminPassword, tick, lease, unicastSlots, senderDefaults);
    }

    public ServerConfig withAdminPassword(String pw) {
        return new ServerConfig(dataDir, jdbcUrl, dbUser, dbPassword, bindAddress, port, imageRoot, nodeId, pw, tick,
                lease, unicastSlots, senderDefaults);
    }

    public ServerConfig withTiming(Duration t, Duration l) {
        return new ServerConfig(dataDir, jdbcUrl, dbUser, dbPassword, bindAddress, port, imageRoot, nodeId,
                adminPassword, t, l, unicastSlots, senderDefaults);
    }

    public ServerConfig withBind(String address) {
        return new ServerConfig(dataDir, jdbcUrl, dbUser, dbPassword, address, port, imageRoot, nodeId,
                adminPassword, tick, lease, unicastSlots, senderDefaults);
    }

    public ServerConfig withUnicastSlots(int n) {
        return new ServerConfig(dataDir, jdbcUrl, dbUser, dbPassword, bindAddress, port, imageRoot, nodeId,
                adminPassword, tick, lease, n, senderDefaults);
    }
}
