package dev.quarry.dashboard.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.quarry.detectors.alert.Severity;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How many alerts currently have each severity. Keys are wire names ({@code low} ... {@code
 * critical}), lowest first, all present. Immutable.
 *
 * @param bySeverity count per severity
 * @param total all current alerts
 */
public record SeverityStats(
        @JsonProperty("by_severity") Map<String, Long> bySeverity,
        @JsonProperty("total") long total) {

    public SeverityStats {
        bySeverity = Collections.unmodifiableMap(new LinkedHashMap<>(bySeverity));
    }

    /** Stats from the store's counts; missing severities count zero. */
    public static SeverityStats of(Map<Severity, Long> counts) {
        Map<String, Long> named = new LinkedHashMap<>();
        long total = 0;
        for (Severity severity : Severity.values()) {
            long n = counts.getOrDefault(severity, 0L);
            named.put(severity.wireName(), n);
            total += n;
        }
        return new SeverityStats(named, total);
    }
}
