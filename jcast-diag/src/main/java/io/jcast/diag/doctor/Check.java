package io.jcast.diag.doctor;

/**
 * One finding. {@code id} is stable (for scripts reading {@code --json}); {@code detail} says what was seen;
 * {@code fix} is a command or action, empty when there is nothing to do.
 */
public record Check(String id, CheckStatus status, String detail, String fix) {
    public Check {
        fix = fix == null ? "" : fix;
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
}
