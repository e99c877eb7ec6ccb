package io.jcast.bench.lab;

import java.util.List;
import java.util.Locale;

/** The markdown table printed at the end of a lab run and written to bench/results. */
final class ResultsTable {
    private ResultsTable() {
    }

    static String markdown(List<Scenario> scenarios, List<Measurement> rows) {
        StringBuilder b = new StringBuilder();
        b.append("| # | scenario | tool | MB/s | data s | end-to-end s | jcast ÷ tool | SHA-256 ok "
                + "| sender RSS MiB | max receiver RSS MiB | sender CPU s | max receiver CPU s | re-sent blocks "
                + "| link ÷ file | tbf drops | rcvbuf drops |\n");
        b.append("|---|---|---|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Scenario s : scenarios) {
            Measurement jcast = rows.stream().filter(m -> m.scenario() == s.number() && m.jcastSender())
                    .findFirst().orElse(null);
            for (Measurement m : rows) {
                if (m.scenario() != s.number()) {
                    continue;
                }
                b.append("| ").append(s.number()).append(" | ").append(s.title()).append(" | ").append(m.label())
                        .append(" | ").append(speed(m))
                        .append(" | ").append(fixed(m.dataSeconds(), 2))
                        .append(" | ").append(fixed(m.endToEndSeconds(), 2))
                        .append(" | ").append(ratio(jcast, m))
                        .append(" | ").append(m.verified()).append('/').append(m.receivers())
                        .append(m.verified() == m.receivers() ? "" : " **MISMATCH**")
                        .append(" | ").append(mebibytes(m.senderPeakRssKiB()))
                        .append(" | ").append(mebibytes(m.receiverPeakRssKiB()))
                        .append(" | ").append(fixed(m.senderCpuSeconds(), 2))
                        .append(" | ").append(fixed(m.receiverCpuSeconds(), 2))
                        .append(" | ").append(m.retransmitted() < 0 ? "n/a" : Long.toString(m.retransmitted()))
                        .append(" | ").append(fixed(m.linkPerFileByte(), 3))
                        .append(" | ").append(m.tbfDrops() < 0 ? "-" : Long.toString(m.tbfDrops()))
                        .append(" | ").append(m.rcvbufDrops() < 0 ? "n/a" : Long.toString(m.rcvbufDrops()))
                        .append(" |\n");
            }
        }
        return b.toString();
    }

    /** jcast's MB/s divided by this row's, on the other rows of the scenario. */
    static String ratio(Measurement jcast, Measurement m) {
        if (jcast == null || m == jcast) {
            return "";
        }
        if (Double.isNaN(jcast.megabytesPerSecond()) || Double.isNaN(m.megabytesPerSecond())) {
            return "n/a";
        }
        return fixed(jcast.megabytesPerSecond() / m.megabytesPerSecond(), 2) + "×";
    }

    /** MB/s; flagged when the data arrived but something else failed, FAILED when it did not arrive. */
    static String speed(Measurement m) {
        double v = m.megabytesPerSecond();
        if (Double.isNaN(v)) {
            return "**FAILED**";
        }
        return fixed(v, 2) + (m.ok() ? "" : " (!)");
    }

    private static String mebibytes(long kib) {
        return kib <= 0 ? "n/a" : Long.toString(Math.round(kib / 1024.0));
    }

    private static String fixed(double v, int digits) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%." + digits + "f", v);
    }

    /** Every failure, one line each, for the loud summary after the table. */
    static String failures(List<Measurement> rows) {
        StringBuilder b = new StringBuilder();
        for (Measurement m : rows) {
            for (String f : m.failures()) {
                b.append("FAILED scenario ").append(m.scenario()).append(' ').append(m.label()).append(": ")
                        .append(f).append('\n');
            }
        }
        return b.toString();
    }
}
