package dev.quarry.dashboard.audit;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What an audit entry records: a triage change, a suppression made or deleted, a sign-in or a
 * sign-out of the page.
 */
public enum AuditAction {
    TRIAGE, SUPPRESS, UNSUPPRESS, SIGN_IN, SIGN_OUT;

    /** Lower-case name, as in the API: {@code sign_in}. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static AuditAction fromWireName(String s) {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
    }
}
