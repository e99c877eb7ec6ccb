package io.jcast.server.model;

import java.time.Instant;
import java.util.List;

/**
 * A receiver of a session as the service knows it: from its own check-in reports and from the sender.
 *
 * @param state       CHECKED_IN, CONNECTED, RECEIVING, COMPLETED, DROPPED, DISCONNECTED, FAILED or REFUSED (it came
 *                    for a later file of a directory session without completing the one before)
 * @param bytes       its position: bytes acknowledged (sender view) or written (its own report), the larger
 * @param lagging     holds the others back (the sender waits for it, or it is far behind the rest)
 * @param exitCode    its final exit code once it reported one
 * @param parts       each file of the session it took part in, in order
 */
public record ReceiverRecord(long id, long sessionId, String address, String host, String state, long bytes,
                             long bytesTotal, double bytesPerSecond, long retransmitRequests, boolean lagging,
                             Integer exitCode, String message, Instant joinedAt, Instant updatedAt,
                             List<ReceiverPart> parts) {
    public ReceiverRecord withParts(List<ReceiverPart> parts) {
        return new ReceiverRecord(id, sessionId, address, host, state, bytes, bytesTotal, bytesPerSecond,
                retransmitRequests, lagging, exitCode, message, joinedAt, updatedAt, List.copyOf(parts));
    }
}
