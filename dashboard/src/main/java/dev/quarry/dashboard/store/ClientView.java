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
 * @param live the client's state in the detection topology now, or null when no instance holds it
 *     (never seen, state moving between instances, or no topology)
 */
public record ClientView(
        @JsonProperty("client_id") String clientId,
        @JsonProperty("alerts") List<Alert> alerts,
        @JsonProperty("signals") List<SignalPoint> signals,
        @JsonProperty("activity") ClientActivity activity,
        @JsonProperty("live") LiveProfile live) {

    public ClientView {
        alerts = List.copyOf(alerts);
        signals = List.copyOf(signals);
        activity = activity == null ? ClientActivity.none() : activity;
    }

    /** The store's view without live state. */
    public ClientView(String clientId, List<Alert> alerts, List<SignalPoint> signals, ClientActivity activity) {
        this(clientId, alerts, signals, activity, null);
    }

    /** This view with the client's live state. */
    public ClientView withLive(LiveProfile state) {
        return new ClientView(clientId, alerts, signals, activity, state);
    }
}
