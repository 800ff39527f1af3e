package dev.quarry.dashboard.api;

import dev.quarry.dashboard.auth.Role;
import dev.quarry.dashboard.store.AlertPage;
import dev.quarry.dashboard.store.AlertQuery;
import dev.quarry.dashboard.store.AlertStore;
import dev.quarry.dashboard.store.InvalidQueryException;
import dev.quarry.dashboard.triage.TriageDesk;
import dev.quarry.detectors.alert.Alert;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Objects;

/**
 * Searching and reading alerts: {@code GET /alerts}, {@code GET /alerts/{id}} and
 * {@code GET /alerts/{id}/history}; the first two carry each alert's triage state. The live feed,
 * {@code /alerts/stream}, is {@link AlertStreamResource}, triage is {@link TriageResource} and
 * {@link BulkTriageResource} ({@code /alerts/triage}), and the export is {@link AlertExportResource}
 * ({@code /alerts/export}); JAX-RS picks the root resource with the longer literal path, so none of
 * them is taken for an alert id.
 * Thread-safe; holds no state besides the store and the triage desk.
 */
@RolesAllowed(Role.Names.VIEWER)
@Path("/alerts")
@Produces(MediaType.APPLICATION_JSON)
public final class AlertsResource {
    private final AlertStore store;
    private final TriageDesk triage;

    public AlertsResource(AlertStore store, TriageDesk triage) {
        this.store = Objects.requireNonNull(store, "store");
        this.triage = Objects.requireNonNull(triage, "triage");
    }

    /**
     * Current alerts, newest first. All parameters are optional and combine with AND.
     *
     * @param severity accepted severities, repeated or comma-separated
     * @param minSeverity lowest accepted severity
     * @param client a client id; matches client alerts and cluster alerts it is a member of
     * @param from inclusive lower bound on event time: epoch millis or RFC 3339
     * @param to exclusive upper bound on event time: epoch millis or RFC 3339
     * @param q free text in Lucene query syntax over summary, evidence and subject ids
     * @param triageStatus accepted triage statuses, repeated or comma-separated; {@code new}
     *     includes alerts nobody triaged
     * @param assignee the alert is assigned to this analyst (compared without case)
     * @param offset hits to skip, default 0
     * @param limit page size, default {@value AlertQuery#DEFAULT_LIMIT}, at most
     *     {@value AlertQuery#MAX_LIMIT}
     */
    @GET
    public TriagedAlertPage search(
            @QueryParam("severity") List<String> severity,
            @QueryParam("min_severity") String minSeverity,
            @QueryParam("client") String client,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("q") String q,
            @QueryParam("triage_status") List<String> triageStatus,
            @QueryParam("assignee") String assignee,
            @QueryParam("offset") String offset,
            @QueryParam("limit") String limit) {
        AlertQuery query = AlertFilters.query(triage, severity, minSeverity, client, from, to, q, triageStatus, assignee,
                offset, limit);
        AlertPage page;
        try {
            page = store.search(query);
        } catch (InvalidQueryException e) {
            throw ApiErrors.badRequest("q: " + e.getMessage());
        }
        return new TriagedAlertPage(page.total(), page.offset(), page.limit(), page.items().stream().map(this::triaged).toList());
    }

    /** The current version of one alert with its triage state; 404 when the id is unknown. */
    @GET
    @Path("/{id}")
    public TriagedAlert alert(@PathParam("id") String id) {
        return triaged(store.get(id).orElseThrow(() -> ApiErrors.notFound("no alert with id '" + id + "'")));
    }

    /** Every version of one alert, lowest first; 404 when the id is unknown. */
    @GET
    @Path("/{id}/history")
    public List<Alert> history(@PathParam("id") String id) {
        List<Alert> versions = store.history(id);
        if (versions.isEmpty()) {
            throw ApiErrors.notFound("no alert with id '" + id + "'");
        }
        return versions;
    }

    private TriagedAlert triaged(Alert alert) {
        return new TriagedAlert(alert, triage.stateOf(alert.alertId()));
    }
}
