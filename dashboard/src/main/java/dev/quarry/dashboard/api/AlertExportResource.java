package dev.quarry.dashboard.api;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.quarry.dashboard.auth.Role;
import dev.quarry.dashboard.store.AlertQuery;
import dev.quarry.dashboard.store.AlertStore;
import dev.quarry.dashboard.store.InvalidQueryException;
import dev.quarry.dashboard.triage.TriageDesk;
import dev.quarry.detectors.alert.Alert;
import dev.quarry.detectors.alert.AlertJson;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * {@code GET /alerts/export?format=csv|json&...}: every current alert that {@code GET /alerts}
 * with the same filters matches, newest first, up to {@value #MAX_ALERTS}, as a download. CSV is
 * {@link AlertCsv}; JSON is an array of alerts with their triage state, as {@code GET /alerts}
 * lists them. The alerts come from one snapshot of the store. The header {@code X-Total-Count}
 * says how many matched, which is more than the file holds when it was cut at the limit.
 * Thread-safe.
 */
@RolesAllowed(Role.Names.VIEWER)
@Path("/alerts/export")
public final class AlertExportResource {
    /** Most alerts one export holds. */
    public static final int MAX_ALERTS = 10_000;
    static final String CSV = "text/csv";

    private final AlertStore store;
    private final TriageDesk triage;

    public AlertExportResource(AlertStore store, TriageDesk triage) {
        this.store = Objects.requireNonNull(store, "store");
        this.triage = Objects.requireNonNull(triage, "triage");
    }

    /** The filters are those of {@link AlertsResource#search}, without paging. */
    @GET
    @Produces({CSV, MediaType.APPLICATION_JSON})
    public Response export(
            @QueryParam("format") String format,
            @QueryParam("severity") List<String> severity,
            @QueryParam("min_severity") String minSeverity,
            @QueryParam("client") String client,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("q") String q,
            @QueryParam("triage_status") List<String> triageStatus,
            @QueryParam("assignee") String assignee) {
        String kind = format == null || format.isBlank() ? "csv" : format.trim().toLowerCase(Locale.ROOT);
        if (!kind.equals("csv") && !kind.equals("json")) {
            throw ApiErrors.badRequest("format: expected csv or json, got '" + format.trim() + "'");
        }
        AlertQuery query = AlertFilters.query(triage, severity, minSeverity, client, from, to, q, triageStatus, assignee,
                null, null);
        List<Alert> alerts;
        long total;
        try {
            alerts = store.matching(query, MAX_ALERTS);
            total = Math.max(alerts.size(), store.search(query).total());
        } catch (InvalidQueryException e) {
            throw ApiErrors.badRequest("q: " + e.getMessage());
        }
        StreamingOutput body = kind.equals("csv") ? out -> {
            Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            AlertCsv.writeHeader(w);
            for (Alert alert : alerts) {
                AlertCsv.write(w, alert, triage.stateOf(alert.alertId()));
            }
            w.flush();
        } : out -> {
            // Not closing the generator's target: Jersey closes its own stream.
            JsonGenerator json = AlertJson.mapper().getFactory().createGenerator(out)
                    .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            json.writeStartArray();
            for (Alert alert : alerts) {
                json.writeObject(new TriagedAlert(alert, triage.stateOf(alert.alertId())));
            }
            json.writeEndArray();
            json.flush();
        };
        return Response.ok(body)
                .type(kind.equals("csv") ? CSV + "; charset=utf-8" : MediaType.APPLICATION_JSON + "; charset=utf-8")
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"quarry-alerts." + kind + "\"")
                .header("X-Total-Count", total)
                .build();
    }
}
