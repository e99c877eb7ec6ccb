package io.jcast.server.session;

/**
 * A create request as submitted (REST JSON, CLI, web form); null fields take the settings' defaults.
 *
 * @param partWaitSeconds how long each later file of a directory session waits (default 60)
 * @param startAt     ISO-8601 instant, e.g. 2026-01-01T08:00:00Z; null to start as soon as possible
 * @param maxBitrate  udpcast syntax (90m)
 * @param fec         udpcast syntax ([stripes x]redundancy[/stripesize])
 */
public record NewSession(String name, String image, Integer expectedReceivers, Integer maxWaitSeconds,
                         Integer partWaitSeconds, String startAt, String interfaceName, String maxBitrate, String duplex, String fec) {
}
