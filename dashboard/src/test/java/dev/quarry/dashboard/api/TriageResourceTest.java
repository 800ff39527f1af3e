package dev.quarry.dashboard.api;

import static dev.quarry.dashboard.store.AlertBuilder.T0;
import static dev.quarry.dashboard.store.AlertBuilder.anAlert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.dashboard.auth.Role;
import dev.quarry.dashboard.auth.Sessions;
import dev.quarry.dashboard.auth.TestTokens;
import dev.quarry.dashboard.store.AlertStore;
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
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /alerts/{id}/triage} and the triage state the alert routes carry and filter by. */
@ExtendWith(DropwizardExtensionsSupport.class)
class TriageResourceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final TestApi api;
    private final AlertStore store;
    final ResourceExtension resources;

    TriageResourceTest(@TempDir Path dir) throws IOException {
        api = new TestApi(dir);
        store = api.store;
        store.putAll(List.of(
                anAlert("a-1").client("acct-1").ts(T0).severity(Severity.HIGH).build(),
                anAlert("a-2").client("acct-2").ts(T0 + 1).build(),
                anAlert("a-3").client("acct-3").ts(T0 + 2).build()));
        resources = api.resources();
    }

    @AfterEach
    void close() throws IOException {
        api.close();
    }

    @Test
    void anAnalystTriagesAnAlertAndGetsItsNewState() throws IOException {
        long before = System.currentTimeMillis();

        Response response = post("a-1", Map.of("status", "investigating", "assignee", "alice", "note", "<b>sweep</b>"));

        assertEquals(200, response.getStatus());
        JsonNode state = JSON.readTree(response.readEntity(String.class));
        assertEquals(List.of("alert_id", "status", "assignee", "notes", "updated_at", "updated_by"), fields(state));
        assertEquals("a-1", state.get("alert_id").asText());
        assertEquals("investigating", state.get("status").asText());
        assertEquals("alice", state.get("assignee").asText());
        assertEquals("analyst", state.get("updated_by").asText());
        assertTrue(state.get("updated_at").asLong() >= before);
        assertEquals("<b>sweep</b>", state.get("notes").get(0).get("text").asText());
        assertEquals("analyst", state.get("notes").get(0).get("actor").asText());
    }

    @Test
    void theAlertAndTheListCarryTheTriageStateAndNewWhenNobodyTriaged() throws IOException {
        post("a-1", Map.of("status", "resolved"));

        JsonNode alert = json(get(t -> t.path("a-1")));
        JsonNode page = json(get(t -> t));
        JsonNode single = json(get(t -> t.path("a-1").path("triage")));

        assertEquals("resolved", alert.get("triage").get("status").asText());
        assertEquals("{\"status\":\"new\"}", page.get("items").get(0).get("triage").toString(), "a-3, untriaged");
        assertEquals("resolved", page.get("items").get(2).get("triage").get("status").asText());
        assertEquals(alert.get("triage"), single);
        assertEquals("a-1", alert.get("alert_id").asText());
    }

    @Test
    void filtersTheListByTriageStatusWithNewIncludingTheUntriaged() throws IOException {
        post("a-1", Map.of("status", "resolved"));
        post("a-2", Map.of("status", "acknowledged"));

        assertEquals(List.of("a-3"), ids(get(t -> t.queryParam("triage_status", "new"))));
        assertEquals(List.of("a-3", "a-1"), ids(get(t -> t.queryParam("triage_status", "new,resolved"))));
        assertEquals(List.of("a-2", "a-1"), ids(get(t -> t.queryParam("triage_status", "acknowledged", "RESOLVED"))));
        assertEquals(List.of(), ids(get(t -> t.queryParam("triage_status", "false_positive"))));
    }

    @Test
    void filtersTheListByAssigneeAlongWithTheOtherCriteria() throws IOException {
        post("a-1", Map.of("status", "investigating", "assignee", "alice"));
        post("a-2", Map.of("status", "investigating", "assignee", "Alice"));
        post("a-3", Map.of("status", "resolved", "assignee", "bob"));

        assertEquals(List.of("a-2", "a-1"), ids(get(t -> t.queryParam("assignee", "alice"))));
        assertEquals(List.of("a-1"), ids(get(t -> t.queryParam("assignee", "alice").queryParam("client", "acct-1"))));
        assertEquals(List.of(), ids(get(t -> t.queryParam("assignee", "bob").queryParam("triage_status", "new"))));
        assertEquals(List.of(), ids(get(t -> t.queryParam("assignee", "carol"))));
    }

    @Test
    void answersAnUnknownOrMissingStatusWith422() throws IOException {
        Response unknown = post("a-1", Map.of("status", "done"));
        Response missing = post("a-1", Map.of("note", "no status"));

        assertEquals(422, unknown.getStatus());
        JsonNode body = JSON.readTree(unknown.readEntity(String.class));
        assertEquals(422, body.get("code").asInt());
        assertTrue(body.get("message").asText().contains("expected one of new, acknowledged"), body.toString());
        assertEquals(422, missing.getStatus());
        assertEquals("{\"status\":\"new\"}", json(get(t -> t.path("a-1").path("triage"))).toString(), "nothing changed");
    }

    @Test
    void answersAnUnknownAlertWith404AndABadFilterWith400() {
        assertEquals(404, post("nope", Map.of("status", "resolved")).getStatus());
        assertEquals(404, get(t -> t.path("nope").path("triage")).getStatus());
        assertEquals(400, get(t -> t.queryParam("triage_status", "closed")).getStatus());
    }

    @Test
    void aSessionWritesWithItsCsrfTokenAndABearerTokenWithout() throws IOException {
        Response signedIn = resources.target("/session").request()
                .post(Entity.json(Map.of("token", TestTokens.token(Role.ANALYST))));
        String cookie = signedIn.getHeaderString(HttpHeaders.SET_COOKIE).split(";", 2)[0].split("=", 2)[1];
        String csrf = JSON.readTree(signedIn.readEntity(String.class)).get("csrf_token").asText();
        Entity<Map<String, String>> body = Entity.json(Map.of("status", "acknowledged"));

        Response cookieOnly = resources.target("/alerts/a-1/triage").request().cookie(Sessions.COOKIE, cookie).post(body);
        Response withCsrf = resources.target("/alerts/a-1/triage").request().cookie(Sessions.COOKIE, cookie)
                .header(Sessions.CSRF_HEADER, csrf).post(body);
        Response bearer = post("a-2", Map.of("status", "acknowledged"));

        assertEquals(403, cookieOnly.getStatus());
        assertEquals(200, withCsrf.getStatus());
        assertEquals(200, bearer.getStatus());
    }

    private Response post(String id, Map<String, String> body) {
        return resources.target("/alerts/" + id + "/triage").request()
                .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(Role.ANALYST)).post(Entity.json(body));
    }

    private Response get(UnaryOperator<WebTarget> target) {
        Invocation.Builder request = target.apply(resources.target("/alerts")).request();
        return request.header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(Role.VIEWER)).get();
    }

    private static JsonNode json(Response response) throws IOException {
        assertEquals(200, response.getStatus());
        return JSON.readTree(response.readEntity(String.class));
    }

    private static List<String> ids(Response response) throws IOException {
        List<String> ids = new ArrayList<>();
        json(response).get("items").forEach(item -> ids.add(item.get("alert_id").asText()));
        return ids;
    }

    private static List<String> fields(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
