package io.jcast.server.model;

import io.jcast.transfer.Duplex;
import java.time.Duration;
import java.time.Instant;

/** What a user asks for when creating a session; validated by {@link io.jcast.server.session.SessionService}. */
public record SessionSpec(String name, String image, int expectedReceivers, Duration maxWait, Duration partWait,
                          Instant startAt,
                          String interfaceName, long maxBitrateBps, Duplex duplex, String fec) {
}
