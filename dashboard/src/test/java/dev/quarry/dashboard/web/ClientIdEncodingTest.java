package dev.quarry.dashboard.web;

import static dev.quarry.dashboard.store.AlertBuilder.anAlert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quarry.dashboard.auth.Role;
import dev.quarry.dashboard.auth.TestTokens;
import dev.quarry.detectors.alert.AlertJson;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Client and cluster ids are arbitrary strings: through the real Jetty, the {@code ?id=} form takes
 * every one; the path form takes neither a {@code /} nor a {@code %}, which Jetty refuses encoded
 * ({@code %2F}, {@code %25}) as ambiguous.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ClientIdEncodingTest {
    private static final List<String> IDS = List.of("team/a", "a%2Fb", "100%", "two words", "ünïcödé/键", "a+b&c=d#e?f",
            "x".repeat(250) + "/12345");

    @TempDir
    static Path tmp;

    static final DropwizardAppExtension<AlertServiceTestConfiguration> APP = new DropwizardAppExtension<>(
            AlertServiceTestApp.class,
            ResourceHelpers.resourceFilePath("web/alert-service-test.yml"),
            ConfigOverride.config("indexDir", () -> tmp.resolve("index").toString()));

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theQueryFormFindsEveryClientIdHoweverOdd() throws Exception {
        for (int i = 0; i < IDS.size(); i++) {
            String id = IDS.get(i);
            APP.<AlertServiceTestApp>getApplication().publish(anAlert("enc-" + i).client(id).build());

            HttpResponse<String> response = get("/api/clients?id=" + encode(id));

            assertEquals(200, response.statusCode(), id);
            JsonNode view = AlertJson.mapper().readTree(response.body());
            assertEquals(id, view.get("client_id").asText());
            assertEquals("enc-" + i, view.get("alerts").get(0).get("alert_id").asText(), id);
        }
    }

    @Test
    void thePathFormTakesIdsWithoutASlashOrAPercentSign() throws Exception {
        APP.<AlertServiceTestApp>getApplication().publish(anAlert("enc-path").client("two words ü").build());

        HttpResponse<String> response = get("/api/clients/" + encode("two words ü"));

        assertEquals(200, response.statusCode());
        assertEquals("enc-path", AlertJson.mapper().readTree(response.body()).get("alerts").get(0).get("alert_id").asText());
    }

    @Test
    void jettyRefusesAnEncodedSlashOrPercentSignInThePath() throws Exception {
        assertEquals(400, get("/api/clients/" + encode("team/a")).statusCode());
        assertEquals(400, get("/api/clients/" + encode("100%")).statusCode());
    }

    @Test
    void theClusterQueryFormTakesAnIdWithASlash() throws Exception {
        APP.<AlertServiceTestApp>getApplication().publish(anAlert("enc-cluster").cluster("hydra-team/a", "team/a").build());

        JsonNode view = AlertJson.mapper().readTree(get("/api/clusters?id=" + encode("hydra-team/a")).body());

        assertEquals("hydra-team/a", view.get("cluster_id").asText());
        assertTrue(view.get("members").toString().contains("team/a"));
    }

    private HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + APP.getLocalPort() + pathAndQuery))
                .header("Authorization", TestTokens.bearer(Role.VIEWER))
                .GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** As the page encodes: encodeURIComponent. */
    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
