package dev.quarry.dashboard.store;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.quarry.detectors.alert.Alert;
import dev.quarry.detectors.alert.DetectorFinding;
import dev.quarry.detectors.alert.Severity;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One alert version reduced to what a client's timeline plots: when, how bad, and which detectors
 * said how much. Immutable.
 *
 * @param ts event time of the version, epoch millis
 * @param alertId the alert it belongs to
 * @param version the alert version
 * @param severity fused severity of that version
 * @param score fused score of that version
 * @param detectorScores each contributing detector's score, in the alert's order
 */
public record SignalPoint(
        @JsonProperty("ts") long ts,
        @JsonProperty("alert_id") String alertId,
        @JsonProperty("version") int version,
        @JsonProperty("severity") Severity severity,
        @JsonProperty("score") double score,
        @JsonProperty("detector_scores") Map<String, Double> detectorScores) {

    public SignalPoint {
        detectorScores = Collections.unmodifiableMap(new LinkedHashMap<>(detectorScores));
    }

    /** The signal of one alert version. */
    public static SignalPoint of(Alert alert) {
        Map<String, Double> scores = new LinkedHashMap<>();
        for (DetectorFinding finding : alert.detectors()) {
            scores.put(finding.name(), finding.score());
        }
        return new SignalPoint(alert.ts(), alert.alertId(), alert.version(), alert.severity(), alert.score(), scores);
    }
}
