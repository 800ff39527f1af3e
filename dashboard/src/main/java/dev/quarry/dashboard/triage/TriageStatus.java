package dev.quarry.dashboard.triage;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Where an analyst's work on an alert stands. An alert nobody triaged is {@link #NEW}. */
public enum TriageStatus {
    NEW, ACKNOWLEDGED, INVESTIGATING, RESOLVED, FALSE_POSITIVE;

    /** The wire names, comma-separated, for error messages. */
    public static final String NAMES = Arrays.stream(values()).map(TriageStatus::wireName)
            .collect(Collectors.joining(", "));

    /** Lower-case name, as in the API: {@code false_positive}. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a wire name, case-insensitively.
     *
     * @throws IllegalArgumentException naming the statuses there are
     */
    @JsonCreator
    public static TriageStatus fromWireName(String s) {
        for (TriageStatus t : values()) {
            if (t.wireName().equalsIgnoreCase(s == null ? "" : s.trim())) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown status '" + s + "', expected one of " + NAMES);
    }

    /** Resolved or a false positive: work on the alert is done, until it escalates. */
    public boolean isClosed() {
        return this == RESOLVED || this == FALSE_POSITIVE;
    }
}
