package dev.quarry.corpora.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.corpora.broker.EmbeddedKafka;
import dev.quarry.dashboard.ProductionClasspath;
import dev.quarry.dashboard.auth.ApiTokens;
import dev.quarry.dashboard.runtime.EventPublisher;
import dev.quarry.ingest.EventBuilder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production commands as deployed: each in a JVM of its own on the production class path
 * (the dashboard's jar and its runtime dependencies, without the development kit or Kafka's test
 * kit), against a broker they did not start. {@code server config.yml}, configured through the
 * environment variables {@code config.yml} reads, creates its topics with Kafka's admin client,
 * passes its health checks and reads what is published; {@code replay --bootstrap-servers}
 * replays on that cluster.
 */
class ProductionCommandsIT {
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static EmbeddedKafka cluster;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void startCluster() {
        cluster = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** The admin token the server process gets from its environment, as an operator sets it. */
    private static final String ADMIN_TOKEN = "production-commands-it-token";

    @Test
    void serverRunsAgainstAnExistingCluster(@TempDir Path dir) throws Exception {
        int port = FreePorts.one();
        int adminPort = FreePorts.one();
        Path log = dir.resolve("server.log");
        ProcessBuilder server = ProductionClasspath.ofBuild()
                .command(List.of("-Xmx768m"), "server", Path.of("..", "config.yml").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        server.environment().putAll(Map.of(
                "QUARRY_KAFKA_BOOTSTRAP", cluster.bootstrapServers(),
                "QUARRY_PORT", Integer.toString(port),
                "QUARRY_ADMIN_PORT", Integer.toString(adminPort),
                "QUARRY_COLLECTOR_PORT", Integer.toString(FreePorts.one()),
                "QUARRY_PARTITIONS", "2",
                "QUARRY_REPLICATION_FACTOR", "1",
                "QUARRY_STREAM_THREADS", "1",
                "QUARRY_STATE_DIR", dir.resolve("streams").toString(),
                "QUARRY_ALERT_DIR", dir.resolve("alerts").toString(),
                ApiTokens.ADMIN_TOKEN_ENV, ADMIN_TOKEN));
        Process process = server.start();
        try {
            awaitHealthy(process, adminPort, log);

            try (Admin admin = Admin.create(Map.<String, Object>of(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
                Map<String, TopicDescription> topics = admin.describeTopics(
                        Set.of("quarry.events", "quarry.events.dlq", "quarry.alerts")).allTopicNames().get();
                topics.forEach((name, t) -> assertEquals(2, t.partitions().size(), name));
            }
            try (EventPublisher publisher = new EventPublisher(cluster.bootstrapServers(), "quarry.events")) {
                publisher.send(EventBuilder.event("prod-1").client("key_prod").at(Instant.parse("2026-11-20T08:00:00Z"))
                        .user("How do I keep basil alive indoors?").build());
                publisher.send("key_broken", "{\"not\": \"an event\"}".getBytes(StandardCharsets.UTF_8),
                        Instant.parse("2026-11-20T08:00:01Z").toEpochMilli(), null);
                publisher.flush();
            }
            awaitGauge(adminPort, "quarry.pipeline.records_read", 2, log);
            assertEquals(1, gauge(adminPort, "quarry.pipeline.dead_letters"));
            assertEquals(401, get(port, "/api/alerts", null).statusCode(), "no token, no data");
            assertEquals(200, get(port, "/api/alerts", ADMIN_TOKEN).statusCode());
        } finally {
            process.destroy();
            if (!process.waitFor(1, TimeUnit.MINUTES)) {
                process.destroyForcibly();
            }
        }
    }

    @Test
    void replayRunsOnTheClusterOfBootstrapServers(@TempDir Path dir) throws Exception {
        Path examples = Path.of("..", "ingest", "src", "test", "resources", "contract");
        Path log = dir.resolve("replay.log");
        Process replay = ProductionClasspath.ofBuild()
                .command(List.of("-Xmx768m"), "replay", examples.resolve("valid.jsonl").toString(),
                        examples.resolve("invalid.jsonl").toString(), "--alerts-out", dir.resolve("alerts.jsonl").toString(),
                        "--bootstrap-servers", cluster.bootstrapServers())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!replay.waitFor(3, TimeUnit.MINUTES)) {
            replay.destroyForcibly();
            throw new AssertionError("replay still running after three minutes:\n" + Files.readString(log));
        }

        String output = Files.readString(log);
        assertEquals(0, replay.exitValue(), output);
        assertTrue(output.contains("detection topology (" + cluster.bootstrapServers() + ")"), output);
        assertEquals(7, Files.readAllLines(dir.resolve("dead-letters.jsonl")).size(), output);
        assertEquals(List.of(), Files.readAllLines(dir.resolve("alerts.jsonl")));
    }

    private void awaitHealthy(Process process, int adminPort, Path log) throws Exception {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the server stopped (exit " + process.exitValue() + "):\n" + Files.readString(log));
            }
            try {
                HttpResponse<String> health = get(adminPort, "/healthcheck", null);
                JsonNode checks = json.readTree(health.body());
                if (health.statusCode() == 200 && checks.path("topology").path("message").asText().equals("RUNNING")) {
                    for (String check : new String[] {"kafka", "topology", "alert-ingestor"}) {
                        assertTrue(checks.get(check).get("healthy").asBoolean(), check + ": " + checks.get(check));
                    }
                    return;
                }
                last = health.body();
            } catch (IOException notListeningYet) {
                last = notListeningYet.toString();
            }
            Thread.sleep(500);
        }
        throw new AssertionError("not healthy within " + START_TIMEOUT + ": " + last + "\n" + Files.readString(log));
    }

    private void awaitGauge(int adminPort, String name, long atLeast, Path log) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (gauge(adminPort, name) < atLeast) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + " stayed under " + atLeast + "\n" + Files.readString(log));
            }
            Thread.sleep(200);
        }
    }

    private long gauge(int adminPort, String name) throws Exception {
        return json.readTree(get(adminPort, "/metrics", null).body()).path("gauges").path(name).path("value").asLong();
    }

    private HttpResponse<String> get(int port, String path, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(10));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

}
