package io.jcast.diag.doctor;

import io.jcast.diag.ssmping.SsmpingGroups;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;

/**
 * Everything the doctor found, with its two renderings: text for people and JSON for machines. The JSON field
 * names are part of the interface: {@code interface}, {@code group}, {@code checks[]} ({@code id}, {@code status}
 * ok/warn/fail/skipped, {@code detail}, {@code fix}, {@code peer} for peer checks), {@code peers[]},
 * {@code verdict} ({@code cause}, {@code healthy}, {@code text}, {@code fix}) and {@code exit_code}.
 */
public record DoctorReport(String interfaceName, InetAddress group, List<Check> checks, List<PeerReport> peers,
        Verdict verdict) {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public DoctorExitCode exitCode() {
        return switch (verdict.cause()) {
            case HEALTHY -> DoctorExitCode.HEALTHY;
            case CANNOT_CHECK -> DoctorExitCode.CANNOT_CHECK;
            default -> DoctorExitCode.PROBLEMS;
        };
    }

    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("interface", interfaceName);
        root.put("group", SsmpingGroups.text(group));
        ArrayNode cs = root.putArray("checks");
        for (Check c : checks) {
            ObjectNode n = cs.addObject();
            n.put("id", c.id());
            n.put("status", c.status().jsonName());
            n.put("detail", c.detail());
            n.put("fix", c.fix());
            if (c.peer() != null) {
                n.put("peer", c.peer());
            }
        }
        ArrayNode ps = root.putArray("peers");
        for (PeerReport p : peers) {
            ObjectNode n = ps.addObject();
            n.put("host", p.host());
            n.put("address", SsmpingGroups.text(p.address()));
            probe(n.putObject("flood"), p.flood());
            ArrayNode large = n.putArray("large");
            p.large().forEach(l -> probe(large.addObject(), l));
            p.longRun().ifPresent(l -> {
                ObjectNode ln = n.putObject("long");
                probe(ln, l);
                ln.put("pattern", PeerReport.analyse(l).pattern().name().toLowerCase(Locale.ROOT));
                ln.put("bucket_seconds", l.bucketMillis() / 1000.0);
                ArrayNode t = ln.putArray("timeline");
                for (ProbeResult.Bucket b : l.buckets()) {
                    t.addObject().put("sent", b.sent()).put("unicast", b.unicast()).put("multicast", b.multicast());
                }
            });
        }
        ObjectNode v = root.putObject("verdict");
        v.put("cause", verdict.cause().jsonName());
        v.put("healthy", verdict.healthy());
        v.put("text", verdict.text());
        v.put("fix", verdict.fix());
        root.put("exit_code", exitCode().code());
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void probe(ObjectNode n, ProbeResult r) {
        n.put("size", r.size());
        n.put("sent", r.sent());
        stats(n.putObject("unicast"), r.unicast(), r.unicastLoss());
        stats(n.putObject("multicast"), r.multicast(), r.multicastLoss());
        if (!r.sendError().isEmpty()) {
            n.put("error", r.sendError());
        }
    }

    private static void stats(ObjectNode n, ProbeResult.Stats s, double loss) {
        n.put("received", s.received());
        n.put("loss_percent", Math.round(loss * 10) / 10.0);
        if (s.received() > 0) {
            n.putObject("rtt_ms").put("min", s.minMicros() / 1000.0).put("avg", s.avgMicros() / 1000.0)
                    .put("max", s.maxMicros() / 1000.0);
        }
    }

    /** The human form: one line per check (with its fix), then the verdict. */
    public String toText() {
        StringBuilder b = new StringBuilder();
        b.append("jcast doctor: interface ").append(interfaceName == null ? "?" : interfaceName).append(", group ")
                .append(SsmpingGroups.text(group)).append('\n');
        for (Check c : checks) {
            b.append(String.format(Locale.ROOT, "%-7s %-15s %s%n", c.status().jsonName(), c.id(),
                    (c.peer() == null ? "" : c.peer() + ": ") + c.detail()));
            if (!c.fix().isEmpty() && c.status() != CheckStatus.OK) {
                b.append(String.format(Locale.ROOT, "%-7s %-15s fix: %s%n", "", "", c.fix()));
            }
        }
        b.append('\n').append(verdict.healthy() ? "Verdict: healthy: "
                : "Verdict: ").append(verdict.text()).append('\n');
        if (!verdict.fix().isEmpty()) {
            b.append("Fix: ").append(verdict.fix()).append('\n');
        }
        return b.toString();
    }
}
