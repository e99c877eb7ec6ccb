package io.jcast.server.model;

import java.time.Instant;

/** One line of a session's log. */
public record LogEntry(Instant at, String message) {
}
