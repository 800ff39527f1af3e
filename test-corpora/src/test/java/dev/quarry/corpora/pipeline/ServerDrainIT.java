package dev.quarry.corpora.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.corpora.broker.EmbeddedKafka;
import dev.quarry.dashboard.runtime.EventPublisher;
import dev.quarry.ingest.EventBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code server config.yml} in a JVM of its own on the production class path, as deployed: the
 * probes' {@code /health-check} on the application port turns ready and stays alive, the status
 * shows the traffic sent, and SIGTERM drains the topology (it closes within
 * {@code kafka.shutdownTimeout}, set to 20 seconds here) and ends the process.
 */
class ServerDrainIT {
    private static final String TOKEN = "server-drain-it-token";
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

    @Test
    void sigtermDrainsTheTopologyAndEndsTheProcess(@TempDir Path dir) throws Exception {
        try (ServerProcess server = ServerProcess.onShippedConfig(cluster.bootstrapServers(), dir, TOKEN,
                "-Ddw.kafka.shutdownTimeout=PT20S")) {
            server.start();
            server.await("/health-check ready", () -> server.get("/health-check?type=ready", null).statusCode() == 200);
            assertEquals(200, server.get("/health-check?type=alive", null).statusCode());
            JsonNode checks = json.readTree(server.get("/health-check?name=all", null).body());
            assertTrue(checks.toString().contains("\"stream-threads\""), checks.toString());

            try (EventPublisher publisher = new EventPublisher(cluster.bootstrapServers(), "quarry.events")) {
                for (int i = 0; i < 3; i++) {
                    publisher.send(EventBuilder.event("drain-" + i).client("key_drain")
                            .at(Instant.parse("2026-11-20T08:00:00Z").plusSeconds(i))
                            .user("Which ferns tolerate a north-facing window, question " + i + "?").build());
                }
                publisher.send("key_broken", "{\"not\": \"an event\"}".getBytes(StandardCharsets.UTF_8),
                        Instant.parse("2026-11-20T08:00:05Z").toEpochMilli(), null);
                publisher.flush();
            }
            server.await("the status to show 3 events and 1 dead letter", () -> {
                JsonNode s = json.readTree(server.get("/api/status", TOKEN).body());
                return s.path("events_processed").asLong() == 3 && s.path("dead_letters").asLong() == 1;
            });
            Duration took = server.terminate();
            String output = server.log();
            assertTrue(output.contains("Detection topology stopped in"), output);
            assertFalse(output.contains("did not stop within kafka.shutdownTimeout"), output);
            assertEquals(143, server.exitValue(), "ended by SIGTERM after its shutdown hooks");
            assertTrue(took.compareTo(Duration.ofSeconds(60)) < 0, "stopped in " + took);
        }
    }

}
