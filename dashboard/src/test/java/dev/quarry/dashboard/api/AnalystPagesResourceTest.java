package dev.quarry.dashboard.api;

import static dev.quarry.dashboard.store.AlertBuilder.T0;
import static dev.quarry.dashboard.store.AlertBuilder.anAlert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quarry.dashboard.auth.Role;
import dev.quarry.dashboard.auth.TestTokens;
import dev.quarry.dashboard.store.AlertStore;
import dev.quarry.dashboard.triage.TriageStatus;
import dev.quarry.detectors.alert.AlertJson;
import dev.quarry.detectors.alert.Severity;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The routes behind the analyst's pages: clusters, the overview, the export and bulk triage. */
@ExtendWith(DropwizardExtensionsSupport.class)
class AnalystPagesResourceTest {
    private static final long HOUR = 3_600_000L;

    private final TestApi api;
    private final AlertStore store;
    final ResourceExtension resources;

    AnalystPagesResourceTest(@TempDir Path dir) throws IOException {
        api = new TestApi(dir);
        store = api.store;
        resources = api.resources();
    }

    @AfterEach
    void close() throws IOException {
        api.close();
    }

    @Test
    void showsAClusterWithItsMembersKeysAndPooledVolume() throws IOException {
        store.put(anAlert("c-1").cluster("hydra-a/1", "a/1", "a/2").ts(T0).finding("hydra_cluster", 0.5, Map.of(
                "cluster_size", 3, "members", List.of("a/1", "a/2", "a/3"), "link_keys", List.of("pay:pm_1"),
                "pooled_events", 400, "max_member_hourly", 20)).build());
        store.put(anAlert("c-1").cluster("hydra-a/1", "a/1", "a/2").version(2).ts(T0 + HOUR).finding("hydra_cluster", 0.7,
                Map.of("cluster_size", 3, "members", List.of("a/1", "a/2", "a/3"),
                        "link_keys", List.of("pay:pm_1", "net-tls:10.0.0|t13"))).build());

        JsonNode view = json(resources.target("/clusters").queryParam("id", "hydra-a/1").request()
                .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(Role.VIEWER)).get());

