package io.jcast.server.web;

import io.jcast.server.model.Session;
import java.time.Instant;
import java.util.Locale;

/** A session as the API shows it. */
public record SessionView(long id, String name, String image, String state, String stateReason,
                          int expectedReceivers, int maxWaitSeconds, int partWaitSeconds, Instant startAt, String interfaceName,
                          long maxBitrateBps, String duplex, String fec, Integer portBase, String multicastAddress,
                          String ownerNode, boolean startRequested, long bytesDone, long bytesTotal, double percent,
                          Instant createdAt, Instant updatedAt, Preflight preflight) {
    /** The pre-flight's verdict (ok, warn, fail) and findings; null until a node claimed the session. */
    public record Preflight(String status, String detail) {
    }

    public static SessionView of(Session s) {
        double percent = s.bytesTotal() <= 0 ? 0 : Math.min(100.0, 100.0 * s.bytesDone() / s.bytesTotal());
        return new SessionView(s.id(), s.name(), s.image(), s.state().name(), s.stateReason(), s.expectedReceivers(),
                (int) s.maxWait().toSeconds(), (int) s.partWait().toSeconds(), s.startAt(), s.interfaceName(), s.maxBitrateBps(),
                s.duplex().name().toLowerCase(Locale.ROOT), s.fec(), s.portBase() == 0 ? null : s.portBase(),
                s.multicastAddress(), s.ownerNode(), s.startRequested(), s.bytesDone(), s.bytesTotal(),
                Math.round(percent * 10) / 10.0, s.createdAt(), s.updatedAt(),
                s.preflightStatus() == null ? null : new Preflight(s.preflightStatus(), s.preflightDetail()));
    }
}
