package dev.quarry.dashboard.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One page of {@code GET /alerts}: as the store's {@link dev.quarry.dashboard.store.AlertPage},
 * with each alert's triage state. Immutable.
 */
public record TriagedAlertPage(
        @JsonProperty("total") long total,
        @JsonProperty("offset") int offset,
        @JsonProperty("limit") int limit,
        @JsonProperty("items") List<TriagedAlert> items) {

    public TriagedAlertPage {
        items = List.copyOf(items);
    }
}
