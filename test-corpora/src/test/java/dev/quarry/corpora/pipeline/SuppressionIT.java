package dev.quarry.corpora.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.corpora.ClientLabel;
import dev.quarry.corpora.CorpusCounts;
import dev.quarry.corpora.CorpusSpec;
import dev.quarry.corpora.CorpusWriter;
import dev.quarry.corpora.TrafficGenerator;
import dev.quarry.corpora.archetype.ArchetypeKind;
import dev.quarry.dashboard.QuarryApplication;
import dev.quarry.dashboard.QuarryConfiguration;
import dev.quarry.dashboard.QuarryRuntime;
import dev.quarry.dashboard.auth.Role;
import dev.quarry.dashboard.auth.TestTokens;
import dev.quarry.dashboard.runtime.EventPublisher;
import dev.quarry.dashboard.runtime.ReplayRun;
import dev.quarry.detectors.alert.Alert;
import dev.quarry.detectors.alert.Severity;
import dev.quarry.detectors.suppression.Suppressions;
import dev.quarry.ingest.InferenceEvent;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Suppressions end to end on a real broker: two logit-bias extractors of the generator in one live
 * run, one of them suppressed through the REST API before its traffic arrives. The suppressed one
 * never reaches {@code medium}, though its alerts show what was held back; the other, the control,
 * is detected. Replaying the same corpus with the list {@code GET /api/suppressions} returned
 * holds the suppressed client as the live path did; without it, both are detected.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class SuppressionIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DIR = DemoApps.tempDir("quarry-suppression-");
    private static final DropwizardAppExtension<QuarryConfiguration> APP = DemoApps.demo(DIR);
    private static final CorpusSpec SPEC = CorpusSpec.empty(7, CorpusSpec.DEFAULT_START, CorpusSpec.DEFAULT_DURATION)
            .withCount(ArchetypeKind.LOGIT_BIAS_EXTRACTOR, 2);
    private static CorpusCounts corpus;
    private static String suppressed;
    private static String control;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();


    @BeforeAll
    static void generate() throws Exception {
        TrafficGenerator generator = new TrafficGenerator(SPEC);
        corpus = new CorpusWriter(DIR.resolve("corpus")).write(generator);
        List<String> clients = generator.labels().stream().map(ClientLabel::clientId).sorted().toList();
        assertEquals(2, clients.size(), clients::toString);
        suppressed = clients.get(0);
        control = clients.get(1);
    }

    @Test
    void aClientSuppressedThroughTheApiNeverReachesMediumOnLiveTrafficAndTheControlDoes() throws Exception {
        QuarryRuntime live = APP.<QuarryApplication>getApplication().runtime();
        assertTrue(live.detection().awaitRunning(Duration.ofMinutes(2)));
        String id = suppress(suppressed);
        DemoApps.awaitTrue("the topology read the suppression", Duration.ofSeconds(30),
                () -> live.suppressions().current().get(id) != null);

        try (EventPublisher publisher = new EventPublisher(live.bootstrapServers(), live.topics().events())) {
            Iterator<InferenceEvent> events = new TrafficGenerator(SPEC).events();
            while (events.hasNext()) {
                publisher.send(events.next());
            }
            publisher.flush();
        }
        DemoApps.awaitTrue("live topology processed the corpus", Duration.ofMinutes(5),
                () -> live.counters().eventsProcessed() >= corpus.events());
        DemoApps.awaitTrue("alert service ingested every alert version", Duration.ofMinutes(1),
                () -> live.ingestor().ingested() >= live.counters().alertsPublished());

        List<JsonNode> held = alertsOf(suppressed);
        assertFalse(held.isEmpty(), "the suppressed client is still on the watch list");
        assertTrue(held.stream().allMatch(a -> "low".equals(a.get("severity").asText())), held::toString);
        assertTrue(held.stream().anyMatch(a -> a.path("suppressed").findValuesAsText("suppression_id").contains(id)),
                () -> "its alert says what was held back: " + held);
        assertTrue(alertsOf(control).stream().anyMatch(a -> Severity.fromWireName(a.get("severity").asText()).isDetection()),
                "the control is detected");
        assertTrue(live.counters().findingsSuppressed() > 0);
    }

    @Test
    void replayWithTheListTheApiReturnsHoldsTheSuppressedClientAndWithoutItBothAreDetected() throws Exception {
        suppress(suppressed);
        Path file = DIR.resolve("suppressions.json");
        Files.writeString(file, get("/api/suppressions").toString());

        ReplayRun.Result with = new ReplayRun(APP.getConfiguration(), line -> { })
                .run(List.of(corpus.eventsFile()), Suppressions.readFile(file));
        ReplayRun.Result without = new ReplayRun(APP.getConfiguration(), line -> { }).run(List.of(corpus.eventsFile()));

        assertEquals(Severity.LOW, highest(with, suppressed));
        assertTrue(highest(with, control).isDetection());
        assertTrue(highest(without, suppressed).isDetection());
        assertTrue(highest(without, control).isDetection());
    }

    /** Suppresses the client's logit-bias sweep through the API, as an analyst; returns the id. */
    private String suppress(String client) throws Exception {
        String body = JSON.writeValueAsString(java.util.Map.of("client_id", client,
                "detectors", List.of("logit_bias_sweep"), "reason", "our own red team"));
        HttpResponse<String> response = http.send(request("/api/suppressions", Role.ANALYST)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, response.statusCode(), response.body());
        return JSON.readTree(response.body()).get("id").asText();
    }

    private List<JsonNode> alertsOf(String client) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        get("/api/alerts?limit=500&client=" + URLEncoder.encode(client, StandardCharsets.UTF_8)).get("items")
                .forEach(out::add);
        return out;
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> response = http.send(request(path, Role.VIEWER).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    private static HttpRequest.Builder request(String path, Role role) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + APP.getLocalPort() + path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", TestTokens.bearer(role));
    }

    private static Severity highest(ReplayRun.Result r, String client) {
        return r.finalAlerts().stream().filter(a -> a.subject().key().equals(client)).map(Alert::severity)
                .max(Severity::compareTo).orElseThrow(() -> new AssertionError("no alert of " + client));
    }

}
