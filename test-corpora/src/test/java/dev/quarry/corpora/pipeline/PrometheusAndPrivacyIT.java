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
import dev.quarry.dashboard.runtime.ClientIdCommand;
import dev.quarry.dashboard.runtime.EventPublisher;
import dev.quarry.detectors.config.PrivacyConfig;
import dev.quarry.detectors.privacy.Privacy;
import dev.quarry.ingest.Endpoint;
import dev.quarry.ingest.EventBuilder;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The real application with the shipped {@code config.yml} on a broker it did not start, with a
 * client-id secret and hashed prompts: {@code GET /prometheus} on the admin port serves the
 * required metrics with the figures of the traffic sent, and the raw API keys appear on no topic
 * the application writes (alerts, dead letters, repartition and changelog topics), nor on the API.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class PrometheusAndPrivacyIT {
    private static final String SECRET = "it-secret-" + UUID.randomUUID();
    private static final String EXTRACTOR = "key_it_raw_extractor";
    private static final String HUMAN = "key_it_raw_human";
    private static final Path STORE = tempDir();
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
            ConfigOverride.config("auth.tokens", TestTokens.configOverride()),
            ConfigOverride.config("privacy.clientIdHmacSecret", SECRET),
            ConfigOverride.config("privacy.prompts", "hashed"),
            ConfigOverride.config("prometheus.inputLagInterval", "PT1S"));
    /** One sample line of the text format: name, optional labels, value. */
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([^}]*)\\})? (\\S+)$");

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final Privacy privacy = Privacy.of(new PrivacyConfig().clientIdHmacSecret(SECRET));

    private static EmbeddedKafka startCluster() {
        EmbeddedKafka kafka = EmbeddedKafka.start();
        Runtime.getRuntime().addShutdownHook(new Thread(kafka::close));
        return kafka;
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("quarry-it-prometheus-");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private QuarryRuntime runtime() {
        return ((QuarryApplication) APP.getApplication()).runtime();
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(200);
        }
    }

    /** Published once for both tests: an extractor, a person, and two records that are no event. */
    private static volatile boolean published;

    private synchronized void publishOnce() throws Exception {
        if (published) {
            return;
        }
        assertTrue(runtime().detection().awaitRunning(Duration.ofMinutes(2)), "topology running");
        Instant t0 = Instant.now().minusSeconds(120);
        try (EventPublisher publisher = new EventPublisher(runtime().bootstrapServers(), runtime().topics().events())) {
            for (int i = 0; i < 40; i++) {
                EventBuilder b = EventBuilder.event("it-x-" + i).client(EXTRACTOR).at(t0.plusSeconds(2L * i))
                        .endpoint(Endpoint.COMPLETIONS).prompt("The").maxTokens(1).logprobs(true).topLogprobs(5);
                for (int t = 0; t < 100; t++) {
                    b.bias(i * 100 + t, 100);
                }
                publisher.send(b.build());
                publisher.send(EventBuilder.event("it-h-" + i).client(HUMAN).at(t0.plusSeconds(2L * i + 1))
                        .user("Which herbs grow well in partial shade on a balcony, number " + i + "?")
                        .completionTokens(300).build());
            }
            publisher.send("key_broken", "not json at all".getBytes(StandardCharsets.UTF_8), t0.toEpochMilli(), null);
            publisher.send("key_broken", "{\"ts\": 1}".getBytes(StandardCharsets.UTF_8), t0.toEpochMilli(), null);
            publisher.flush();
        }
        await("82 records through the topology", Duration.ofMinutes(1), () -> runtime().counters().recordsRead() >= 82);
        await("the extractor's alert in the store", Duration.ofMinutes(1), () -> {
            try {
                return get("/api/alerts?min_severity=high").get("total").asLong() >= 1;
            } catch (Exception e) {
                return false;
            }
        });
        published = true;
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + APP.getLocalPort() + path))
                .header("Authorization", TestTokens.bearer(Role.VIEWER)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), () -> path + " -> " + r.body());
        return json.readTree(r.body());
    }

    private HttpResponse<String> scrape() throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + APP.getAdminPort() + "/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Samples of the scrape by series: {@code name} or {@code name{labels}} as written, to value. */
    private static Map<String, Double> samples(String text) {
        Map<String, Double> out = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            assertTrue(m.matches(), "not a sample line of the text format: " + line);
            out.put(m.group(1) + (m.group(2) == null ? "" : m.group(2)), Double.parseDouble(m.group(4)));
        }
        return out;
    }

    @Test
    void theAdminPortServesTheRequiredMetricsWithTheTrafficsFigures() throws Exception {
        publishOnce();
        await("the input lag computed and caught up", Duration.ofMinutes(1), () -> {
            try {
                return samples(scrape().body()).getOrDefault("quarry_input_lag_records", -1.0) == 0.0;
            } catch (Exception e) {
                return false;
            }
        });
        HttpResponse<String> r = scrape();
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
        String text = r.body();
        Map<String, Double> s = samples(text);

        assertTrue(text.contains("# TYPE quarry_events_total counter"), text);
        assertEquals(80.0, s.get("quarry_events_total"), "40 extractor and 40 human events");
        assertEquals(82.0, s.get("quarry_records_read_total"));
        assertEquals(1.0, s.get("quarry_dead_letters_total{reason=\"not_json\"}"));
        assertEquals(1.0, s.get("quarry_dead_letters_total{reason=\"missing_field\"}"));
        assertEquals(0.0, s.get("quarry_dead_letters_total{reason=\"wrong_type\"}"), "every code is listed, zeros too");
        double alerts = 0;
        for (String severity : List.of("low", "medium", "high", "critical")) {
            assertTrue(s.containsKey("quarry_alerts_total{severity=\"" + severity + "\"}"), severity);
            alerts += s.get("quarry_alerts_total{severity=\"" + severity + "\"}");
        }
        assertTrue(s.get("quarry_alerts_total{severity=\"high\"}") + s.get("quarry_alerts_total{severity=\"critical\"}") >= 1,
                text);
        assertEquals(runtime().counters().alertsPublished(), (long) alerts);
        assertTrue(s.get("quarry_alerts_by_detector_total{detector=\"logit_bias_sweep\"}") >= 1);
        assertEquals(alerts, s.get("quarry_alert_lag_seconds_count"), "each alert version is timed");
        assertTrue(s.get("quarry_alert_lag_seconds_sum") >= 60 * (alerts - 1), "events were sent with ts two minutes ago");
        assertTrue(s.get("quarry_alerts_ingested_total") >= 1);
        assertEquals(0.0, s.get("quarry_input_lag_records"));
        assertTrue(s.get("quarry_streams_processed_records_total") >= 82, "Kafka Streams' own metrics");
        assertEquals(1.0, s.get("quarry_streams_alive_threads") / runtime().detection().metrics().entrySet().stream()
                .filter(e -> e.getKey().name().equals("alive-stream-threads")).mapToDouble(e -> ((Number) e.getValue()
                        .metricValue()).doubleValue()).sum());
        assertTrue(s.containsKey("jvm_memory_used_bytes{area=\"heap\"}"), "JVM metrics");
        for (String series : s.keySet()) {
            assertFalse(series.contains("client"), "no per-client label: " + series);
        }

        // Another component's sink counters, registered in Dropwizard's registry, are exported by name.
        APP.getEnvironment().metrics().counter("quarry.sink.webhook.delivered").inc(3);
        APP.getEnvironment().metrics().counter("quarry.sink.webhook.failed").inc();
        APP.getEnvironment().metrics().meter("quarry.sink.slack.retried").mark(2);
        Map<String, Double> later = samples(scrape().body());
        assertEquals(3.0, later.get("quarry_sink_delivered_total{sink=\"webhook\"}"));
        assertEquals(1.0, later.get("quarry_sink_failed_total{sink=\"webhook\"}"));
        assertEquals(2.0, later.get("quarry_sink_retried_total{sink=\"slack\"}"));

        // The sample Grafana dashboard queries only series the endpoint serves.
        Set<String> names = new java.util.HashSet<>();
        later.keySet().forEach(series -> names.add(series.replaceAll("\\{.*", "")));
        Matcher queried = Pattern.compile("\\b([a-z_]+)\\{job").matcher(Files.readString(Path.of("..", "docs", "grafana-quarry.json")));
        int checked = 0;
        while (queried.find()) {
            assertTrue(names.contains(queried.group(1)), "docs/grafana-quarry.json queries " + queried.group(1));
            checked++;
        }
        assertTrue(checked >= 20, "the dashboard's queries were found: " + checked);

        HttpResponse<String> json = http.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + APP.getAdminPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(json.body().contains("quarry.pipeline.events_processed"), "Dropwizard's JSON stays at /metrics");
    }

    @Test
    void rawClientIdsReachNoTopicTheApplicationWritesNorTheApi() throws Exception {
        publishOnce();
        String extractorId = privacy.clientId(EXTRACTOR);
        JsonNode page = get("/api/alerts");
        assertTrue(page.get("total").asLong() >= 1);
        assertEquals(extractorId, page.get("items").get(0).get("subject").get("client_id").asText());
        assertFalse(page.toString().contains("key_it_raw"), page.toString());
        assertEquals(0, get("/api/alerts?client=" + EXTRACTOR).get("total").asLong());
        assertTrue(get("/api/alerts?client=" + extractorId).get("total").asLong() >= 1);
        assertTrue(get("/api/clients/" + extractorId).get("alerts").size() >= 1);

        // What an analyst runs to find the key's alerts: the same id.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ClientIdCommand(new ByteArrayInputStream((EXTRACTOR + "\n").getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err).run(Privacy.of(APP.getConfiguration().privacy()));
        assertEquals(extractorId, out.toString(StandardCharsets.UTF_8).trim());

        // Every topic but the input: alerts, dead letters, triage and the topology's internal topics.
        Set<String> topics;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, CLUSTER.bootstrapServers()))) {
            topics = admin.listTopics().names().get();
        }
        List<String> written = topics.stream().filter(t -> !t.equals(runtime().topics().events())).sorted().toList();
        assertTrue(written.stream().anyMatch(t -> t.contains("by-client")), "the repartition topic is read too: " + written);
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, CLUSTER.bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted"); // aborted records too
        byte[] raw = "key_it_raw".getBytes(StandardCharsets.UTF_8);
        long records = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String t : written) {
                consumer.partitionsFor(t).forEach(info -> partitions.add(new TopicPartition(t, info.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    records++;
                    assertFalse(contains(r.key(), raw) || contains(r.value(), raw),
                            () -> "raw client id on " + r.topic() + "@" + r.offset());
                }
            }
        }
        assertTrue(records > 80, "the written topics were read: " + records + " records");
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        if (haystack == null) {
            return false;
        }
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
