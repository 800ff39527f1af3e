package dev.quarry.detectors.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.detectors.PipelineCounters;
import dev.quarry.detectors.QuarryTopology;
import dev.quarry.detectors.Traffic;
import dev.quarry.detectors.alert.Alert;
import dev.quarry.detectors.alert.AlertJson;
import dev.quarry.detectors.alert.Severity;
import dev.quarry.detectors.config.DetectionConfig;
import dev.quarry.detectors.config.PrivacyConfig;
import dev.quarry.detectors.config.PrivacyConfig.PromptRetention;
import dev.quarry.detectors.config.TopicNames;
import dev.quarry.ingest.DeadLetterReasons;
import dev.quarry.ingest.EventBuilder;
import dev.quarry.ingest.EventJson;
import dev.quarry.ingest.InferenceEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The privacy section and the counters on the real topology (TopologyTestDriver). */
class PrivacyTopologyTest {
    private static final String SECRET = "a-test-secret-of-32-characters!!";
    private static final String EXTRACTOR = "key_raw_extractor_7f3a";
    private static final String DISTILLER = "key_raw_distiller_9c1e";
    private final TopicNames topics = new TopicNames();
    private final AtomicLong lagsObserved = new AtomicLong();
    private final PipelineCounters counters = new PipelineCounters(ms -> lagsObserved.incrementAndGet());
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> events;
    private TestOutputTopic<String, byte[]> alerts;

    private void start(PrivacyConfig privacy) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "quarry-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(new QuarryTopology(new DetectionConfig(), topics, counters,
                QuarryTopology.Inputs.none().withEventsPartitions(1).withPrivacy(Privacy.of(privacy))).build(), p);
        events = driver.createInputTopic(topics.events(), new ByteArraySerializer(), new ByteArraySerializer());
        alerts = driver.createOutputTopic(topics.alerts(), new StringDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private void sendAttackers() {
        List<InferenceEvent> mix = new ArrayList<>(Traffic.logitBiasExtractor(EXTRACTOR, 300, 100));
        mix.addAll(Traffic.templatedDistiller(DISTILLER, 300));
        mix.sort(Comparator.comparingLong(InferenceEvent::tsMillis));
        int n = 0;
        for (InferenceEvent generated : mix) {
            // The generator's event ids embed the client id; a gateway's do not.
            InferenceEvent e = EventBuilder.from(generated).eventId("ev-" + n++).build();
            events.pipeInput(e.clientId().getBytes(StandardCharsets.UTF_8), EventJson.toBytes(e), e.tsMillis());
        }
    }

    @Test
    void withASecretOnlyTheHmacOfAClientIdReachesAlertsAndStores() {
        start(new PrivacyConfig().clientIdHmacSecret(SECRET));
        Privacy privacy = Privacy.of(new PrivacyConfig().clientIdHmacSecret(SECRET));
        sendAttackers();
        List<KeyValue<String, byte[]>> out = alerts.readKeyValuesToList();
        assertFalse(out.isEmpty(), "the attackers are detected under their pseudonyms");
        for (KeyValue<String, byte[]> kv : out) {
            String json = new String(kv.value, StandardCharsets.UTF_8);
            assertFalse(json.contains("key_raw_") || kv.key.contains("key_raw_"), json);
        }
        List<Alert> parsed = out.stream().map(kv -> AlertJson.fromBytes(kv.value)).toList();
        assertTrue(parsed.stream().anyMatch(a -> privacy.clientId(EXTRACTOR).equals(a.subject().clientId())
                && a.severity().isDetection()), "the extractor's alert names its HMAC id");
        KeyValueStore<String, Object> profiles = driver.getKeyValueStore(QuarryTopology.PROFILE_STORE);
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, Object> it = profiles.all()) {
            it.forEachRemaining(kv -> keys.add(kv.key));
        }
        assertEquals(List.of(privacy.clientId(DISTILLER), privacy.clientId(EXTRACTOR)).stream().sorted().toList(),
                keys.stream().sorted().toList());
    }

    @Test
    void hashedPromptsLeaveNoPromptTextInTheAlertTopic() {
        start(new PrivacyConfig().prompts(PromptRetention.HASHED));
        sendAttackers();
        List<Alert> out = alerts.readValuesToList().stream().map(AlertJson::fromBytes).toList();
        List<Object> prompts = out.stream().flatMap(a -> a.detectors().stream())
                .filter(f -> f.name().equals("templated_queries"))
                .map(f -> f.evidence().get("latest_prompt")).filter(p -> p != null).toList();
        assertFalse(prompts.isEmpty(), "the distiller's alert carries its latest prompt");
        assertTrue(prompts.stream().allMatch(p -> p.toString().matches("sha256:[0-9a-f]{64}")), prompts.toString());
    }

    @Test
    void truncatedPromptsKeepTheirFirstCharacters() {
        start(new PrivacyConfig().prompts(PromptRetention.TRUNCATED).promptChars(10));
        sendAttackers();
        List<Object> prompts = alerts.readValuesToList().stream().map(AlertJson::fromBytes)
                .flatMap(a -> a.detectors().stream()).filter(f -> f.name().equals("templated_queries"))
                .map(f -> f.evidence().get("latest_prompt")).filter(p -> p != null).toList();
        assertFalse(prompts.isEmpty());
        assertTrue(prompts.stream().allMatch(p -> p.toString().length() <= 11 && p.toString().endsWith("…")),
                prompts.toString());
    }

    @Test
    void countsAlertsBySeverityAndDetectorAndDeadLettersByReason() {
        start(new PrivacyConfig());
        sendAttackers();
        events.pipeInput("k".getBytes(StandardCharsets.UTF_8), "not json".getBytes(StandardCharsets.UTF_8));
        events.pipeInput("k".getBytes(StandardCharsets.UTF_8), "{\"ts\":1}".getBytes(StandardCharsets.UTF_8));
        int published = alerts.readValuesToList().size();
        assertTrue(published > 0);
        assertEquals(published, counters.alertsPublished());
        assertEquals(published, counters.alertsBySeverity().values().stream().mapToLong(Long::longValue).sum());
        assertTrue(counters.alertsBySeverity().get(Severity.CRITICAL) + counters.alertsBySeverity().get(Severity.HIGH) > 0);
        assertTrue(counters.alertsByDetector().getOrDefault("logit_bias_sweep", 0L) > 0, counters.alertsByDetector().toString());
        assertEquals(published, lagsObserved.get(), "each published version is timed");
        assertEquals(1L, counters.deadLettersByReason().get(DeadLetterReasons.NOT_JSON));
        assertEquals(1L, counters.deadLettersByReason().get(DeadLetterReasons.MISSING_FIELD));
        assertEquals(2, counters.deadLetters());
    }
}
