package dev.quarry.dashboard.api;

import com.fasterxml.jackson.annotation.JsonProperty;
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
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /alerts/triage}: one triage change applied to several alerts, as if posted to each
 * alert's {@code /alerts/{id}/triage} in the order given (each change is in the audit log on its
 * own). Everything is checked before anything changes: an unknown alert is 404 and an invalid
 * change 422, with nothing changed. A triage store that fails part-way is 503, and the message
 * says how many alerts were changed before it failed. Thread-safe.
 */
@RolesAllowed(Role.Names.ANALYST)
@Path("/alerts/triage")
@Produces(MediaType.APPLICATION_JSON)
public final class BulkTriageResource {
    /** Most alerts one request may change. */
    public static final int MAX_ALERTS = 500;
    private static final Logger LOG = LoggerFactory.getLogger(BulkTriageResource.class);

    private final AlertStore store;
    private final TriageDesk triage;

    public BulkTriageResource(AlertStore store, TriageDesk triage) {
        this.store = Objects.requireNonNull(store, "store");
        this.triage = Objects.requireNonNull(triage, "triage");
    }

    /** The body: the alerts, and the change as {@link TriageChange} has it. */
    public record BulkChange(
            @JsonProperty("alert_ids") List<String> alertIds,
            @JsonProperty("status") String status,
            @JsonProperty("assignee") String assignee,
            @JsonProperty("note") String note) {}

    /** The answer: the alerts' new states, in the order asked. */
    public record BulkResult(@JsonProperty("items") List<TriageState> items) {}

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public BulkResult change(@Auth QuarryPrincipal analyst, BulkChange body) {
        if (body == null || body.alertIds() == null || body.alertIds().isEmpty()) {
            throw ApiErrors.unprocessable("alert_ids: a list of 1 to " + MAX_ALERTS + " alert ids is required");
        }
        LinkedHashSet<String> ids = new LinkedHashSet<>(body.alertIds());
        if (ids.size() > MAX_ALERTS || ids.contains(null)) {
            throw ApiErrors.unprocessable("alert_ids: a list of 1 to " + MAX_ALERTS + " alert ids is required");
        }
        TriageChange.Valid change;
        try {
            change = new TriageChange(body.status(), body.assignee(), body.note()).validated();
        } catch (IllegalArgumentException e) {
            throw ApiErrors.unprocessable(e.getMessage());
        }
        List<Alert> alerts = new ArrayList<>(ids.size());
        for (String id : ids) {
            Optional<Alert> alert = store.get(id);
            alerts.add(alert.orElseThrow(() -> ApiErrors.notFound("no alert with id '" + id + "'")));
        }
        List<TriageState> states = new ArrayList<>(alerts.size());
        for (Alert alert : alerts) {
            try {
                states.add(triage.change(alert, change, analyst.name()));
            } catch (IllegalArgumentException e) {
                throw ApiErrors.unprocessable(alert.alertId() + ": " + e.getMessage() + changedSoFar(states, alerts));
            } catch (JournalUnavailableException e) {
                LOG.error("Bulk triage by {} failed at {}: {}", analyst.name(), alert.alertId(), e.getMessage(), e);
                throw ApiErrors.unavailable("the triage store or the audit log is unavailable: " + e.getMessage()
                        + changedSoFar(states, alerts));
            }
        }
        return new BulkResult(states);
    }

    private static String changedSoFar(List<TriageState> states, List<Alert> alerts) {
        return "; " + states.size() + " of " + alerts.size() + " alerts were changed before";
    }
}
