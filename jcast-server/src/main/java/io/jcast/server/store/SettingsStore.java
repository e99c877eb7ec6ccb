package io.jcast.server.store;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Named settings (FOG's multicast settings, the admin password hash). */
public final class SettingsStore {
    private final Jdbi jdbi;

    public SettingsStore(Database db) {
        this.jdbi = db.jdbi();
    }

    public Map<String, String> all() {
        Map<String, String> values = new LinkedHashMap<>();
        jdbi.useHandle(h -> h.createQuery("SELECT setting_name, setting_value FROM settings ORDER BY setting_name")
                .map((rs, ctx) -> values.put(rs.getString("setting_name"), rs.getString("setting_value"))).list());
        return values;
    }

    public Optional<String> get(String name) {
        return jdbi.withHandle(h -> h.createQuery("SELECT setting_value FROM settings WHERE setting_name = :n")
                .bind("n", name).mapTo(String.class).findOne());
    }

    public void put(String name, String value) {
        jdbi.useTransaction(h -> {
            int n = h.createUpdate("UPDATE settings SET setting_value = :v WHERE setting_name = :n")
                    .bind("n", name).bind("v", value).execute();
            if (n == 0) {
                h.createUpdate("INSERT INTO settings (setting_name, setting_value) VALUES (:n, :v)")
                        .bind("n", name).bind("v", value).execute();
            }
        });
    }
}
