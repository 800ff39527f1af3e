package dev.quarry.dashboard.api;

import static dev.quarry.dashboard.store.AlertBuilder.anAlert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.dashboard.auth.Role;
import dev.quarry.dashboard.auth.Sessions;
import dev.quarry.dashboard.auth.TestTokens;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import jakarta.ws.rs.client.Entity;
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

/** {@code GET /audit}: what triage, sign-in and sign-out through the API leave in the audit log. */
@ExtendWith(DropwizardExtensionsSupport.class)
class AuditResourceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final TestApi api;
    final ResourceExtension resources;

    AuditResourceTest(@TempDir Path dir) throws IOException {
        api = new TestApi(dir);
        api.store.put(anAlert("a-1").build());
        resources = api.resources();
    }

    @AfterEach
    void close() throws IOException {
        api.close();
    }

    @Test
    void listsSignInTriageAndSignOutNewestFirstWithTheirActors() throws IOException {
        Response signedIn = resources.target("/session").request()
                .post(Entity.json(Map.of("token", TestTokens.token(Role.ANALYST))));
        String cookie = signedIn.getHeaderString(HttpHeaders.SET_COOKIE).split(";", 2)[0].split("=", 2)[1];
        String csrf = JSON.readTree(signedIn.readEntity(String.class)).get("csrf_token").asText();
        assertEquals(200, resources.target("/alerts/a-1/triage").request().cookie(Sessions.COOKIE, cookie)
                .header(Sessions.CSRF_HEADER, csrf)
                .post(Entity.json(Map.of("status", "resolved", "note", "benign"))).getStatus());
        assertEquals(204, resources.target("/session").request().cookie(Sessions.COOKIE, cookie)
                .header(Sessions.CSRF_HEADER, csrf).delete().getStatus());

        JsonNode page = audit(0, 50);

        assertEquals(3, page.get("total").asInt());
        List<String> actions = new ArrayList<>();
        page.get("items").forEach(item -> actions.add(item.get("action").asText()));
        assertEquals(List.of("sign_out", "triage", "sign_in"), actions);
        JsonNode triage = page.get("items").get(1);
        List<String> fields = new ArrayList<>();
        triage.fieldNames().forEachRemaining(fields::add);
        assertEquals(List.of("ts", "actor", "action", "target", "detail"), fields);
        assertEquals("analyst", triage.get("actor").asText());
        assertEquals("a-1", triage.get("target").asText());
        assertEquals("resolved", triage.get("detail").get("status").asText());
        assertEquals("benign", triage.get("detail").get("note").asText());
        assertTrue(triage.get("ts").asLong() > 1_700_000_000_000L, "epoch millis");
        assertEquals("session", page.get("items").get(0).get("target").asText());
    }

    @Test
    void pagesWithLimitAndOffsetAndRefusesABadLimit() throws IOException {
        for (String status : List.of("acknowledged", "investigating", "resolved")) {
            resources.target("/alerts/a-1/triage").request().header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(Role.ADMIN))
                    .post(Entity.json(Map.of("status", status)));
        }

        JsonNode page = audit(1, 1);
        Response bad = resources.target("/audit").queryParam("limit", 0).request()
                .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(Role.ADMIN)).get();

        assertEquals(3, page.get("total").asInt());
        assertEquals(1, page.get("items").size());
        assertEquals("investigating", page.get("items").get(0).get("detail").get("status").asText());
        assertEquals(400, bad.getStatus());
    }

    private JsonNode audit(int offset, int limit) throws IOException {
        Response response = resources.target("/audit").queryParam("offset", offset).queryParam("limit", limit)
                .request().header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(Role.ADMIN)).get();
        assertEquals(200, response.getStatus());
        return JSON.readTree(response.readEntity(String.class));
    }
}
