package io.jcast.server.model;

import io.jcast.transfer.Duplex;
import java.time.Duration;
import java.time.Instant;

/**
 * One multicast session as stored.
 *
 * @param partWait         how long each later file of a directory session waits for the receivers of the one before
 * @param image            path of a file or a directory of partition files, relative to the image root
 * @param portBase         allocated port (receivers) and port+1 (sender); 0 while not allocated
 * @param multicastAddress allocated data and rendezvous address; null while not allocated
 * @param ownerNode        node that runs it (claimed); null while queued
 * @param leaseUntil       the owner must renew before this, or another node reconciles the session
 * @param startRequested   "start now" was pressed
 * @param waitingSince     when the sender began waiting for receivers
 * @param preflightStatus  ok, warn or fail from the pre-flight checks; null before a node claimed it
 * @param preflightDetail  what the pre-flight found (the checks that are not ok, with their fixes)
 */
public record Session(long id, String name, String image, int expectedReceivers, Duration maxWait, Duration partWait,
                      Instant startAt,
                      String interfaceName, long maxBitrateBps, Duplex duplex, String fec, SessionState state,
                      String stateReason, int portBase, String multicastAddress, String ownerNode,
                      Instant leaseUntil, boolean startRequested, Instant waitingSince, long bytesDone,
                      long bytesTotal, Instant createdAt, Instant updatedAt, String preflightStatus,
                      String preflightDetail) {
}
