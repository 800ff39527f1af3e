package dev.quarry.dashboard.api;

import static dev.quarry.dashboard.store.AlertBuilder.anAlert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.dashboard.auth.Role;
import dev.quarry.dashboard.auth.TestTokens;
import dev.quarry.dashboard.store.AlertStore;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every route of the API against every kind of caller: no credentials or a wrong token get 401,
 * a role below the route's 403, each with a JSON error; a role that suffices gets through.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ApiAccessTest {
    /**
     * A route and the lowest role it needs; {@code needs} null means any signed-in caller.
     *
     * @param okStatus what a caller with the role gets, or 0 when the route is only checked for
     *     refusals here (the live feed, which never ends)
     * @param body JSON to send, or null
     */
    record Route(String method, String path, Role needs, int okStatus, String body) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    static final List<Route> ROUTES = List.of(
            new Route("GET", "/alerts", Role.VIEWER, 200, null),
            new Route("GET", "/alerts/a-1", Role.VIEWER, 200, null),
            new Route("GET", "/alerts/a-1/history", Role.VIEWER, 200, null),
            new Route("GET", "/alerts/stream", Role.VIEWER, 0, null),
            new Route("GET", "/clients/acct-1", Role.VIEWER, 200, null),
            new Route("GET", "/clients?id=acct-1", Role.VIEWER, 200, null),
            new Route("GET", "/clusters/hydra-acct-1", Role.VIEWER, 200, null),
            new Route("GET", "/clusters?id=hydra-acct-1", Role.VIEWER, 200, null),
            new Route("GET", "/stats", Role.VIEWER, 200, null),
            new Route("GET", "/overview", Role.VIEWER, 200, null),
            new Route("GET", "/status", Role.VIEWER, 200, null),
            // No topology in this process: no instance holds live state.
            new Route("GET", "/client-state?id=acct-1", Role.VIEWER, 404, null),
            new Route("GET", "/alerts/export?format=csv", Role.VIEWER, 200, null),
            new Route("GET", "/alerts/export?format=json", Role.VIEWER, 200, null),
            new Route("POST", "/alerts/triage", Role.ANALYST, 200, "{\"alert_ids\": [\"a-1\"], \"status\": \"investigating\"}"),
            new Route("GET", "/alerts/a-1/triage", Role.VIEWER, 200, null),
            new Route("POST", "/alerts/a-1/triage", Role.ANALYST, 200, "{\"status\": \"acknowledged\"}"),
            new Route("GET", "/audit", Role.ADMIN, 200, null),
            new Route("GET", "/suppressions", Role.VIEWER, 200, null),
            new Route("GET", "/suppressions/sup_unknown", Role.VIEWER, 404, null),
            new Route("POST", "/suppressions", Role.ANALYST, 201, "{\"client_id\": \"acct-1\"}"),
            // An unknown id: 404 shows the caller got past access control.
            new Route("DELETE", "/suppressions/sup_unknown", Role.ANALYST, 404, null),
            new Route("GET", "/session", null, 200, null),
            new Route("DELETE", "/session", null, 204, null));

    private final TestApi api;
    private final AlertStore store;
    final ResourceExtension resources;

    ApiAccessTest(@TempDir Path dir) throws IOException {
        api = new TestApi(dir);
        store = api.store;
        store.put(anAlert("a-1").client("acct-1").build());
        resources = api.resources();
    }

    @AfterEach
    void close() throws IOException {
        api.close();
    }

    @TestFactory
    Stream<DynamicTest> everyRouteAnswersAnonymousCallersWith401() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Route route : ROUTES) {
            tests.add(DynamicTest.dynamicTest(route + " without credentials", () ->
                    assertUnauthorized(call(route, null))));
            tests.add(DynamicTest.dynamicTest(route + " with an unknown token", () ->
                    assertUnauthorized(call(route, "Bearer not-a-token-anyone-has"))));
            tests.add(DynamicTest.dynamicTest(route + " with Basic credentials", () ->
                    assertUnauthorized(call(route, "Basic dmlld2VyOnZpZXdlcg=="))));
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> everyRouteAnswersEachRoleBelowItsOwnWith403AndLetsTheOthersThrough() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Route route : ROUTES) {
            for (Role role : Role.values()) {
                boolean allowed = route.needs() == null || role.grants(route.needs())
                        // Another instance's peer token reads live state and nothing else.
                        || (role == Role.PEER && route.path().startsWith("/client-state?"));
                if (!allowed) {
                    tests.add(DynamicTest.dynamicTest(route + " as " + role.wireName() + " is forbidden", () ->
                            assertError(call(route, TestTokens.bearer(role)), 403)));
                } else if (route.okStatus() != 0) {
                    tests.add(DynamicTest.dynamicTest(route + " as " + role.wireName() + " is allowed", () -> {
                        Response response = call(route, TestTokens.bearer(role));
                        assertEquals(route.okStatus(), response.getStatus(), () -> response.readEntity(String.class));
                    }));
                }
            }
        }
        return tests.stream();
    }

    private Response call(Route route, String authorization) {
        String[] pathAndQuery = route.path().split("\\?", 2);
        WebTarget target = resources.target(pathAndQuery[0]);
        if (pathAndQuery.length == 2) {
            for (String param : pathAndQuery[1].split("&")) {
                String[] kv = param.split("=", 2);
                target = target.queryParam(kv[0], kv[1]);
            }
        }
        Invocation.Builder request = target.request();
        if (authorization != null) {
            request = request.header(HttpHeaders.AUTHORIZATION, authorization);
        }
        return route.body() == null
                ? request.method(route.method())
                : request.method(route.method(), Entity.json(route.body()));
    }

    private static void assertUnauthorized(Response response) throws IOException {
        assertError(response, 401);
        assertEquals("Bearer realm=\"quarry\"", response.getHeaderString(HttpHeaders.WWW_AUTHENTICATE));
    }

    private static void assertError(Response response, int status) throws IOException {
        assertEquals(status, response.getStatus());
        assertTrue(response.getMediaType().toString().startsWith("application/json"), response.getMediaType().toString());
        JsonNode body = new ObjectMapper().readTree(response.readEntity(String.class));
        assertEquals(status, body.get("code").asInt(), body.toString());
        assertTrue(body.get("message").asText().length() > 0, body.toString());
    }
}
