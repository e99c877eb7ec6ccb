package io.jcast.server.model;

import java.time.Instant;

/** One persisted state change. */
public record Transition(SessionState from, SessionState to, String reason, String node, Instant at) {
}
