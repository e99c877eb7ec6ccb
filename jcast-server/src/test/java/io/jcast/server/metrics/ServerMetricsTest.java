package io.jcast.server.metrics;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcast.transfer.Counter;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerMetricsTest {
    @Test
    void engineCountsAddUpPerCounter() {
        ServerMetrics metrics = new ServerMetrics();
        metrics.addEngineCounts(Map.of(Counter.INVALID_DATAGRAMS, 3L, Counter.REQACK_TIMEOUTS, 1L));
        metrics.addEngineCounts(Map.of(Counter.INVALID_DATAGRAMS, 2L));
        String text = metrics.scrape();
        assertTrue(text.contains("jcast_engine_events_total{counter=\"invalid_datagrams\",} 5.0"), text);
        assertTrue(text.contains("jcast_engine_events_total{counter=\"reqack_timeouts\",} 1.0"), text);
    }
}
