package io.jcast.server.session;

import io.jcast.server.store.SettingsStore;
import java.util.HashMap;
import java.util.Map;

/**
 * The multicast settings: stored values over the defaults; re-read on refresh (another node may edit them).
 * Refresh and update are serialised so that a refresh reading old rows cannot undo an update.
 */
public final class SettingsService {
    private static final String PREFIX = "multicast.";
    private final SettingsStore store;
    private volatile MulticastSettings current;

    public SettingsService(SettingsStore store) {
        this.store = store;
        refresh();
    }

    public MulticastSettings current() {
        return current;
    }

    public synchronized void refresh() {
        Map<String, String> stored = new HashMap<>();
        store.all().forEach((k, v) -> {
            if (k.startsWith(PREFIX)) {
                stored.put(k.substring(PREFIX.length()), v);
            }
        });
        try {
            current = MulticastSettings.fromMap(stored, MulticastSettings.DEFAULTS);
        } catch (IllegalArgumentException e) {
            // A stored value that no longer validates must not take the service down; defaults apply.
            current = MulticastSettings.DEFAULTS;
        }
    }

    /** Validates and stores the given settings (other keys unchanged); returns the result. */
    public synchronized MulticastSettings update(Map<String, String> values) {
        MulticastSettings next;
        try {
            next = MulticastSettings.fromMap(values, current);
        } catch (IllegalArgumentException e) {
            throw SessionError.invalid(e.getMessage());
        }
        next.toMap().forEach((k, v) -> store.put(PREFIX + k, v));
        current = next;
        return next;
    }
}
