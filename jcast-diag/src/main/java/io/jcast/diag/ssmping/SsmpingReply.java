package io.jcast.diag.ssmping;

import java.net.InetAddress;

/**
 * One reply as the client saw it.
 *
 * @param multicast  it came on the multicast socket (the group copy) rather than the unicast one
 * @param dist       routers crossed, from the received TTL (64 - ttl); -1 when the TTL is unknown,
 *                   which is always the case on a plain JVM (no {@code IP_RECVTTL} in java.nio)
 * @param rttMicros  receive time minus the echoed TIMESTAMP, never negative
 * @param size       bytes in the reply datagram
 * @param duplicate  the same sequence number was already seen on this channel (not counted)
 */
public record SsmpingReply(boolean multicast, InetAddress from, long seq, int dist, long rttMicros, int size,
                           boolean duplicate) {
}
