package dev.quarry.dashboard.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.quarry.dashboard.triage.TriageState;
import dev.quarry.detectors.alert.Alert;
import java.util.Objects;

/**
 * An alert as {@code GET /alerts} and {@code GET /alerts/{id}} serve it: the alert JSON with its
 * triage state as one more field, {@code triage}, at the end. Immutable.
 */
@JsonPropertyOrder({"alert", "triage"})
public record TriagedAlert(@JsonUnwrapped Alert alert, @JsonProperty("triage") TriageState triage) {
    public TriagedAlert {
        Objects.requireNonNull(alert, "alert");
        Objects.requireNonNull(triage, "triage");
    }
}
