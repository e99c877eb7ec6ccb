package io.jcast.server.model;

import java.time.Instant;

/**
 * Which file of its session a receiver got, and how that ended.
 *
 * @param part   1 for the session's first file
 * @param file   the file's name (a directory session's partition file)
 * @param result COMPLETED, DROPPED, DISCONNECTED, MISSING (it did not come back for this file) or REFUSED (it came
 *               for this file without completing the one before); CONNECTED or RECEIVING while the file is sent
 * @param bytes  bytes of this file it acknowledged
 * @param reason why it left or was refused; null otherwise
 */
public record ReceiverPart(int part, String file, String result, long bytes, String reason, Instant updatedAt) {
}
