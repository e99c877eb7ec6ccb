package io.jcast.server.model;

import java.util.EnumSet;
import java.util.Set;

/** The states an imaging admin knows; every change is persisted with its time and reason. */
public enum SessionState {
    /** Created; waits for a free slot (max sessions), its start time, or a node to claim it. */
    QUEUED,
    /** Claimed by a node, sender open on its ports; waiting for the expected receivers. */
    WAITING,
    /** Data is flowing. */
    IN_PROGRESS,
    COMPLETE,
    CANCELLED,
    FAILED;

    public boolean isFinished() {
        return this == COMPLETE || this == CANCELLED || this == FAILED;
    }

    /** Owned by a node and holding a port and an address. */
    public boolean isActive() {
        return this == WAITING || this == IN_PROGRESS;
    }

    public Set<SessionState> next() {
        return switch (this) {
            case QUEUED -> EnumSet.of(WAITING, CANCELLED, FAILED);
            // WAITING -> QUEUED: the owning node died or restarted before data flowed; someone starts it again.
            case WAITING -> EnumSet.of(QUEUED, IN_PROGRESS, CANCELLED, FAILED);
            case IN_PROGRESS -> EnumSet.of(COMPLETE, CANCELLED, FAILED);
            case COMPLETE, CANCELLED, FAILED -> EnumSet.noneOf(SessionState.class);
        };
    }

    public boolean canMoveTo(SessionState to) {
        return next().contains(to);
    }
}
