package dev.quarry.dashboard.auth;

import static dev.quarry.dashboard.store.AlertBuilder.anAlert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.dashboard.api.TestApi;
import dev.quarry.dashboard.store.AlertStore;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Signing in with a token, the session cookie it sets, CSRF on the cookie's writes, signing out. */
@ExtendWith(DropwizardExtensionsSupport.class)
class SessionResourceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final TestApi api;
    private final AlertStore store;
    final ResourceExtension resources;

    SessionResourceTest(@TempDir Path dir) throws IOException {
        api = new TestApi(dir);
        store = api.store;
        store.put(anAlert("a-1").build());
        resources = api.resources();
    }

    @AfterEach
    void close() throws IOException {
        api.close();
    }

    @Test
    void signingInSetsAnHttpOnlySameSiteStrictCookieAndReturnsTheCsrfToken() throws IOException {
        Response response = signIn(TestTokens.token(Role.ANALYST));

        assertEquals(200, response.getStatus());
        String setCookie = response.getHeaderString(HttpHeaders.SET_COOKIE);
        assertTrue(setCookie.startsWith(Sessions.COOKIE + "="), setCookie);
        assertTrue(setCookie.contains("HttpOnly"), setCookie);
        assertTrue(setCookie.contains("SameSite=Strict"), setCookie);
        assertFalse(setCookie.contains(TestTokens.token(Role.ANALYST)), "the cookie is not the token");
        JsonNode body = JSON.readTree(response.readEntity(String.class));
        assertEquals("analyst", body.get("name").asText());
        assertEquals("analyst", body.get("role").asText());
        assertTrue(body.get("csrf_token").asText().length() >= 40, body.toString());
        assertTrue(body.get("expires_at").asLong() > System.currentTimeMillis());
    }

    @Test
    void theSessionCookieReadsTheApiAndTheLiveFeedNeedsNothingElse() {
        String session = sessionOf(signIn(TestTokens.token(Role.VIEWER)));

        Response alerts = resources.target("/alerts").request().cookie(Sessions.COOKIE, session).get();

        assertEquals(200, alerts.getStatus());
    }

    @Test
    void aWriteWithTheCookieAloneIsRefusedWith403AndPassesWithTheCsrfHeader() throws IOException {
        Response signedIn = signIn(TestTokens.token(Role.VIEWER));
        String session = sessionOf(signedIn);
        String csrf = JSON.readTree(signedIn.readEntity(String.class)).get("csrf_token").asText();

        Response withoutCsrf = resources.target("/session").request().cookie(Sessions.COOKIE, session).delete();
        Response wrongCsrf = resources.target("/session").request().cookie(Sessions.COOKIE, session)
                .header(Sessions.CSRF_HEADER, csrf + "x").delete();
        Response withCsrf = resources.target("/session").request().cookie(Sessions.COOKIE, session)
                .header(Sessions.CSRF_HEADER, csrf).delete();

        assertEquals(403, withoutCsrf.getStatus());
        assertTrue(withoutCsrf.readEntity(String.class).contains(Sessions.CSRF_HEADER));
        assertEquals(403, wrongCsrf.getStatus());
        assertEquals(204, withCsrf.getStatus());
    }

    @Test
    void signingOutEndsTheSessionAndClearsTheCookie() throws IOException {
        Response signedIn = signIn(TestTokens.token(Role.ADMIN));
        String session = sessionOf(signedIn);
        String csrf = JSON.readTree(signedIn.readEntity(String.class)).get("csrf_token").asText();

        Response out = resources.target("/session").request().cookie(Sessions.COOKIE, session)
                .header(Sessions.CSRF_HEADER, csrf).delete();

        assertEquals(204, out.getStatus());
        assertTrue(out.getHeaderString(HttpHeaders.SET_COOKIE).contains("Max-Age=0"), out.getHeaderString(HttpHeaders.SET_COOKIE));
        assertEquals(401, resources.target("/alerts").request().cookie(Sessions.COOKIE, session).get().getStatus());
    }

    @Test
    void theCurrentSessionGivesBackItsCsrfTokenAfterAReload() throws IOException {
        Response signedIn = signIn(TestTokens.token(Role.ANALYST));
        String session = sessionOf(signedIn);
        String csrf = JSON.readTree(signedIn.readEntity(String.class)).get("csrf_token").asText();

        JsonNode current = JSON.readTree(resources.target("/session").request().cookie(Sessions.COOKIE, session)
                .get(String.class));
        JsonNode bearer = JSON.readTree(resources.target("/session").request()
                .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(Role.VIEWER)).get(String.class));

        assertEquals(csrf, current.get("csrf_token").asText());
        assertEquals("analyst", current.get("name").asText());
        assertEquals(Map.of("name", "viewer", "role", "viewer"), JSON.convertValue(bearer, Map.class));
    }

    @Test
    void anUnknownTokenIsRefusedWith401AndSetsNoCookie() throws IOException {
        Response response = signIn("not-a-token-anyone-has");

        assertEquals(401, response.getStatus());
        assertEquals(null, response.getHeaderString(HttpHeaders.SET_COOKIE));
        assertEquals(401, JSON.readTree(response.readEntity(String.class)).get("code").asInt());
    }

    @Test
    void anIngestTokenCannotSignInToThePage() {
        assertEquals(403, signIn(TestTokens.token(Role.INGEST)).getStatus());
    }

    @Test
    void thePeerTokenCannotSignInToThePage() {
        Response response = signIn(TestTokens.token(Role.PEER));
        assertEquals(403, response.getStatus());
        assertEquals(null, response.getHeaderString(HttpHeaders.SET_COOKIE));
    }

    @Test
    void signInTakesJsonOnlySoNoOtherSitesFormCanPostIt() {
        Response form = resources.target("/session").request()
                .post(Entity.entity("token=" + TestTokens.token(Role.ADMIN), MediaType.APPLICATION_FORM_URLENCODED));
        Response text = resources.target("/session").request()
                .post(Entity.entity("{\"token\":\"" + TestTokens.token(Role.ADMIN) + "\"}", MediaType.TEXT_PLAIN));

        assertEquals(415, form.getStatus());
        assertEquals(415, text.getStatus());
    }

    private Response signIn(String token) {
        return resources.target("/session").request().post(Entity.json(Map.of("token", token)));
    }

    private static String sessionOf(Response signedIn) {
        String setCookie = signedIn.getHeaderString(HttpHeaders.SET_COOKIE);
        assertNotNull(setCookie);
        String value = setCookie.substring(setCookie.indexOf('=') + 1);
        int end = value.indexOf(';');
        return end < 0 ? value : value.substring(0, end);
    }
}
