package dev.quarry.dashboard.api;

import dev.quarry.dashboard.auth.Role;
import dev.quarry.dashboard.store.AlertPage;
import dev.quarry.dashboard.store.AlertQuery;
import dev.quarry.dashboard.store.AlertStore;
import dev.quarry.dashboard.store.InvalidQueryException;
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
 * {@code GET /alerts/{id}/history}. The live feed, {@code /alerts/stream}, is
 * {@link AlertStreamResource}; JAX-RS picks the root resource with the longer literal path, so it is
 * not taken for an alert id. Thread-safe; holds no state besides the store.
 */
@RolesAllowed(Role.Names.VIEWER)
@Path("/alerts")
@Produces(MediaType.APPLICATION_JSON)
public final class AlertsResource {
    private final AlertStore store;

    public AlertsResource(AlertStore store) {
        this.store = Objects.requireNonNull(store, "store");
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
     * @param offset hits to skip, default 0
     * @param limit page size, default {@value AlertQuery#DEFAULT_LIMIT}, at most
     *     {@value AlertQuery#MAX_LIMIT}
     */
    @GET
    public AlertPage search(
            @QueryParam("severity") List<String> severity,
            @QueryParam("min_severity") String minSeverity,
            @QueryParam("client") String client,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("q") String q,
            @QueryParam("offset") String offset,
            @QueryParam("limit") String limit) {
        AlertQuery query = QueryParams.alertQuery(severity, minSeverity, client, from, to, q, offset, limit);
        try {
            return store.search(query);
        } catch (InvalidQueryException e) {
            throw ApiErrors.badRequest("q: " + e.getMessage());
        }
    }

    /** The current version of one alert; 404 when the id is unknown. */
    @GET
    @Path("/{id}")
    public Alert alert(@PathParam("id") String id) {
        return store.get(id).orElseThrow(() -> ApiErrors.notFound("no alert with id '" + id + "'"));
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
}
