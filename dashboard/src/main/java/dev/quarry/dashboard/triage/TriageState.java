package dev.quarry.dashboard.triage;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Objects;

/**
 * An alert's triage state as the API shows it. An alert nobody triaged is {@link #untriaged()},
 * {@code {"status": "new"}}; a triaged one has every field but {@code assignee}, which is absent
 * while nobody is assigned. Immutable.
 *
 * @param alertId the alert; null only when untriaged
 * @param notes oldest first; null only when untriaged
 * @param updatedAt when it last changed, epoch millis (wall clock); null only when untriaged
 * @param updatedBy who changed it last: a token name, or {@code system}; null only when untriaged
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TriageState(
        @JsonProperty("alert_id") String alertId,
        @JsonProperty("status") TriageStatus status,
        @JsonProperty("assignee") String assignee,
        @JsonProperty("notes") List<TriageNote> notes,
        @JsonProperty("updated_at") Long updatedAt,
        @JsonProperty("updated_by") String updatedBy) {

    private static final TriageState UNTRIAGED = new TriageState(null, TriageStatus.NEW, null, null, null, null);

    public TriageState {
        Objects.requireNonNull(status, "status");
        notes = notes == null ? null : List.copyOf(notes);
    }

    /** The state of an alert nobody triaged. */
    public static TriageState untriaged() {
        return UNTRIAGED;
    }
}
