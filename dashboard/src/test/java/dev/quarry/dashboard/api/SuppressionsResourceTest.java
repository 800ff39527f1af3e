package dev.quarry.dashboard.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.dashboard.audit.AuditEntry;
import dev.quarry.dashboard.auth.Role;
import dev.quarry.dashboard.auth.TestTokens;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code /suppressions}: making, listing and deleting suppressions, who may, and what is refused. */
@ExtendWith(DropwizardExtensionsSupport.class)
class SuppressionsResourceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final TestApi api;
    final ResourceExtension resources;

    SuppressionsResourceTest(@TempDir Path dir) throws IOException {
        api = new TestApi(dir);
        resources = api.resources();
    }

    @AfterEach
    void close() throws IOException {
        api.close();
    }

    @Test
    void anAnalystSuppressesAClientAndGetsTheSuppressionWithItsId() throws IOException {
        long before = System.currentTimeMillis();

        Response response = post(Role.ANALYST, Map.of("client_id", "key_partner", "detectors", List.of("capability_coverage"),
                "reason", "<b>translation partner</b>", "expires_at", "2026-12-01T00:00:00Z"));

        assertEquals(201, response.getStatus());
        JsonNode s = JSON.readTree(response.readEntity(String.class));
        assertTrue(s.get("id").asText().matches("sup_[0-9a-f]{20}"), s.toString());
        assertEquals(response.getLocation().getPath(), "/api/suppressions/" + s.get("id").asText());
        assertEquals(List.of("id", "client_id", "detectors", "reason", "expires_at", "created_by", "created_at"), fields(s));
        assertEquals("key_partner", s.get("client_id").asText());
        assertEquals("capability_coverage", s.get("detectors").get(0).asText());
        assertEquals("<b>translation partner</b>", s.get("reason").asText());
        assertEquals(1796083200000L, s.get("expires_at").asLong());
        assertEquals("analyst", s.get("created_by").asText());
        assertTrue(s.get("created_at").asLong() >= before);
        JsonNode list = JSON.readTree(get("/suppressions", Role.VIEWER).readEntity(String.class));
        assertEquals(1, list.size());
        assertEquals(s, list.get(0));
        assertEquals(s, JSON.readTree(get("/suppressions/" + s.get("id").asText(), Role.VIEWER).readEntity(String.class)));
    }

    @Test
    void aSuppressionWithoutDetectorsHoldsBackEveryDetectorAndSaysSoByLeavingThemOut() throws IOException {
        JsonNode s = JSON.readTree(post(Role.ANALYST, Map.of("org_id", "org_eval")).readEntity(String.class));

        assertEquals(List.of("id", "org_id", "reason", "created_by", "created_at"), fields(s));
    }

    @Test
    void badBodiesAreRefusedWith422NamingTheField() throws IOException {
        assertRefused(Map.of(), "exactly one of client_id and org_id");
        assertRefused(Map.of("client_id", "a", "org_id", "b"), "exactly one of client_id and org_id");
        assertRefused(Map.of("client_id", "a", "detectors", List.of("logit_bias_sweep", "no_such_detector")),
                "detectors: unknown detector 'no_such_detector'");
        assertRefused(Map.of("client_id", "a", "detectors", List.of()), "detectors:");
        assertRefused(Map.of("client_id", "a", "expires_at", "next tuesday"), "expires_at:");
        assertRefused(Map.of("client_id", "k".repeat(257)), "client_id:");
        assertRefused(Map.of("client_id", "a", "reason", "r".repeat(1001)), "reason:");
        assertEquals(201, post(Role.ANALYST, Map.of("client_id", "k".repeat(256))).getStatus(), "256 characters are fine");
        assertEquals(1, JSON.readTree(get("/suppressions", Role.VIEWER).readEntity(String.class)).size(), "only the valid one");
    }

    @Test
    void anAnalystDeletesItsOwnSuppressionButNotAnothers() throws IOException {
        String mine = id(post(Role.ANALYST, Map.of("client_id", "a")));
        String admins = id(post(Role.ADMIN, Map.of("client_id", "b")));

        assertEquals(403, delete(admins, Role.ANALYST).getStatus());
        assertEquals(204, delete(mine, Role.ANALYST).getStatus());
        assertEquals(404, delete(mine, Role.ANALYST).getStatus(), "gone");
        assertEquals(1, JSON.readTree(get("/suppressions", Role.VIEWER).readEntity(String.class)).size());
    }

    @Test
    void anAdminDeletesAnyonesSuppression() throws IOException {
        String analysts = id(post(Role.ANALYST, Map.of("client_id", "a")));

        assertEquals(204, delete(analysts, Role.ADMIN).getStatus());
        assertEquals(0, JSON.readTree(get("/suppressions", Role.VIEWER).readEntity(String.class)).size());
    }

    @Test
    void makingAndDeletingASuppressionAreAudited() throws IOException {
        String id = id(post(Role.ANALYST, Map.of("client_id", "key_partner", "detectors", List.of("capability_coverage"),
                "reason", "partner")));
        delete(id, Role.ADMIN);

        List<AuditEntry> entries = api.audit.page(0, 10).items();
        assertEquals("unsuppress", entries.get(0).action().wireName());
        assertEquals("admin", entries.get(0).actor());
        assertEquals(id, entries.get(0).target());
        assertEquals(Map.of("client_id", "key_partner", "created_by", "analyst"), entries.get(0).detail());
        assertEquals("suppress", entries.get(1).action().wireName());
        assertEquals("analyst", entries.get(1).actor());
        assertEquals(Map.of("client_id", "key_partner", "detectors", "capability_coverage", "reason", "partner"),
                entries.get(1).detail());
    }

    private void assertRefused(Map<String, Object> body, String message) throws IOException {
        Response response = post(Role.ANALYST, body);
        String text = response.readEntity(String.class);
        assertEquals(422, response.getStatus(), text);
        assertTrue(JSON.readTree(text).get("message").asText().startsWith(message), text);
    }

    private Response post(Role role, Map<String, Object> body) throws IOException {
        return resources.target("/suppressions").request().header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(role))
                .post(Entity.json(JSON.writeValueAsString(new LinkedHashMap<>(body))));
    }

    private Response get(String path, Role role) {
        return resources.target(path).request().header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(role)).get();
    }

    private Response delete(String id, Role role) {
        return resources.target("/suppressions/" + id).request().header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(role))
                .delete();
    }

    private static String id(Response response) throws IOException {
        assertEquals(201, response.getStatus());
        return JSON.readTree(response.readEntity(String.class)).get("id").asText();
    }

    private static List<String> fields(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