        assertEquals("hydra-a/1", view.get("cluster_id").asText());
        assertEquals(3, view.get("cluster_size").asInt());
        assertEquals(List.of("a/1", "a/2", "a/3"), strings(view.get("members")));
        assertEquals(List.of("pay:pm_1", "net-tls:10.0.0|t13"), strings(view.get("link_keys")));
        assertEquals(2, view.get("volume").size());
        assertEquals(20, view.get("volume").get(0).get("max_member_hourly").asInt());
        assertEquals(200, view.get("volume").get(1).get("pooled_events").asInt());
        assertEquals(1, view.get("alerts").size());
        assertEquals(2, view.get("signals").size());
    }

    @Test
    void refusesTheQueryFormWithoutAnId() {
        Response response = resources.target("/clusters").request().header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(Role.VIEWER)).get();
        assertEquals(400, response.getStatus());
    }

    @Test
    void countsAlertsPerHourBySeverityEndingWithTheNewestAlert() throws IOException {
        store.put(anAlert("a-1").ts(T0).severity(Severity.HIGH).finding("logit_bias_sweep", 0.8, Map.of()).build());
        store.put(anAlert("a-2").ts(T0 + 10).severity(Severity.LOW).finding("logit_bias_sweep", 0.3, Map.of()).build());
        store.put(anAlert("a-3").ts(T0 + 2 * HOUR + 5).severity(Severity.CRITICAL)
                .finding("templated_queries", 0.95, Map.of()).finding("logit_bias_sweep", 0.9, Map.of()).build());
        store.put(anAlert("old").ts(T0 - 100 * HOUR).severity(Severity.HIGH).build());

        JsonNode overview = json(viewer("/overview?hours=3"));

        assertEquals(T0 + 3 * HOUR, overview.get("window_end").asLong());
        JsonNode hours = overview.get("per_hour");
        assertEquals(3, hours.size());
        assertEquals(T0, hours.get(0).get("hour").asLong());
        assertEquals(1, hours.get(0).get("by_severity").get("high").asInt());
        assertEquals(1, hours.get(0).get("by_severity").get("low").asInt());
        assertEquals(0, hours.get(1).get("by_severity").get("critical").asInt());
        assertEquals(1, hours.get(2).get("by_severity").get("critical").asInt());
        assertEquals("logit_bias_sweep", overview.get("top_detectors").get(0).get("name").asText());
        assertEquals(3, overview.get("top_detectors").get(0).get("alerts").asInt());
        assertEquals(3, overview.get("window_alerts").asInt());
        assertEquals(4, overview.get("by_triage").get("new").asInt());
    }

    @Test
    void listsTheNewestUnassignedHighAndCriticalAlertsThatAreStillOpen() throws IOException {
        store.put(anAlert("open").ts(T0 + 1).severity(Severity.CRITICAL).build());
        store.put(anAlert("assigned").ts(T0 + 2).severity(Severity.HIGH).build());
        store.put(anAlert("resolved").ts(T0 + 3).severity(Severity.HIGH).build());
        store.put(anAlert("medium").ts(T0 + 4).severity(Severity.MEDIUM).build());
        triage("assigned", "{\"status\": \"investigating\", \"assignee\": \"alice\"}");
        triage("resolved", "{\"status\": \"resolved\"}");

        JsonNode overview = json(viewer("/overview"));

        JsonNode unassigned = overview.get("unassigned");
        assertEquals(1, unassigned.size(), unassigned.toString());
        assertEquals("open", unassigned.get(0).get("alert_id").asText());
        assertEquals("new", unassigned.get(0).get("triage").get("status").asText());
        assertEquals(2, overview.get("by_triage").get("new").asInt());
        assertEquals(1, overview.get("by_triage").get("investigating").asInt());
        assertEquals(1, overview.get("by_triage").get("resolved").asInt());
    }

    @Test
    void exportsTheFilteredAlertsAsCsvWithFormulasNeutralised() {
        store.put(anAlert("a-1").client("=HYPERLINK(\"http://evil\",\"x\")").ts(T0 + 1).severity(Severity.HIGH)
                .summary("+cmd|' /C calc'!A0, \"quoted\"\nsecond line").build());
        store.put(anAlert("a-2").client("@acct").ts(T0).severity(Severity.HIGH).summary("-2+3").build());
        store.put(anAlert("a-low").ts(T0 + 2).severity(Severity.LOW).build());

        Response response = viewer("/alerts/export?format=csv&min_severity=high");

        assertEquals(200, response.getStatus());
        assertTrue(response.getMediaType().toString().startsWith("text/csv"), response.getMediaType().toString());
        assertEquals("attachment; filename=\"quarry-alerts.csv\"", response.getHeaderString(HttpHeaders.CONTENT_DISPOSITION));
        assertEquals("2", response.getHeaderString("X-Total-Count"));
        String csv = response.readEntity(String.class);
        String[] lines = csv.split("\r\n");
        assertEquals(String.join(",", AlertCsv.COLUMNS), lines[0]);
        assertTrue(lines[1].startsWith("a-1,1,2025-03-01T12:00:00.001Z,"), lines[1]);
        assertTrue(csv.contains(",\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\","), csv);
        assertTrue(csv.contains("\"'+cmd|' /C calc'!A0, \"\"quoted\"\"\nsecond line\""), csv);
        assertTrue(csv.contains(",'@acct,"), csv);
        assertTrue(csv.contains(",'-2+3"), csv);
        assertFalse(csv.contains("a-low"), csv);
    }

    @Test
    void exportsTheFilteredAlertsAsJsonWithTheirTriage() throws IOException {
        store.put(anAlert("a-1").client("acct-1").build());
        store.put(anAlert("a-2").client("acct-2").build());
        triage("a-1", "{\"status\": \"acknowledged\"}");

        JsonNode alerts = json(viewer("/alerts/export?format=json&triage_status=acknowledged"));

        assertEquals(1, alerts.size());
        assertEquals("a-1", alerts.get(0).get("alert_id").asText());
        assertEquals("acknowledged", alerts.get(0).get("triage").get("status").asText());
    }

    @Test
    void refusesAnUnknownExportFormat() {
        assertEquals(400, viewer("/alerts/export?format=xlsx").getStatus());
    }

    @Test
    void triagesSeveralAlertsAtOnce() throws IOException {
        store.put(anAlert("a-1").build());
        store.put(anAlert("a-2").build());

        JsonNode result = json(bulk("{\"alert_ids\": [\"a-1\", \"a-2\"], \"status\": \"false_positive\", \"note\": \"eval team\"}"));

        assertEquals(2, result.get("items").size());
        assertEquals(TriageStatus.FALSE_POSITIVE, api.triage.stateOf("a-1").status());
        assertEquals(TriageStatus.FALSE_POSITIVE, api.triage.stateOf("a-2").status());
        assertEquals("eval team", api.triage.stateOf("a-2").notes().get(0).text());
        assertEquals(2, api.audit.page(0, 10).items().size());
    }

    @Test
    void bulkTriageChangesNothingWhenOneAlertIsUnknown() {
        store.put(anAlert("a-1").build());

        Response response = bulk("{\"alert_ids\": [\"a-1\", \"nope\"], \"status\": \"resolved\"}");

        assertEquals(404, response.getStatus());
        assertEquals(TriageStatus.NEW, api.triage.stateOf("a-1").status());
    }

    @Test
    void bulkTriageRefusesAnInvalidStatusOrNoAlerts() {
        store.put(anAlert("a-1").build());
        assertEquals(422, bulk("{\"alert_ids\": [\"a-1\"], \"status\": \"done\"}").getStatus());
        assertEquals(422, bulk("{\"alert_ids\": [], \"status\": \"resolved\"}").getStatus());
    }

    private void triage(String id, String body) {
        Response response = resources.target("/alerts/" + id + "/triage").request()
                .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(Role.ANALYST)).post(Entity.json(body));
        assertEquals(200, response.getStatus(), () -> response.readEntity(String.class));
    }

    private Response bulk(String body) {
        return resources.target("/alerts/triage").request()
                .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(Role.ANALYST)).post(Entity.json(body));
    }

    /** GET as a viewer; the query string, if any, is passed as given. */
    private Response viewer(String pathAndQuery) {
        String[] parts = pathAndQuery.split("\\?", 2);
        WebTarget target = resources.target(parts[0]);
        if (parts.length == 2) {
            for (String param : parts[1].split("&")) {
                String[] kv = param.split("=", 2);
                target = target.queryParam(kv[0], kv[1]);
            }
        }
        Invocation.Builder request = target.request().header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(Role.VIEWER));
        return request.get();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static JsonNode json(Response response) throws IOException {
        String body = response.readEntity(String.class);
        assertEquals(200, response.getStatus(), body);
        return AlertJson.mapper().readTree(body);
    }
}
