package dev.quarry.dashboard.api;

import dev.quarry.dashboard.auth.QuarryPrincipal;
import dev.quarry.dashboard.auth.Role;
import dev.quarry.dashboard.journal.JournalUnavailableException;
import dev.quarry.dashboard.store.AlertStore;
import dev.quarry.dashboard.triage.TriageChange;
import dev.quarry.dashboard.triage.TriageDesk;
import dev.quarry.dashboard.triage.TriageState;
import dev.quarry.detectors.alert.Alert;
import io.dropwizard.auth.Auth;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An alert's triage: {@code GET /alerts/{id}/triage} (viewers) and {@code POST /alerts/{id}/triage}
 * with {@code {status, assignee?, note?}} (analysts), which returns the new state. An unknown alert
 * is 404, an invalid change 422, a triage store that cannot take the change 503. Thread-safe.
 */
@RolesAllowed(Role.Names.VIEWER)
@Path("/alerts/{id}/triage")
@Produces(MediaType.APPLICATION_JSON)
public final class TriageResource {
    private static final Logger LOG = LoggerFactory.getLogger(TriageResource.class);

    private final AlertStore store;
    private final TriageDesk triage;

    public TriageResource(AlertStore store, TriageDesk triage) {
        this.store = Objects.requireNonNull(store, "store");
        this.triage = Objects.requireNonNull(triage, "triage");
    }

    @GET
    public TriageState state(@PathParam("id") String id) {
        return triage.stateOf(alert(id).alertId());
    }

    @POST
    @RolesAllowed(Role.Names.ANALYST)
    @Consumes(MediaType.APPLICATION_JSON)
    public TriageState change(@Auth QuarryPrincipal analyst, @PathParam("id") String id, TriageChange body) {
        Alert alert = alert(id);
        if (body == null) {
            throw ApiErrors.unprocessable("a JSON body {\"status\": ..., \"assignee\": ..., \"note\": ...} is required");
        }
        try {
            return triage.change(alert, body.validated(), analyst.name());
        } catch (IllegalArgumentException e) {
            throw ApiErrors.unprocessable(e.getMessage());
        } catch (JournalUnavailableException e) {
            // The triage is written before its audit entry: which of the two failed is in the message.
            LOG.error("Triage of {} by {}: {}", id, analyst.name(), e.getMessage(), e);
            throw ApiErrors.unavailable("the triage store or the audit log is unavailable: " + e.getMessage());
        }
    }

    private Alert alert(String id) {
        return store.get(id).orElseThrow(() -> ApiErrors.notFound("no alert with id '" + id + "'"));
    }
}
