package dev.quarry.detectors.alert;

import com.fasterxml.jackson.annotation.JsonInclude;
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
 * @param suppressed the analysts' suppressions that applied to this version and the detectors
 *     whose findings they held back; absent from the JSON when none applied
 * @param suppressedMembers for a cluster alert, the listed members whose own {@code hydra_cluster}
 *     or {@code dataset_split} findings a suppression holds back; absent when none
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
        @JsonProperty("summary") String summary,
        @JsonProperty("suppressed") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<HeldBack> suppressed,
        @JsonProperty("suppressed_members") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> suppressedMembers) {

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
        suppressed = suppressed == null ? List.of() : List.copyOf(suppressed);
        suppressedMembers = suppressedMembers == null ? List.of() : List.copyOf(suppressedMembers);
    }

    /** An alert no suppression applied to. */
    public Alert(String alertId, int version, long ts, long firstTs, Subject subject, Severity severity, double score,
            List<DetectorFinding> detectors, String triggerEventId, long eventsSeen, String summary) {
        this(alertId, version, ts, firstTs, subject, severity, score, detectors, triggerEventId, eventsSeen, summary,
                List.of(), List.of());
    }

    /** This alert with the members of its cluster that suppressions hold back listed. */
    public Alert withSuppressedMembers(List<String> members) {
        return new Alert(alertId, version, ts, firstTs, subject, severity, score, detectors, triggerEventId, eventsSeen,
                summary, suppressed, members);
    }
}
