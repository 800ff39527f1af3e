package dev.quarry.detectors.suppression;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * An analyst's decision that some detectors' findings about one client, or about every client of
 * one organisation, are not to raise alerts at {@code medium} or above: "this client's capability
 * sweep is our translation partner". The findings are still computed, kept in the alert and
 * counted; they only cannot lift the severity (see {@link Hold}). Written by the alert service to
 * the compacted topic {@code quarry.suppressions}, keyed by {@link #id}, and read by the topology.
 * Immutable.
 *
 * @param id opaque id, {@code sup_} and hex digits
 * @param clientId the suppressed client, or null when {@code orgId} is set
 * @param orgId the suppressed organisation (the events' {@code org_id}), or null when {@code clientId} is set
 * @param detectors the detectors held back; empty: every detector
 * @param reason why, as the analyst typed it (render it as text); may be empty
 * @param expiresAt event time (epoch millis) from which it no longer applies, or null: until deleted
 * @param createdBy the token name of the analyst who made it
 * @param createdAt when it was made, epoch millis (wall clock)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Suppression(
        @JsonProperty("id") String id,
        @JsonProperty("client_id") String clientId,
        @JsonProperty("org_id") String orgId,
        @JsonProperty("detectors") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> detectors,
        @JsonProperty("reason") String reason,
        @JsonProperty("expires_at") Long expiresAt,
        @JsonProperty("created_by") String createdBy,
        @JsonProperty("created_at") long createdAt) {

    public Suppression {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("a suppression needs an id");
        }
        if ((clientId == null) == (orgId == null)) {
            throw new IllegalArgumentException("suppression " + id + " must name exactly one of client_id and org_id");
        }
        Objects.requireNonNull(createdBy, "createdBy");
        detectors = detectors == null ? List.of() : List.copyOf(new LinkedHashSet<>(detectors));
        reason = reason == null ? "" : reason;
    }

    /** True when it holds back every detector. */
    @JsonIgnore
    public boolean allDetectors() {
        return detectors.isEmpty();
    }

    /** True when it holds back the named detector's findings. */
    public boolean covers(String detector) {
        return detectors.isEmpty() || detectors.contains(detector);
    }

    /** True when it applies to an event at {@code ts}: before its expiry, compared with event time. */
    public boolean activeAt(long ts) {
        return expiresAt == null || ts < expiresAt;
    }
}
