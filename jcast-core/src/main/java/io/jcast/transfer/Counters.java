package io.jcast.transfer;

import java.util.EnumMap;
import java.util.Map;

/** One engine's counters: a slot per {@link Counter}, bumped on the engine's thread without allocation. */
public final class Counters {
    private final long[] values = new long[Counter.values().length];

    public void add(Counter c) {
        values[c.ordinal()]++;
    }

    public long get(Counter c) {
        return values[c.ordinal()];
    }

    /** The non-zero counts, for a result. */
    public Map<Counter, Long> snapshot() {
        Map<Counter, Long> m = new EnumMap<>(Counter.class);
        for (Counter c : Counter.values()) {
            if (values[c.ordinal()] != 0) {
                m.put(c, values[c.ordinal()]);
            }
        }
        return m;
    }
}
