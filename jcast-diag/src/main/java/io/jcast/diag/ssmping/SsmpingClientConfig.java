package io.jcast.diag.ssmping;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.time.Duration;
import java.util.Objects;

/**
 * What one ssmping or asmping run does. Build with {@link #ssm(InetAddress)} (the SSM default group,
 * source-specific join) or {@link #asm(InetAddress, InetAddress)} (asmping's group rule, any-source
 * join), then adjust with the {@code with...} methods.
 *
 * @param server         the ssmpingd to ping
 * @param port           ssmpingd's UDP port (4321)
 * @param group          the group asked for in every request and joined
 * @param sourceSpecific join (S,G) with S = server (ssmping) rather than (*,G) (asmping)
 * @param joinInterface  interface for the join only; null = the interface that holds the local source address
 * @param count          requests to send; 0 = until {@link SsmpingClient#stop()}
 * @param interval       time between requests (ssmping: always 1 s)
 * @param requestVersion ask the server for its version (ssmping {@code -v})
 * @param replySize      REPLYSIZE to ask for, 0 = none (ssmping {@code -s})
 * @param requestSize    jcast extension: pad each request to this many bytes, 0 = none
 * @param pid            the 32-bit PID option that marks this client's replies
 */
public record SsmpingClientConfig(InetAddress server, int port, InetAddress group, boolean sourceSpecific,
                                  NetworkInterface joinInterface, int count, Duration interval,
                                  boolean requestVersion, int replySize, int requestSize, long pid) {
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);

    public SsmpingClientConfig {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(interval, "interval");
        if ((server instanceof Inet4Address) != (group instanceof Inet4Address)) {
            throw new IllegalArgumentException("server " + SsmpingGroups.text(server) + " and group "
                    + SsmpingGroups.text(group) + " are of different IP versions");
        }
        if (!group.isMulticastAddress()) {
            throw new IllegalArgumentException(SsmpingGroups.text(group) + " is not a multicast address");
        }
        if (server.isMulticastAddress()) {
            throw new IllegalArgumentException(SsmpingGroups.text(server) + " is not a unicast address");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " out of range 1-65535");
        }
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative: " + count);
        }
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive: " + interval);
        }
        if (replySize < 0 || replySize > 65535) {
            throw new IllegalArgumentException("reply size " + replySize + " out of range 0-65535");
        }
        if (requestSize < 0 || requestSize > 65507) {
            throw new IllegalArgumentException("request size " + requestSize + " out of range 0-65507");
        }
    }

    /** ssmping: the default SSM group of the server's family, joined as (server, group). */
    public static SsmpingClientConfig ssm(InetAddress server) {
        return new SsmpingClientConfig(server, SsmpingGroups.PORT, SsmpingGroups.defaultGroup(server), true, null,
                0, DEFAULT_INTERVAL, false, 0, 0, ProcessHandle.current().pid() & 0xffffffffL);
    }

    /** asmping: {@code group} with asmping's last-bytes rule applied, joined as (*, group). */
    public static SsmpingClientConfig asm(InetAddress server, InetAddress group) {
        return ssm(server).withGroup(SsmpingGroups.asmGroup(group), false);
    }

    public SsmpingClientConfig withGroup(InetAddress newGroup, boolean newSourceSpecific) {
        return new SsmpingClientConfig(server, port, newGroup, newSourceSpecific, joinInterface, count, interval,
                requestVersion, replySize, requestSize, pid);
    }

    public SsmpingClientConfig withPort(int newPort) {
        return new SsmpingClientConfig(server, newPort, group, sourceSpecific, joinInterface, count, interval,
                requestVersion, replySize, requestSize, pid);
    }

    public SsmpingClientConfig withJoinInterface(NetworkInterface newInterface) {
        return new SsmpingClientConfig(server, port, group, sourceSpecific, newInterface, count, interval,
                requestVersion, replySize, requestSize, pid);
    }

    public SsmpingClientConfig withCount(int newCount) {
        return new SsmpingClientConfig(server, port, group, sourceSpecific, joinInterface, newCount, interval,
                requestVersion, replySize, requestSize, pid);
    }

    public SsmpingClientConfig withInterval(Duration newInterval) {
        return new SsmpingClientConfig(server, port, group, sourceSpecific, joinInterface, count, newInterval,
                requestVersion, replySize, requestSize, pid);
    }

    public SsmpingClientConfig withRequestVersion(boolean newRequestVersion) {
        return new SsmpingClientConfig(server, port, group, sourceSpecific, joinInterface, count, interval,
                newRequestVersion, replySize, requestSize, pid);
    }

    public SsmpingClientConfig withReplySize(int newReplySize) {
        return new SsmpingClientConfig(server, port, group, sourceSpecific, joinInterface, count, interval,
                requestVersion, newReplySize, requestSize, pid);
    }

    public SsmpingClientConfig withRequestSize(int newRequestSize) {
        return new SsmpingClientConfig(server, port, group, sourceSpecific, joinInterface, count, interval,
                requestVersion, replySize, newRequestSize, pid);
    }

    public SsmpingClientConfig withPid(long newPid) {
        return new SsmpingClientConfig(server, port, group, sourceSpecific, joinInterface, count, interval,
                requestVersion, replySize, requestSize, newPid & 0xffffffffL);
    }
}
