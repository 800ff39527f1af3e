package dev.quarry.dashboard.store;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.quarry.detectors.alert.Alert;
import java.util.List;

/**
 * One page of search results: the current versions of matching alerts, newest first. Immutable.
 *
 * @param total how many alerts match in all, not just on this page
 * @param offset how many matching alerts come before this page
 * @param limit the page size that was asked for; {@code items} may be shorter
 * @param items the alerts on this page
 */
public record AlertPage(
        @JsonProperty("total") long total,
        @JsonProperty("offset") int offset,
        @JsonProperty("limit") int limit,
        @JsonProperty("items") List<Alert> items) {

    public AlertPage {
        items = List.copyOf(items);
    }
}
