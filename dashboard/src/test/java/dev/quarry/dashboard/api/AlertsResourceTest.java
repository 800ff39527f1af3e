package dev.quarry.dashboard.api;

import static dev.quarry.dashboard.store.AlertBuilder.T0;
import static dev.quarry.dashboard.store.AlertBuilder.anAlert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quarry.dashboard.auth.Role;
import dev.quarry.dashboard.auth.TestTokens;
import dev.quarry.dashboard.store.AlertPage;
import dev.quarry.dashboard.store.AlertStore;
import dev.quarry.detectors.alert.Alert;
import dev.quarry.detectors.alert.AlertJson;
import dev.quarry.detectors.alert.Severity;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(DropwizardExtensionsSupport.class)
class AlertsResourceTest {
    private final TestApi api;
    private final AlertStore store;
    final ResourceExtension resources;

    AlertsResourceTest(@TempDir Path dir) throws IOException {
        api = new TestApi(dir);
        store = api.store;
        resources = api.resources();
    }

    @AfterEach
    void close() throws IOException {
        api.close();
    }

    @Test
    void listsCurrentAlertsNewestFirstAsAPageWithLowerCaseSeverities() throws IOException {
        store.put(anAlert("a-1").ts(T0).severity(Severity.HIGH).build());
        store.put(anAlert("a-2").ts(T0 + 1).severity(Severity.LOW).build());

        JsonNode page = json(get(t -> t));

        assertEquals(2, page.get("total").asLong());
        assertEquals(0, page.get("offset").asInt());
        assertEquals(50, page.get("limit").asInt());
        assertEquals("a-2", page.get("items").get(0).get("alert_id").asText());
        assertEquals("high", page.get("items").get(1).get("severity").asText());
    }

    @Test
    void filtersBySeveritiesGivenRepeatedOrCommaSeparated() throws IOException {
        store.putAll(List.of(
                anAlert("low").severity(Severity.LOW).build(),
                anAlert("med").severity(Severity.MEDIUM).build(),
                anAlert("high").severity(Severity.HIGH).build(),
                anAlert("crit").severity(Severity.CRITICAL).build()));

        AlertPage page = page(get(t -> t.queryParam("severity", "low", "HIGH,critical")));

        assertEquals(List.of("crit", "high", "low"), ids(page));
    }

    @Test
    void filtersByMinimumSeverityAndClient() throws IOException {
        store.putAll(List.of(
                anAlert("a-1").client("acct-1").severity(Severity.HIGH).build(),
                anAlert("a-2").client("acct-1").severity(Severity.LOW).build(),
                anAlert("a-3").client("acct-2").severity(Severity.CRITICAL).build(),
                anAlert("c-1").cluster("cluster-1", "acct-1", "acct-9").severity(Severity.MEDIUM).build()));

        AlertPage page = page(get(t -> t.queryParam("min_severity", "medium").queryParam("client", "acct-1")));

        assertEquals(List.of("a-1", "c-1"), ids(page.items().stream().sorted(
                java.util.Comparator.comparing(Alert::alertId)).toList()));
    }

    @Test
    void acceptsRfc3339AndEpochMillisForTheTimeRange() throws IOException {
        store.putAll(List.of(
                anAlert("early").ts(T0 - 60_000).build(),
                anAlert("noon").ts(T0).build(),
                anAlert("late").ts(T0 + 60_000).build()));

        AlertPage byText = page(get(t -> t.queryParam("from", "2025-03-01T12:00:00Z")
                .queryParam("to", "2025-03-01T12:01:00Z")));
        AlertPage byMillis = page(get(t -> t.queryParam("from", T0).queryParam("to", T0 + 60_000)));

        assertEquals(List.of("noon"), ids(byText));
        assertEquals(List.of("noon"), ids(byMillis));
    }

    @Test
    void searchesFreeTextAndPages() throws IOException {
        for (int i = 0; i < 5; i++) {
            store.put(anAlert("a-" + i).ts(T0 + i).finding("template_reuse", 0.7,
                    Map.of("template", i % 2 == 0 ? "translate into pirate" : "summarise")).build());
        }

        AlertPage page = page(get(t -> t.queryParam("q", "pirate").queryParam("offset", 1).queryParam("limit", 1)));

        assertEquals(3, page.total());
        assertEquals(List.of("a-2"), ids(page));
    }

