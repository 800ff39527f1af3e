package dev.quarry.detectors.alert;

import java.util.Locale;

/**
 * How sure Quarry is that a subject is distilling or extracting. {@link #MEDIUM} and above says
 * "this client or cluster is doing it" and is what detection and false-positive rates count;
 * {@link #LOW} is a watch-list signal.
 */
public enum Severity {
    LOW, MEDIUM, HIGH, CRITICAL;

    /** Lower-case wire name, as in alert JSON. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire name, case-insensitively. */
    public static Severity fromWireName(String s) {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
    }

    /** True when this severity counts as a detection (medium and above). */
    public boolean isDetection() {
        return compareTo(MEDIUM) >= 0;
    }
}
