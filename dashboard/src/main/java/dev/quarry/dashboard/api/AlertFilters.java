package dev.quarry.dashboard.api;

import dev.quarry.dashboard.store.AlertQuery;
import dev.quarry.dashboard.triage.TriageDesk;
import dev.quarry.dashboard.triage.TriageStatus;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The filters of {@code GET /alerts}, shared with the export so that both select the same alerts:
 * the store's criteria plus triage status and assignee, which live in the {@link TriageDesk}, not in
 * the index. Every malformed parameter is a 400 naming it. Stateless.
 */
final class AlertFilters {
    private AlertFilters() {}

    /** The store query; see {@link AlertsResource#search} for the parameters. */
    static AlertQuery query(TriageDesk triage, List<String> severity, String minSeverity, String client, String from,
            String to, String q, List<String> triageStatus, String assignee, String offset, String limit) {
        Set<TriageStatus> statuses = QueryParams.triageStatuses(triageStatus);
        return QueryParams.alertQuery(severity, minSeverity, client, from, to, q, offset, limit, b -> {
            // The triage state is not in the index: filter by the ids of the alerts that have it.
            if (statuses.contains(TriageStatus.NEW)) {
                Set<TriageStatus> others = EnumSet.complementOf(EnumSet.copyOf(statuses));
                if (!others.isEmpty()) {
                    b.excludeAlertIds(triage.alertIdsWith(others));
                }
            } else if (!statuses.isEmpty()) {
                b.onlyAlertIds(triage.alertIdsWith(statuses));
            }
            if (assignee != null && !assignee.isBlank()) {
                b.onlyAlertIds(triage.alertIdsAssignedTo(assignee));
            }
        });
    }
}
