package io.jcast.server.metrics;

import io.jcast.server.model.SessionState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/** The Prometheus metrics: sessions by state, receivers, bytes, retransmissions, engine counts, unicast queue. */
public final class ServerMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<SessionState, AtomicInteger> sessions = new EnumMap<>(SessionState.class);
    private final AtomicInteger receivers = new AtomicInteger();
    private final Counter bytes;
    private final Counter retransmits;

    public ServerMetrics() {
        for (SessionState s : SessionState.values()) {
            AtomicInteger n = new AtomicInteger();
            sessions.put(s, n);
            Gauge.builder("jcast.sessions", n, AtomicInteger::get).description("Sessions by state")
                    .tag("state", s.name().toLowerCase()).register(registry);
        }
        Gauge.builder("jcast.receivers.active", receivers, AtomicInteger::get)
                .description("Receivers of waiting and running sessions").register(registry);
        bytes = Counter.builder("jcast.sent.bytes").description("Bytes acknowledged by all receivers")
                .register(registry);
        retransmits = Counter.builder("jcast.retransmitted.blocks").description("Blocks sent again")
                .register(registry);
    }

    public void sessionCounts(Map<SessionState, Integer> counts) {
        counts.forEach((state, n) -> sessions.get(state).set(n));
    }

    public void activeReceivers(int n) {
        receivers.set(n);
    }

    public void addBytes(long n) {
        if (n > 0) {
            bytes.increment(n);
        }
    }

    public void addRetransmittedBlocks(long n) {
        if (n > 0) {
            retransmits.increment(n);
        }
    }

    /** A finished transfer's engine counts, as {@code jcast.engine.events{counter=...}}. */
    public void addEngineCounts(Map<io.jcast.transfer.Counter, Long> counts) {
        counts.forEach((c, n) -> Counter.builder("jcast.engine.events").description("What the sender engines counted")
                .tag("counter", c.name().toLowerCase()).register(registry).increment(n));
    }

    /** Receivers of ended sessions by how they ended (done, dropped, disconnected, failed, never_connected, ...). */
    public void addReceiverResults(String result, int n) {
        if (n > 0) {
            Counter.builder("jcast.receivers.ended").description("Receivers of ended sessions, by result")
                    .tag("result", result).register(registry).increment(n);
        }
    }

    /** Unicast download queue: requests waiting and slots in use. */
    public void bindDownloadQueue(IntSupplier waiting, IntSupplier slotsInUse) {
        Gauge.builder("jcast.unicast.queue.length", waiting::getAsInt).description("Downloads waiting for a slot")
                .register(registry);
        Gauge.builder("jcast.unicast.slots.used", slotsInUse::getAsInt).description("Downloads running")
                .register(registry);
    }

    /** The Prometheus text exposition. */
    public String scrape() {
        return registry.scrape();
    }
}
