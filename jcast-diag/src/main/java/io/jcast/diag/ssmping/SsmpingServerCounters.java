package io.jcast.diag.ssmping;

/**
 * What an {@link SsmpingServer} has seen so far.
 *
 * @param requests       well-formed requests answered (each got a unicast reply)
 * @param multicastReplies multicast copies sent
 * @param invalidGroups  requests answered on unicast only, their group being refused
 * @param ignored        datagrams that are not requests (wrong type byte, e.g. replies), dropped silently
 * @param malformed      requests with broken TLVs (truncated, oversized or wrong-length options), dropped
 * @param rateLimited    requests dropped by the per-source or total rate limit
 * @param sendErrors     replies the kernel refused to send
 */
public record SsmpingServerCounters(long requests, long multicastReplies, long invalidGroups, long ignored,
                                    long malformed, long rateLimited, long sendErrors) {
}
