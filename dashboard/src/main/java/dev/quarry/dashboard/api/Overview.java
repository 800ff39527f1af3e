package dev.quarry.dashboard.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code GET /overview} answers: the state of the alert store at a glance. Immutable.
 *
 * @param hours the hours the window covers
 * @param windowEnd the end of the window, exclusive: the hour after the newest alert's
 *     {@code ts} (event time), epoch millis; 0 when the store is empty
 * @param perHour one entry per hour of the window, oldest first: the alerts whose current
 *     version's {@code ts} falls in that hour, by current severity
 * @param topDetectors detectors by how many alerts of the window they contributed to, most first,
 *     at most {@value OverviewResource#TOP_DETECTORS}
 * @param byTriage every triage status with the count of alerts in it, all alerts counted
 * @param unassigned the newest {@code high} and {@code critical} alerts that nobody is assigned to
 *     and that are not resolved or false positives, at most {@value OverviewResource#UNASSIGNED}
 * @param windowAlerts the alerts the window's counts were taken over
 * @param windowTruncated whether the window held more than
 *     {@value OverviewResource#MAX_WINDOW_ALERTS} alerts, of which only the newest were counted
 */
public record Overview(
        @JsonProperty("hours") int hours,
        @JsonProperty("window_end") long windowEnd,
        @JsonProperty("per_hour") List<HourCounts> perHour,
        @JsonProperty("top_detectors") List<DetectorCount> topDetectors,
        @JsonProperty("by_triage") Map<String, Long> byTriage,
        @JsonProperty("unassigned") List<TriagedAlert> unassigned,
        @JsonProperty("window_alerts") long windowAlerts,
        @JsonProperty("window_truncated") boolean windowTruncated) {

    public Overview {
        perHour = List.copyOf(perHour);
        topDetectors = List.copyOf(topDetectors);
        byTriage = Collections.unmodifiableMap(new LinkedHashMap<>(byTriage));
        unassigned = List.copyOf(unassigned);
    }

    /**
     * One hour's alerts by severity.
     *
     * @param hour the hour's start, epoch millis
     * @param bySeverity {@code low} ... {@code critical}, all present
     */
    public record HourCounts(@JsonProperty("hour") long hour, @JsonProperty("by_severity") Map<String, Long> bySeverity) {
        public HourCounts {
            bySeverity = Collections.unmodifiableMap(new LinkedHashMap<>(bySeverity));
        }
    }

    /** How many alerts of the window a detector contributed to, and the highest score it gave. */
    public record DetectorCount(
            @JsonProperty("name") String name,
            @JsonProperty("alerts") long alerts,
            @JsonProperty("max_score") double maxScore) {}
}
