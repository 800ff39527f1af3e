package dev.quarry.dashboard.audit;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One entry of the audit log. Immutable.
 *
 * @param ts when it happened, epoch millis (wall clock)
 * @param actor the token name, or {@code system}
 * @param target what it was done to: an alert id, or {@code session}
 * @param detail what changed, as names and values (e.g. {@code status}, {@code previous_status});
 *     values typed by people (notes, assignees) are in it: render them as text
 */
public record AuditEntry(
        @JsonProperty("ts") long ts,
        @JsonProperty("actor") String actor,
        @JsonProperty("action") AuditAction action,
        @JsonProperty("target") String target,
        @JsonProperty("detail") Map<String, String> detail) {

    public AuditEntry {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(target, "target");
        detail = detail == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(detail));
    }
}
