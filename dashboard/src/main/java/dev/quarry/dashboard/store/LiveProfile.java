package dev.quarry.dashboard.store;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.quarry.detectors.state.ClientProfile;

/**
 * A client's state as the detection topology holds it now, as of the owner's last commit (within
 * {@code kafka.commitInterval}), whether or not the client was ever alerted on. Immutable.
 *
 * @param clientId the client
 * @param events events of the client the topology has processed
 * @param firstTs event time of its first event, epoch millis
 * @param lastTs event time of its latest event, epoch millis
 * @param score the fused score of its latest findings
 * @param severity the severity of its open alert, or null
 * @param alertId its open alert's id, or null
 * @param servedBy the instance that holds the state ({@code kafka.advertisedUrl}), or {@code local}
 *     when no URL is configured
 */
public record LiveProfile(
        @JsonProperty("client_id") String clientId,
        @JsonProperty("events") long events,
        @JsonProperty("first_ts") long firstTs,
        @JsonProperty("last_ts") long lastTs,
        @JsonProperty("score") double score,
        @JsonProperty("severity") String severity,
        @JsonProperty("alert_id") String alertId,
        @JsonProperty("served_by") String servedBy) {

    public static LiveProfile of(String clientId, ClientProfile p, String servedBy) {
        boolean fused = p.hasFusionState();
        return new LiveProfile(clientId, p.events(), p.firstTs(), p.lastTs(),
                fused ? Math.round(p.fusion().latestScore() * 1000) / 1000.0 : 0.0,
                fused && p.fusion().severity() != null ? p.fusion().severity().wireName() : null,
                fused ? p.fusion().alertId() : null, servedBy);
    }
}
