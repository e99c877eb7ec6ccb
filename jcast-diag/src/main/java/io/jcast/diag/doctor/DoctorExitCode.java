package io.jcast.diag.doctor;

/** Exit codes of {@code jcast doctor}. */
public enum DoctorExitCode {
    HEALTHY(0, "no problem found (warnings may have been printed)"),
    PROBLEMS(1, "a problem was found: the verdict names it and its fix"),
    BAD_INPUT(2, "bad input: unknown option, interface or peer host, a group that is not multicast"),
    CANNOT_CHECK(3, "could not check (no interface to check, nothing readable)");

    private final int code;
    private final String meaning;

    DoctorExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    public String meaning() {
        return meaning;
    }
}
