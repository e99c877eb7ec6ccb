package io.jcast.bench.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ResultsTableTest {
    private static Measurement row(String label, boolean jcast, double seconds, int verified, List<String> failures) {
        return new Measurement(1, label, jcast, 120_000_000L, seconds, seconds + 1, verified, 8, failures,
                50 * 1024, 60 * 1024, 1.5, 0.5, 12, 124_800_000L, 0, 3);
    }

    @Test
    void shouldGiveJcastsRatioToEveryOtherTool() {
        Measurement jcast = row("jcast", true, 10, 8, List.of());
        Measurement udpcast = row("udpcast", false, 12, 8, List.of());
        String table = ResultsTable.markdown(List.of(Scenario.byNumber(1)), List.of(jcast, udpcast));
        assertTrue(table.contains("| jcast | 12.00 | 10.00 | 11.00 |  | 8/8 |"), table);
        assertTrue(table.contains("| udpcast | 10.00 | 12.00 | 13.00 | 1.20× | 8/8 |"), table);
        assertTrue(table.contains("| 12 | 1.040 | 0 | 3 |"), "link bytes per file byte: " + table);
    }

    @Test
    void shouldMarkAFailedOrUnverifiedRunLoudlyAndGiveNoRatio() {
        Measurement jcast = row("jcast", true, 10, 7, List.of("h3: SHA-256 MISMATCH"));
        Measurement uftp = row("uftp", false, 12, 8, List.of());
        String table = ResultsTable.markdown(List.of(Scenario.byNumber(1)), List.of(jcast, uftp));
        assertTrue(table.contains("| jcast | **FAILED** |"), table);
        assertTrue(table.contains("7/8 **MISMATCH**"), table);
        assertTrue(table.contains("| n/a | 8/8 |"), table);

        Measurement flagged = row("jcast", true, 10, 8, List.of("sender exit code 7 (RECEIVERS_DROPPED)"));
        assertEquals("12.00 (!)", ResultsTable.speed(flagged));
        assertEquals("FAILED scenario 1 jcast: h3: SHA-256 MISMATCH\n", ResultsTable.failures(List.of(jcast, uftp)));
    }

    @Test
    void shouldNameUftpClientsByTheirAddress() {
        assertEquals("0x0a0d0002", PairingRun.uftpId(1));
        assertEquals("0x0a0d0009", PairingRun.uftpId(8));
    }
}
