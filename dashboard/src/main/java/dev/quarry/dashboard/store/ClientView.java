package dev.quarry.dashboard.store;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.quarry.detectors.alert.Alert;
import java.util.List;

/**
 * Everything the store knows about one client: the alerts about it (as the subject or as a member
 * of a cluster) and how their signal developed. A client without alerts has empty lists; the store
 * cannot tell a quiet client from an unknown one. Immutable.
 *
 * @param clientId the client
 * @param alerts current versions of its alerts, newest first, at most
 *     {@value AlertStore#CLIENT_ALERTS_LIMIT}
 * @param signals every version of those alerts, oldest first, at most the newest
 *     {@value AlertStore#CLIENT_SIGNALS_LIMIT}
 * @param activity what the evidence of those versions tells about the client's traffic
 */
public record ClientView(
        @JsonProperty("client_id") String clientId,
        @JsonProperty("alerts") List<Alert> alerts,
        @JsonProperty("signals") List<SignalPoint> signals,
        @JsonProperty("activity") ClientActivity activity) {

    public ClientView {
        alerts = List.copyOf(alerts);
        signals = List.copyOf(signals);
        activity = activity == null ? ClientActivity.none() : activity;
    }
}
