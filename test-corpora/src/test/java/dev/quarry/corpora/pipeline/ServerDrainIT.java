package dev.quarry.corpora.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.concurrent.TimeUnit;
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
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final String TOKEN = "server-drain-it-token";
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

    @Test
    void sigtermDrainsTheTopologyAndEndsTheProcess(@TempDir Path dir) throws Exception {
        int port = FreePorts.one();
        Path log = dir.resolve("server.log");
        ProcessBuilder server = ProductionClasspath.ofBuild()
                .command(List.of("-Xmx768m", "-Ddw.kafka.shutdownTimeout=PT20S"), "server",
                        Path.of("..", "config.yml").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        server.environment().putAll(Map.of(
                "QUARRY_KAFKA_BOOTSTRAP", cluster.bootstrapServers(),
                "QUARRY_PORT", Integer.toString(port),
                "QUARRY_ADMIN_PORT", Integer.toString(FreePorts.one()),
                "QUARRY_COLLECTOR_PORT", Integer.toString(FreePorts.one()),
                "QUARRY_PARTITIONS", "2",
                "QUARRY_REPLICATION_FACTOR", "1",
                "QUARRY_STREAM_THREADS", "1",
                "QUARRY_STATE_DIR", dir.resolve("streams").toString(),
                "QUARRY_ALERT_DIR", dir.resolve("alerts").toString(),
                ApiTokens.ADMIN_TOKEN_ENV, TOKEN));
        Process process = server.start();
        try {
            await(process, log, "/health-check ready", () -> get(port, "/health-check?type=ready", null).statusCode() == 200);
            assertEquals(200, get(port, "/health-check?type=alive", null).statusCode());
            JsonNode checks = json.readTree(get(port, "/health-check?name=all", null).body());
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
            await(process, log, "the status to show 3 events and 1 dead letter", () -> {
                JsonNode s = json.readTree(get(port, "/api/status", TOKEN).body());
                return s.path("events_processed").asLong() == 3 && s.path("dead_letters").asLong() == 1;
            });
            long signalled = System.nanoTime();
            process.destroy(); // SIGTERM
            assertTrue(process.waitFor(2, TimeUnit.MINUTES), "still running two minutes after SIGTERM:\n"
                    + Files.readString(log));
            Duration took = Duration.ofNanos(System.nanoTime() - signalled);
            String output = Files.readString(log);
            assertTrue(output.contains("Detection topology stopped in"), output);
            assertFalse(output.contains("did not stop within kafka.shutdownTimeout"), output);
            assertEquals(143, process.exitValue(), "ended by SIGTERM after its shutdown hooks");
            assertTrue(took.compareTo(Duration.ofSeconds(60)) < 0, "stopped in " + took);
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private static void await(Process process, Path log, String what, Check check) throws Exception {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the server stopped (exit " + process.exitValue() + "):\n" + Files.readString(log));
            }
            try {
                if (check.holds()) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // the port opens once the server has started
            }
            Thread.sleep(500);
        }
        throw new AssertionError("timed out waiting for " + what + "\n" + Files.readString(log));
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
