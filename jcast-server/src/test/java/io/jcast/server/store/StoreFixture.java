package io.jcast.server.store;

import java.nio.file.Files;
import java.nio.file.Path;

/** The two databases every DAO test runs against. */
public enum StoreFixture {
    H2, POSTGRES;

    public Database open() throws Exception {
        if (this == H2) {
            Path dir = Files.createTempDirectory("jcast-h2");
            return Database.open(Database.h2Url(dir), null, null);
        }
        return Database.open(TestPostgres.newDatabase(), null, null);
    }
}
