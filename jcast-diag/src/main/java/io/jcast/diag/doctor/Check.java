package io.jcast.diag.doctor;

/**
 * One finding. {@code id} is stable (for scripts reading {@code --json}); {@code detail} says what was seen;
 * {@code fix} is a command or action, empty when there is nothing to do; {@code peer} names the peer of a
 * peer check and is null for a local one.
 */
public record Check(String id, CheckStatus status, String detail, String fix, String peer) {
    public Check {
        fix = fix == null ? "" : fix;
    }

    public Check(String id, CheckStatus status, String detail, String fix) {
        this(id, status, detail, fix, null);
    }

    public static Check ok(String id, String detail) {
        return new Check(id, CheckStatus.OK, detail, "");
    }

    public static Check warn(String id, String detail, String fix) {
        return new Check(id, CheckStatus.WARN, detail, fix);
    }

    public static Check fail(String id, String detail, String fix) {
        return new Check(id, CheckStatus.FAIL, detail, fix);
    }

    public static Check skipped(String id, String detail) {
        return new Check(id, CheckStatus.SKIPPED, detail, "");
    }

    public Check forPeer(String host) {
        return new Check(id, status, detail, fix, host);
    }
}
