package io.jcast.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;

/**
 * The service's database: an embedded H2 file under the data directory, or PostgreSQL (several
 * nodes sharing one database). The schema is brought up to date by Flyway on open.
 */
public final class Database implements AutoCloseable {
    private final HikariDataSource dataSource;
    private final Jdbi jdbi;

    private Database(HikariDataSource dataSource) {
        this.dataSource = dataSource;
        this.jdbi = Jdbi.create(dataSource);
    }

    /** The embedded H2 database file {@code jcast.mv.db} under {@code dataDir}. */
    public static String h2Url(Path dataDir) {
        // async: file access that a thread interrupt cannot close (H2's default closes the database then).
        // WRITE_DELAY=0: a commit is on disk before it returns, so kill -9 loses no session record.
        // DB_CLOSE_ON_EXIT=FALSE: on SIGTERM the service's own shutdown still needs the database.
        return "jdbc:h2:async:" + dataDir.toAbsolutePath().resolve("jcast") + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
    }

    /** Opens a pool on {@code jdbcUrl} (H2 or PostgreSQL) and migrates the schema. */
    public static Database open(String jdbcUrl, String user, String password) {
        if (!jdbcUrl.startsWith("jdbc:h2:") && !jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("unsupported database URL (jdbc:h2: or jdbc:postgresql: expected): "
                    + jdbcUrl);
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        if (user != null) {
            config.setUsername(user);
        }
        if (password != null) {
            config.setPassword(password);
        }
        config.setMaximumPoolSize(8);
        config.setPoolName("jcast-db");
        config.setConnectionTimeout(10_000);
        HikariDataSource ds = new HikariDataSource(config);
        try {
            // Flyway logs through SLF4J like the rest of the service (its default would be java.util.logging).
            Flyway.configure().loggers("slf4j").dataSource(ds).locations("classpath:db/migration").load().migrate();
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
        return new Database(ds);
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