    @Test
    void answersAnUnknownSeverityWith400AndAJsonMessage() throws IOException {
        Response response = get(t -> t.queryParam("severity", "apocalyptic"));

        assertBadRequest(response, "severity");
    }

    @Test
    void answersAMalformedFreeTextQueryWith400() throws IOException {
        assertBadRequest(get(t -> t.queryParam("q", "summary:(unbalanced")), "q:");
        assertBadRequest(get(t -> t.queryParam("q", "*leading")), "q:");
    }

    @Test
    void answersBadPagingWith400() throws IOException {
        assertBadRequest(get(t -> t.queryParam("limit", "ten")), "limit");
        assertBadRequest(get(t -> t.queryParam("limit", 501)), "limit");
        assertBadRequest(get(t -> t.queryParam("offset", -1)), "offset");
    }

    @Test
    void answersBadTimesWith400() throws IOException {
        assertBadRequest(get(t -> t.queryParam("from", "yesterday")), "from");
        assertBadRequest(get(t -> t.queryParam("from", T0 + 1).queryParam("to", T0)), "from");
    }

    @Test
    void returnsTheCurrentVersionOfOneAlert() throws IOException {
        store.put(anAlert("a-1").version(1).build());
        store.put(anAlert("a-1").version(2).severity(Severity.CRITICAL).build());

        Response response = request("/alerts/a-1").get();

        assertEquals(200, response.getStatus());
        Alert alert = AlertJson.fromJson(response.readEntity(String.class));
        assertEquals(2, alert.version());
        assertEquals(Severity.CRITICAL, alert.severity());
    }

    @Test
    void answersAnUnknownAlertWith404AndAJsonMessage() throws IOException {
        Response response = request("/alerts/nope").get();

        assertEquals(404, response.getStatus());
        JsonNode body = json(response);
        assertEquals(404, body.get("code").asInt());
        assertTrue(body.get("message").asText().contains("nope"));
    }

    @Test
    void returnsEveryVersionOldestFirst() throws IOException {
        Alert v1 = anAlert("a-1").version(1).build();
        Alert v2 = anAlert("a-1").version(2).severity(Severity.HIGH).build();
        store.put(v2);
        store.put(v1);

        Response response = request("/alerts/a-1/history").get();

        assertEquals(200, response.getStatus());
        JsonNode versions = json(response);
        assertEquals(2, versions.size());
        assertEquals(List.of(v1, v2), List.of(
                AlertJson.mapper().treeToValue(versions.get(0), Alert.class),
                AlertJson.mapper().treeToValue(versions.get(1), Alert.class)));
        assertEquals("high", versions.get(1).get("severity").asText());
    }

    @Test
    void answersTheHistoryOfAnUnknownAlertWith404() {
        assertEquals(404, request("/alerts/nope/history").get().getStatus());
    }

    private Response get(UnaryOperator<WebTarget> params) {
        return params.apply(resources.target("/alerts")).request()
                .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(Role.VIEWER)).get();
    }

    private static JsonNode json(Response response) throws IOException {
        return AlertJson.mapper().readTree(response.readEntity(String.class));
    }

    private static AlertPage page(Response response) throws IOException {
        assertEquals(200, response.getStatus());
        return AlertJson.mapper().readValue(response.readEntity(String.class), AlertPage.class);
    }

    private static void assertBadRequest(Response response, String mentioned) throws IOException {
        assertEquals(400, response.getStatus());
        assertTrue(response.getMediaType().toString().startsWith("application/json"), response.getMediaType().toString());
        JsonNode body = json(response);
        assertEquals(400, body.get("code").asInt());
        assertTrue(body.get("message").asText().contains(mentioned), body.toString());
    }

    private static List<String> ids(AlertPage page) {
        return ids(page.items());
    }

    private static List<String> ids(List<Alert> alerts) {
        return alerts.stream().map(Alert::alertId).toList();
    }

    /** A request as a viewer. */
    private Invocation.Builder request(String path) {
        return resources.target(path).request().header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(Role.VIEWER));
    }
}
