package dev.quarry.corpora.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import dev.quarry.ingest.InferenceEvent;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code GET /api/status}, the health checks and the stop of the real application with the shipped
 * {@code config.yml}, on a broker it did not start: the totals are exactly the traffic sent (alerts:
 * the records on the alerts topic), a stop drains the topology within {@code kafka.shutdownTimeout},
 * and a second start on the same state directory, then a third without it (the stores restored from
 * their changelogs), report the same totals and go on counting from them. The tests run in order,
 * one application at a time.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StatusAndRestartIT {
    private static final Path DIR = DemoApps.tempDir("quarry-it-status-");
    private static final EmbeddedKafka CLUSTER = EmbeddedKafka.start();
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(20);
    private static final int EXTRACTOR_EVENTS = 40;
    private static final int HUMAN_EVENTS = 20;
    private static final int INVALID = 3;
    /** The application running now; each start replaces it. */
    private static DropwizardTestSupport<QuarryConfiguration> app = start("streams");
    /** The totals the first run reported, which every later start must report again. */
    private static JsonNode firstTotals;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    private static DropwizardTestSupport<QuarryConfiguration> start(String stateDir) {
        DropwizardTestSupport<QuarryConfiguration> support = new DropwizardTestSupport<>(QuarryApplication.class,
                Path.of("..", "config.yml").toString(),
                ConfigOverride.config("kafka.bootstrapServers", CLUSTER.bootstrapServers()),
                ConfigOverride.config("kafka.replicationFactor", "1"),
                ConfigOverride.config("kafka.partitions", "2"),
                ConfigOverride.config("kafka.stateDir", DIR.resolve(stateDir).toString()),
                ConfigOverride.config("kafka.shutdownTimeout", "PT" + SHUTDOWN_TIMEOUT.toSeconds() + "S"),
                ConfigOverride.config("server.applicationConnectors[0].port", "0"),
                ConfigOverride.config("server.adminConnectors[0].port", "0"),
                ConfigOverride.config("collector.port", "0"),
                ConfigOverride.config("alertStore.dir", DIR.resolve("alerts").toString()),
                ConfigOverride.config("auth.tokens", TestTokens.configOverride()),
                ConfigOverride.config("prometheus.inputLagInterval", "PT1S"));
        try {
            support.before();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return support;
    }

    @AfterAll
    static void stopAll() {
        if (app != null) {
            app.after();
        }
        CLUSTER.close();
    }

    private static QuarryRuntime runtime() {
        return ((QuarryApplication) app.getApplication()).runtime();
    }

    private HttpResponse<String> call(int port, String path, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode status() throws Exception {
        HttpResponse<String> r = call(app.getLocalPort(), "/api/status", TestTokens.bearer(Role.VIEWER));
        assertEquals(200, r.statusCode(), r::body);
        return json.readTree(r.body());
    }

    private boolean statusShows(long processed, long deadLetters) {
        try {
            JsonNode s = status();
            return s.get("ready").asBoolean() && s.get("events_processed").asLong() == processed
                    && s.get("dead_letters").asLong() == deadLetters && s.get("input_lag").asLong(-1) == 0
                    && s.get("alerts").asLong() == alertRecords();
        } catch (Exception e) {
            return false;
        }
    }

    /** The records on the alerts topic, as a read-committed consumer sees them. */
    private static long alertRecords() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, CLUSTER.bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(runtime().topics().alerts()).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long n = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("alerts topic not read to its end");
                }
                n += consumer.poll(Duration.ofMillis(200)).count();
            }
            return n;
        }
    }

    /** Sends {@code valid} distinct events, each of them once more, and {@code invalid} records that are no event. */
    private static void publish(List<InferenceEvent> valid, int invalid) {
        try (EventPublisher publisher = new EventPublisher(runtime().bootstrapServers(), runtime().topics().events())) {
            for (InferenceEvent e : valid) {
                publisher.send(e);
            }
            // The same event ids again: duplicates, dropped by the topology and counted nowhere.
            for (InferenceEvent e : valid.subList(0, Math.min(5, valid.size()))) {
                publisher.send(e);
            }
            for (int i = 0; i < invalid; i++) {
                publisher.send("key_broken", ("not json " + i).getBytes(StandardCharsets.UTF_8),
                        Instant.now().toEpochMilli(), null);
            }
            publisher.flush();
        }
    }

    private static List<InferenceEvent> traffic(String run, int extractorEvents, int humanEvents) {
        Instant t0 = Instant.now().minusSeconds(600);
        List<InferenceEvent> events = new ArrayList<>();
        for (int i = 0; i < extractorEvents; i++) {
            EventBuilder b = EventBuilder.event(run + "-x-" + i).client("key_status_extractor").at(t0.plusSeconds(2L * i))
                    .endpoint(Endpoint.COMPLETIONS).prompt("The").maxTokens(1).logprobs(true).topLogprobs(5);
            for (int t = 0; t < 100; t++) {
                b.bias(i * 100 + t, 100);
            }
            events.add(b.build());
        }
        for (int i = 0; i < humanEvents; i++) {
            events.add(EventBuilder.event(run + "-h-" + i).client("key_status_human").at(t0.plusSeconds(2L * i + 1))
                    .user("How do I keep basil alive on a windowsill in winter, attempt " + i + "?")
                    .completionTokens(250).build());
        }
        return events;
    }

    @Test
    @Order(1)
    void statusNeedsAToken() throws Exception {
        HttpResponse<String> r = call(app.getLocalPort(), "/api/status", null);
        assertEquals(401, r.statusCode());
        assertTrue(r.body().contains("401"), r.body());
        assertEquals(403, call(app.getLocalPort(), "/api/status", TestTokens.bearer(Role.INGEST)).statusCode());
    }

    @Test
    @Order(2)
    void statusCountsTheEventsDeadLettersAndAlertsExactly() throws Exception {
        DemoApps.awaitTrue("the status ready", Duration.ofMinutes(2), () -> {
            try {
                return status().get("ready").asBoolean();
            } catch (Exception e) {
                return false;
            }
        });
        JsonNode before = status();
        assertEquals("RUNNING", before.get("state").asText());
        assertFalse(before.get("restoring").asBoolean());
        assertEquals(0, before.get("events_processed").asLong(), before::toString);

        publish(traffic("run1", EXTRACTOR_EVENTS, HUMAN_EVENTS), INVALID);
        long processed = EXTRACTOR_EVENTS + HUMAN_EVENTS;
        DemoApps.awaitTrue("the status to show the traffic sent", Duration.ofMinutes(2),
                () -> statusShows(processed, INVALID));
        firstTotals = status();
        assertTrue(firstTotals.get("alerts").asLong() >= 1, "the extractor raised an alert: " + firstTotals);
        assertEquals(runtime().counters().eventsProcessed(), processed, "the process's own counter agrees");
        assertEquals(runtime().counters().alertsPublished(), firstTotals.get("alerts").asLong());
    }

    @Test
    @Order(3)
    void healthChecksReportTheTopologyReadyAndAlive() throws Exception {
        HttpResponse<String> admin = call(app.getAdminPort(), "/healthcheck", null);
        assertEquals(200, admin.statusCode(), admin::body);
        JsonNode checks = json.readTree(admin.body());
        assertTrue(checks.get("topology").get("healthy").asBoolean());
        assertEquals("RUNNING", checks.get("topology").get("message").asText());
        assertTrue(checks.get("stream-threads").get("healthy").asBoolean());
        DemoApps.awaitTrue("/health-check ready", Duration.ofSeconds(30), () -> {
            try {
                return call(app.getLocalPort(), "/health-check", null).statusCode() == 200;
            } catch (Exception e) {
                return false;
            }
        });
        assertEquals(200, call(app.getLocalPort(), "/health-check?type=alive", null).statusCode());
        assertEquals(200, call(app.getLocalPort(), "/health-check?type=ready", null).statusCode());
    }

    @Test
    @Order(4)
    void aStopDrainsTheTopologyWithinTheShutdownTimeout() {
        QuarryRuntime stopping = runtime();
        long started = System.nanoTime();
        app.after();
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertEquals(KafkaStreams.State.NOT_RUNNING, stopping.detection().state(), "closed, not timed out");
        assertTrue(took.compareTo(SHUTDOWN_TIMEOUT) < 0, "stopped in " + took);
        app = null;
    }

    @Test
    @Order(5)
    void aRestartOnTheSameStateDirectoryReportsTheSameTotals() throws Exception {
        app = start("streams");
        assertTotalsAfterRestart();
    }

    @Test
    @Order(6)
    void aStartWithoutTheStateDirectoryRestoresTheTotalsAndCountsOnFromThem() throws Exception {
        app.after();
        app = start("streams-fresh");
        assertTotalsAfterRestart();

        publish(traffic("run3", 0, 4), 2);
        DemoApps.awaitTrue("the new traffic counted on top", Duration.ofMinutes(2), () -> statusShows(
                firstTotals.get("events_processed").asLong() + 4, firstTotals.get("dead_letters").asLong() + 2));
    }

    private void assertTotalsAfterRestart() throws Exception {
        DemoApps.awaitTrue("the status ready after the start", Duration.ofMinutes(2), () -> {
            try {
                return status().get("ready").asBoolean() && status().get("input_lag").asLong(-1) == 0;
            } catch (Exception e) {
                return false;
            }
        });
        JsonNode s = status();
        for (String field : List.of("events_processed", "dead_letters", "alerts")) {
            assertEquals(firstTotals.get(field).asLong(), s.get(field).asLong(), field + ": " + s);
        }
        assertEquals(firstTotals.get("alerts").asLong(), alertRecords(), "no alert published twice");
        assertEquals(0, runtime().counters().eventsProcessed(), "nothing was processed again");
    }
}
