package io.jcast.diag.doctor;

import java.util.Locale;

/** Outcome of one check; the JSON form is the lower-case name. */
public enum CheckStatus {
    OK, WARN, FAIL, SKIPPED;

    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
