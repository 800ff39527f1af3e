package dev.quarry.detectors.alert;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Objects;

/**
 * An alert as written to {@code quarry.alerts}: one ongoing attack by one subject is one alert
 * ({@code alert_id}); each time fusion escalates it a new {@code version} is published with the
 * same id. Consumers keep the highest version per id.
 *
 * @param alertId stable id of this alert across its versions
 * @param version 1 for the first publication, then +1 per update
 * @param ts event time (epoch millis) of the event that triggered this version
 * @param firstTs event time of the event that opened the alert
 * @param subject the client or cluster
 * @param severity fused severity
 * @param score fused score, 0-1
 * @param detectors the contributing detectors with their evidence, highest score first
 * @param triggerEventId {@code event_id} of the triggering event
 * @param eventsSeen events of the subject seen by the topology when this version was made
 * @param summary one line for an analyst
 */
public record Alert(
        @JsonProperty("alert_id") String alertId,
        @JsonProperty("version") int version,
        @JsonProperty("ts") long ts,
        @JsonProperty("first_ts") long firstTs,
        @JsonProperty("subject") Subject subject,
        @JsonProperty("severity") Severity severity,
        @JsonProperty("score") double score,
        @JsonProperty("detectors") List<DetectorFinding> detectors,
        @JsonProperty("trigger_event_id") String triggerEventId,
        @JsonProperty("events_seen") long eventsSeen,
        @JsonProperty("summary") String summary) {

    public Alert {
        Objects.requireNonNull(alertId, "alertId");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(triggerEventId, "triggerEventId");
        Objects.requireNonNull(summary, "summary");
        if (version < 1) {
            throw new IllegalArgumentException("version must be >= 1: " + version);
        }
        if (!(score >= 0.0 && score <= 1.0)) {
            throw new IllegalArgumentException("score must be in [0, 1]: " + score);
        }
        detectors = List.copyOf(detectors);
    }
}
