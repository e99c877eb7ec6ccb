package io.jcast.server.session;

import java.time.Instant;

/**
 * A receiver of a session as the service knows it: from its own check-in reports and from the sender.
 *
 * @param state       CHECKED_IN, CONNECTED, RECEIVING, COMPLETED, DROPPED, DISCONNECTED or FAILED
 * @param bytes       its position: bytes acknowledged (sender view) or written (its own report), the larger
 * @param lagging     holds the others back (the sender waits for it, or it is far behind the rest)
 * @param exitCode    its final exit code once it reported one
 */
public record ReceiverRecord(long id, long sessionId, String address, String host, String state, long bytes,
                             long bytesTotal, double bytesPerSecond, long retransmitRequests, boolean lagging,
                             Integer exitCode, String message, Instant joinedAt, Instant updatedAt) {
}
