package dev.quarry.dashboard.audit;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One page of the audit log, newest first. Immutable.
 *
 * @param total entries in the log
 * @param offset entries before this page
 * @param limit page size asked for; {@code items} may be shorter
 */
public record AuditPage(
        @JsonProperty("total") long total,
        @JsonProperty("offset") int offset,
        @JsonProperty("limit") int limit,
        @JsonProperty("items") List<AuditEntry> items) {

    public AuditPage {
        items = List.copyOf(items);
    }
}
