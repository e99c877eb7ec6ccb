package io.jcast.server.web;

import io.jcast.diag.doctor.Doctor;
import io.jcast.diag.doctor.DoctorInputException;
import io.jcast.diag.doctor.DoctorReport;
import io.jcast.diag.doctor.LocalSystem;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * /api/diagnostics: runs {@code jcast doctor}'s checks on this node (and probes peers running ssmpingd)
 * and answers its JSON report. One run at a time; it sends probe traffic, so it needs authentication.
 */
public final class DiagnosticsController {
    private static final Pattern INTERFACE = Pattern.compile("[A-Za-z0-9._:-]{1,32}");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.:-]{1,253}");
    private static final int MAX_PEERS = 8;
    private static final int PROBE_COUNT = 50;
    private static final int PROBE_RATE = 50;
    private static final int SSMPING_PORT = 4321;
    private static final Duration QUERIER_WAIT = Duration.ofSeconds(2);

    private final LocalSystem system;
    private final AtomicBoolean running = new AtomicBoolean();

    public DiagnosticsController(LocalSystem system) {
        this.system = system;
    }

    void run(Context ctx) {
        Request req = Json.body(ctx, Request.class);
        String iface = req.interfaceName() == null || req.interfaceName().isBlank() ? null : req.interfaceName().trim();
        if (iface != null && !INTERFACE.matcher(iface).matches()) {
            throw new ApiException(400, "interface: letters, digits and ._:- only, at most 32");
        }
        List<String> peers = req.peers() == null ? List.of() : req.peers().stream().map(String::trim)
                .filter(p -> !p.isEmpty()).toList();
        if (peers.size() > MAX_PEERS) {
            throw new ApiException(400, "at most " + MAX_PEERS + " peers");
        }
        for (String p : peers) {
            if (!HOST.matcher(p).matches()) {
                throw new ApiException(400, "peer '" + p + "' is not a host name or address");
            }
        }
        if (!running.compareAndSet(false, true)) {
            throw new ApiException(409, "diagnostics are already running; try again when they finish");
        }
        try {
            DoctorReport report = new Doctor(system, line -> { }).run(new Doctor.Options(iface, peers, null,
                    SSMPING_PORT, PROBE_COUNT, PROBE_RATE, false, Duration.ZERO, QUERIER_WAIT));
            ctx.contentType("application/json").result(report.toJson());
        } catch (DoctorInputException e) {
            throw new ApiException(400, e.getMessage());
        } finally {
            running.set(false);
        }
    }

    /** @param peers hosts running {@code jcast ssmpingd} (or Debian's ssmpingd) to probe */
    record Request(String interfaceName, List<String> peers) {
    }
}
