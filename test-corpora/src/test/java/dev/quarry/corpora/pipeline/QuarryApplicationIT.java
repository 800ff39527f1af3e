package dev.quarry.corpora.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.corpora.broker.EmbeddedKafka;
import dev.quarry.dashboard.QuarryApplication;
import dev.quarry.dashboard.QuarryConfiguration;
import dev.quarry.dashboard.QuarryRuntime;
import dev.quarry.dashboard.auth.Role;
import dev.quarry.dashboard.auth.TestTokens;
import dev.quarry.dashboard.runtime.EventPublisher;
import dev.quarry.ingest.Endpoint;
import dev.quarry.ingest.EventBuilder;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code quarry server config.yml}, the production shape: the real application with the shipped
 * production configuration against a Kafka broker it did not start (only ports, directories,
 * replication and partitions overridden for one machine). Events published to
 * {@code quarry.events} become alerts in the store, on the HTTP API and on the live feed.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class QuarryApplicationIT {
    private static final Path STORE = tempDir();
    /** The "existing cluster"; stopped at JVM exit, after the application has stopped. */
    private static final EmbeddedKafka CLUSTER = startCluster();
    private static final DropwizardAppExtension<QuarryConfiguration> APP = new DropwizardAppExtension<>(
            QuarryApplication.class, Path.of("..", "config.yml").toString(),
            ConfigOverride.config("kafka.bootstrapServers", CLUSTER.bootstrapServers()),
            ConfigOverride.config("kafka.replicationFactor", "1"),
            ConfigOverride.config("kafka.partitions", "2"),
            ConfigOverride.config("kafka.stateDir", STORE.resolve("streams").toString()),
            ConfigOverride.config("server.applicationConnectors[0].port", "0"),
            ConfigOverride.config("server.adminConnectors[0].port", "0"),
            ConfigOverride.config("collector.port", "0"),
            ConfigOverride.config("alertStore.dir", STORE.resolve("alerts").toString()),
            ConfigOverride.config("auth.tokens", TestTokens.configOverride()));

    private static EmbeddedKafka startCluster() {
        EmbeddedKafka kafka = EmbeddedKafka.start();
        Runtime.getRuntime().addShutdownHook(new Thread(kafka::close));
        return kafka;
    }
    private static final String[] HUMAN = {
        "Which herbs grow well in partial shade on a balcony?",
        "Can you suggest a gentle stretching routine after a long flight",
        "what's the difference between a latte and a flat white",
        "Help me word a thank-you note to my son's teacher",
        "Why does my bread rise unevenly in a cold kitchen?",
        "Is it worth repairing a ten year old washing machine?",
    };
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("quarry-it-store-");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private QuarryRuntime runtime() {
        return ((QuarryApplication) APP.getApplication()).runtime();
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + APP.getLocalPort() + path))
                .header("Authorization", TestTokens.bearer(Role.VIEWER)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), () -> path + " -> " + r.body());
        return json.readTree(r.body());
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    @Test
    void publishedExtractionTrafficBecomesAnAlertOnTheApiAndTheLiveFeed() throws Exception {
        assertTrue(runtime().detection().awaitRunning(Duration.ofMinutes(2)), "topology running");
        HttpRequest streamRequest = HttpRequest.newBuilder(
                URI.create("http://localhost:" + APP.getLocalPort() + "/api/alerts/stream"))
                .header("Authorization", TestTokens.bearer(Role.VIEWER)).build();
        CompletableFuture<String> firstAlertOnFeed = http.sendAsync(streamRequest, HttpResponse.BodyHandlers.ofInputStream())
                .thenApply(r -> {
                    try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = in.readLine()) != null) {
                            if (line.startsWith("data:")) {
                                return line.substring(5).trim();
                            }
                        }
                        return null;
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
        Thread.sleep(500); // let the feed subscription register before alerts can exist

        Instant t0 = Instant.parse("2026-11-20T08:00:00Z");
        try (EventPublisher publisher = new EventPublisher(runtime().bootstrapServers(), runtime().topics().events())) {
            for (int i = 0; i < 40; i++) {
                EventBuilder b = EventBuilder.event("it-x-" + i).client("key_it_extractor").at(t0.plusSeconds(2L * i))
                        .endpoint(Endpoint.COMPLETIONS).prompt("The").maxTokens(1).logprobs(true).topLogprobs(5);
                for (int t = 0; t < 100; t++) {
                    b.bias(i * 100 + t, 100);
                }
                publisher.send(b.build());
                publisher.send(EventBuilder.event("it-h-" + i).client("key_it_human").at(t0.plusSeconds(2L * i + 1))
                        .user(HUMAN[i % HUMAN.length]).completionTokens(300).build());
            }
            publisher.send("key_broken", "{\"not\": \"an event\"}".getBytes(StandardCharsets.UTF_8), t0.toEpochMilli(), null);
            publisher.flush();
        }

        await("81 records through the topology", Duration.ofMinutes(1), () -> runtime().counters().recordsRead() >= 81);
        assertEquals(1, runtime().counters().deadLetters());
        await("a high alert in the store", Duration.ofMinutes(1), () -> {
            try {
                JsonNode page = get("/api/alerts?client=key_it_extractor&min_severity=high");
                return page.get("total").asLong() == 1;
            } catch (Exception e) {
                return false;
            }
        });

        JsonNode page = get("/api/alerts");
        assertEquals(1, page.get("total").asLong(), "only the extractor: " + page);
        JsonNode alert = page.get("items").get(0);
        assertEquals("key_it_extractor", alert.get("subject").get("client_id").asText());
        assertEquals("logit_bias_sweep", alert.get("detectors").get(0).get("name").asText());
        assertEquals(alert, get("/api/alerts/" + alert.get("alert_id").asText()));
        assertTrue(get("/api/clients/key_it_extractor").get("signals").size() >= 1);
        assertEquals(0, get("/api/clients/key_it_human").get("alerts").size());
        // Live state from the topology, for alerted and quiet clients alike (within a commit interval).
        await("the human's 40 events in the live state", Duration.ofSeconds(30), () -> {
            try {
                return get("/api/client-state?id=key_it_human").get("events").asLong() == 40;
            } catch (Exception | AssertionError e) {
                return false;
            }
        });
        JsonNode state = get("/api/client-state?id=key_it_human");
        assertEquals("local", state.get("served_by").asText());
        assertTrue(state.get("severity").isNull(), state.toString());
        assertEquals(state, get("/api/clients/key_it_human").get("live"));
        assertEquals(404, http.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + APP.getLocalPort() + "/api/client-state?id=key_never_seen"))
                .header("Authorization", TestTokens.bearer(Role.VIEWER)).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals(401, http.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + APP.getLocalPort() + "/api/client-state?id=key_it_human")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());

        String fed = firstAlertOnFeed.get(30, TimeUnit.SECONDS);
        assertEquals(alert.get("alert_id").asText(), json.readTree(fed).get("alert_id").asText());

        String id = alert.get("alert_id").asText();
        HttpResponse<String> triaged = http.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + APP.getLocalPort() + "/api/alerts/" + id + "/triage"))
                .header("Authorization", TestTokens.bearer(Role.ANALYST)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"status\": \"acknowledged\", \"note\": \"seen\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, triaged.statusCode(), triaged.body());
        assertEquals("acknowledged", get("/api/alerts/" + id).get("triage").get("status").asText());
        assertEquals(1, get("/api/alerts?triage_status=acknowledged").get("total").asLong());
        HttpResponse<String> audit = http.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + APP.getLocalPort() + "/api/audit"))
                .header("Authorization", TestTokens.bearer(Role.ADMIN)).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode newest = json.readTree(audit.body()).get("items").get(0);
        assertEquals("triage", newest.get("action").asText(), audit.body());
        assertEquals("analyst", newest.get("actor").asText());
        assertEquals(id, newest.get("target").asText());

        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + APP.getLocalPort() + "/api/alerts")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, anonymous.statusCode(), anonymous.body());

        HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + APP.getAdminPort() + "/healthcheck")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode(), health.body());
        JsonNode checks = json.readTree(health.body());
        for (String check : new String[] {"kafka", "topology", "alert-ingestor", "triage-journal", "suppression-journal", "audit-journal"}) {
            assertTrue(checks.get(check).get("healthy").asBoolean(), check + ": " + checks.get(check));
        }
    }
}
