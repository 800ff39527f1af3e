package dev.quarry.dashboard.api;

import static dev.quarry.dashboard.store.AlertBuilder.T0;
import static dev.quarry.dashboard.store.AlertBuilder.anAlert;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quarry.dashboard.auth.Role;
import dev.quarry.dashboard.auth.TestTokens;
import dev.quarry.dashboard.store.AlertStore;
import dev.quarry.detectors.alert.AlertJson;
import dev.quarry.detectors.alert.Severity;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(DropwizardExtensionsSupport.class)
class ClientsAndStatsResourceTest {
    private final TestApi api;
    private final AlertStore store;
    final ResourceExtension resources;

    ClientsAndStatsResourceTest(@TempDir Path dir) throws IOException {
        api = new TestApi(dir);
        store = api.store;
        resources = api.resources();
    }

    @AfterEach
    void close() throws IOException {
        api.close();
    }

    @Test
    void showsAClientWithItsClusterAlertsAndSignals() throws IOException {
        store.put(anAlert("a-1").client("acct-1").ts(T0).severity(Severity.LOW).score(0.3)
                .finding("logit_bias_sweep", 0.3, Map.of()).build());
        store.put(anAlert("a-1").client("acct-1").version(2).ts(T0 + 2).severity(Severity.HIGH).score(0.8)
                .finding("logit_bias_sweep", 0.8, Map.of()).build());
        store.put(anAlert("c-1").cluster("cluster-1", "acct-1", "acct-2").ts(T0 + 1).build());

        JsonNode view = json(request("/clients/acct-1").get());

        assertEquals("acct-1", view.get("client_id").asText());
        assertEquals("a-1", view.get("alerts").get(0).get("alert_id").asText());
        assertEquals("c-1", view.get("alerts").get(1).get("alert_id").asText());
        JsonNode signals = view.get("signals");
        assertEquals(3, signals.size());
        assertEquals("a-1", signals.get(2).get("alert_id").asText());
        assertEquals(2, signals.get(2).get("version").asInt());
        assertEquals("high", signals.get(2).get("severity").asText());
        assertEquals(0.8, signals.get(2).get("detector_scores").get("logit_bias_sweep").asDouble());
    }

    @Test
    void derivesTheClientsActivityFromTheEvidenceOfItsAlertVersions() throws IOException {
        long hour = 3_600_000L;
        store.put(anAlert("a-1").client("team/a b%ü").ts(T0)
                .finding("templated_queries", 0.3, Map.of("template", "translate {x}", "template_id", "7f",
                        "prompts_in_template", 40, "template_share", 0.8, "templates_seen", 2,
                        "mean_completion_tokens", 900, "latest_prompt", "translate cat"))
                .finding("automation_cadence", 0.1, Map.of("share_modal_sampling_params", 1.0)).build());
        store.put(anAlert("a-1").client("team/a b%ü").version(2).ts(T0 + 2 * hour)
                .finding("templated_queries", 0.5, Map.of("template", "translate {x}", "template_id", "7f",
                        "prompts_in_template", 90, "template_share", 0.9, "templates_seen", 2,
                        "mean_completion_tokens", 1100, "latest_prompt", "translate dog"))
                .finding("logit_bias_sweep", 0.6, Map.of("distinct_biased_tokens", 4700, "lowest_biased_token", 0))
                .finding("hydra_cluster", 0.4, Map.of("cluster_id", "hydra-team/a b%ü", "cluster_size", 5,
                        "link_keys", List.of("pay:pm_1"))).build());

        JsonNode activity = json(resources.target("/clients").queryParam("id", "team/a b%ü").request()
                .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(Role.VIEWER)).get()).get("activity");

        JsonNode volume = activity.get("volume");
        assertEquals(2, volume.size());
        assertEquals(100, volume.get(0).get("events_seen").asInt());
        assertEquals(null, volume.get(0).get("requests_per_hour"));
        assertEquals(50.0, volume.get(1).get("requests_per_hour").asDouble(), "100 more events over two hours");
        assertEquals(1100, activity.get("output_tokens").get(1).get("value").asInt());
        assertEquals("templated_queries", activity.get("output_tokens").get(1).get("detector").asText());
        assertEquals("share_modal_sampling_params", activity.get("sampling").get(0).get("key").asText());
        assertEquals(4700, activity.get("logit_bias").get(0).get("value").asInt());
        JsonNode template = activity.get("templates").get(0);
        assertEquals("translate {x}", template.get("template").asText());
        assertEquals(90, template.get("fills").asInt());
        assertEquals("translate dog", activity.get("prompts").get(0).get("text").asText(), "newest first");
        assertEquals("translate cat", activity.get("prompts").get(1).get("text").asText());
        assertEquals("hydra-team/a b%ü", activity.get("clusters").get(0).get("cluster_id").asText());
        assertEquals("pay:pm_1", activity.get("clusters").get(0).get("link_keys").get(0).asText());
    }

    @Test
    void showsEmptyListsForAClientWithoutAlerts() throws IOException {
        JsonNode view = json(request("/clients/quiet").get());

        assertEquals(0, view.get("alerts").size());
        assertEquals(0, view.get("signals").size());
        assertEquals(0, view.get("activity").get("volume").size());
    }

    @Test
    void countsCurrentAlertsBySeverityWithLowerCaseNames() throws IOException {
        store.put(anAlert("a-1").severity(Severity.HIGH).build());
        store.put(anAlert("a-2").severity(Severity.CRITICAL).build());
        store.put(anAlert("a-2").version(2).severity(Severity.CRITICAL).build());

        JsonNode stats = json(request("/stats").get());

        assertEquals(2, stats.get("total").asLong());
        assertEquals(0, stats.get("by_severity").get("low").asLong());
        assertEquals(1, stats.get("by_severity").get("high").asLong());
        assertEquals(1, stats.get("by_severity").get("critical").asLong());
    }

    private static JsonNode json(Response response) throws IOException {
        assertEquals(200, response.getStatus());
        return AlertJson.mapper().readTree(response.readEntity(String.class));
    }

    /** A request as a viewer. */
    private Invocation.Builder request(String path) {
        return resources.target(path).request().header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(Role.VIEWER));
    }
}
