package dev.quarry.dashboard.triage;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * One note on an alert's triage. Immutable.
 *
 * @param ts when it was written, epoch millis (wall clock)
 * @param actor the token name that wrote it, or {@code system}
 * @param text as written; render it as text
 */
public record TriageNote(
        @JsonProperty("ts") long ts,
        @JsonProperty("actor") String actor,
        @JsonProperty("text") String text) {

    public TriageNote {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(text, "text");
    }
}
