package dev.quarry.corpora.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.corpora.broker.EmbeddedKafka;
import dev.quarry.dashboard.ProductionClasspath;
import dev.quarry.dashboard.runtime.EventPublisher;
import dev.quarry.ingest.EventBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
    private static EmbeddedKafka cluster;
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
        try (ServerProcess server = ServerProcess.onShippedConfig(cluster.bootstrapServers(), dir, ADMIN_TOKEN)) {
            server.start();
            server.await("/healthcheck on the admin port healthy", () -> server.getAdmin("/healthcheck").statusCode() == 200);
            JsonNode checks = json.readTree(server.getAdmin("/healthcheck").body());
            for (String check : new String[] {"kafka", "topology", "alert-ingestor"}) {
                assertTrue(checks.get(check).get("healthy").asBoolean(), check + ": " + checks.get(check));
            }

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
            server.await("quarry.pipeline.records_read >= 2", () -> gauge(server, "quarry.pipeline.records_read") >= 2);
            assertEquals(1, gauge(server, "quarry.pipeline.dead_letters"));
            assertEquals(401, server.get("/api/alerts", null).statusCode(), "no token, no data");
            assertEquals(200, server.get("/api/alerts", ADMIN_TOKEN).statusCode());
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

    private long gauge(ServerProcess server, String name) throws Exception {
        return json.readTree(server.getAdmin("/metrics").body()).path("gauges").path(name).path("value").asLong();
    }

}
