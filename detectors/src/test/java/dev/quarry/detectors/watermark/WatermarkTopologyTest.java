package dev.quarry.detectors.watermark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.detectors.PipelineCounters;
import dev.quarry.detectors.QuarryTopology;
import dev.quarry.detectors.WatermarkTraffic;
import dev.quarry.detectors.alert.Alert;
import dev.quarry.detectors.alert.AlertJson;
import dev.quarry.detectors.alert.Severity;
import dev.quarry.detectors.alert.Subject;
import dev.quarry.detectors.config.DetectionConfig;
import dev.quarry.detectors.config.TopicNames;
import dev.quarry.detectors.config.WatermarkConfig;
import dev.quarry.fingerprint.stats.Binomial;
import dev.quarry.fingerprint.watermark.DjlBatchScorer;
import dev.quarry.fingerprint.watermark.GreenListScheme;
import dev.quarry.ingest.EventJson;
import dev.quarry.ingest.InferenceEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;

/** The watermark checks in the full topology: the health branch per model, and echo findings fused into client alerts. */
class WatermarkTopologyTest {
    private static final String MODEL = "orion-large";
    private static final String OTHER = "orion-mini";
    private final TopicNames topics = new TopicNames();
    private final WatermarkConfig watermark = WatermarkTraffic.config();
    private final GreenListScheme scheme = WatermarkTraffic.scheme(watermark);
    private final Random rnd = new Random(42);
    private int seconds;
    /** Score the health monitor's micro-batches on DJL's PyTorch engine instead of plain Java. */
    private boolean onDjl;
    /** The echo detector's tokenizer; null: no echo detector. */
    private dev.quarry.fingerprint.tokenizer.Tokenizer tokenizer;

    WatermarkTopologyTest() {
        watermark.health().windowResponses(40);
        watermark.batchSize(16);
    }

    /**
     * Runs the events through a fresh topology and returns every alert it wrote, as JSON. A tail
     * of another model's responses follows them, so that stream time moves on past
     * {@code flush_every} and the last partial batch is scored, as later traffic would do live.
     */
    private List<String> run(List<InferenceEvent> sequence) {
        List<InferenceEvent> events = new ArrayList<>(sequence);
        int at = seconds;
        for (int i = 0; i < 30; i++) {
            events.add(WatermarkTraffic.response("orion-tail", "key_tail", at + i, WatermarkTraffic.plain(120, new Random(i))));
        }
        DetectionConfig detection = new DetectionConfig();
        detection.persistentStores(false);
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "quarry-watermark-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        WatermarkChecks plain = WatermarkChecks.of(watermark, tokenizer);
        try (WatermarkChecks checks = onDjl ? plain.withBatchScorer(new DjlBatchScorer(plain.scheme())) : plain;
                TopologyTestDriver driver = new TopologyTestDriver(new QuarryTopology(detection, topics,
                        new PipelineCounters(), QuarryTopology.Inputs.none().withWatermark(checks)).build(), p)) {
            TestInputTopic<byte[], byte[]> in = driver.createInputTopic(topics.events(), new ByteArraySerializer(),
                    new ByteArraySerializer());
            TestOutputTopic<String, byte[]> out = driver.createOutputTopic(topics.alerts(), new StringDeserializer(),
                    new ByteArrayDeserializer());
            for (InferenceEvent e : events) {
                in.pipeInput(e.clientId().getBytes(StandardCharsets.UTF_8), EventJson.toBytes(e), e.tsMillis());
            }
            return out.readValuesToList().stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList();
        }
    }

    private static List<Alert> endpointAlerts(List<String> json) {
        return json.stream().map(AlertJson::fromJson).filter(a -> Subject.ENDPOINT.equals(a.subject().kind())).toList();
    }

    /** {@code n} responses of {@code model}, spread over three clients, one second apart. */
    private List<InferenceEvent> responses(String model, int n, boolean watermarked) {
        List<InferenceEvent> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int[] tokens = watermarked ? WatermarkTraffic.watermarked(scheme, 150, rnd) : WatermarkTraffic.plain(150, rnd);
            out.add(WatermarkTraffic.response(model, "key_" + (i % 3), seconds++, tokens));
        }
        return out;
    }

    @Test
    void doesNotAlertWhileTheResponsesAreWatermarked() {
        List<InferenceEvent> events = new ArrayList<>(responses(MODEL, 200, true));
        events.addAll(responses(OTHER, 120, true));
        assertTrue(endpointAlerts(run(events)).isEmpty());
    }

    @Test
    void alertsForTheModelWhoseResponsesStopBeingWatermarked() {
        List<InferenceEvent> events = new ArrayList<>(responses(MODEL, 120, true));
        events.addAll(responses(OTHER, 80, true));
        events.addAll(responses(MODEL, 120, false));
        events.addAll(responses(OTHER, 80, true));
        List<Alert> alerts = endpointAlerts(run(events));
        assertEquals(1, alerts.size(), alerts.toString());
        Alert a = alerts.get(0);
        assertEquals(Subject.endpoint(MODEL), a.subject());
        assertEquals(Severity.MEDIUM, a.severity());
        assertEquals(WatermarkHealthProcessor.NAME, a.detectors().get(0).name());
        Map<String, Object> evidence = a.detectors().get(0).evidence();
        assertEquals("off", evidence.get("verdict"));
        assertEquals(40, ((Number) evidence.get("window_responses")).intValue());
        assertTrue(((Number) evidence.get("log10_p_off")).doubleValue() > Math.log10(watermark.health().alpha()),
                evidence.toString());
        long scored = ((Number) evidence.get("window_tokens")).longValue();
        long green = ((Number) evidence.get("window_green")).longValue();
        assertEquals(40 * 149, scored);
        assertEquals(Binomial.log10UpperTail(scored, green, 0.25), ((Number) evidence.get("log10_p_off")).doubleValue(), 1e-4);
        assertTrue(a.summary().contains(MODEL), a.summary());
    }

    @Test
    void alertsWhenHalfTheResponsesLoseTheWatermark() {
        // One of two replicas serving without the sampler: every window still rejects "off", at half the strength.
        List<InferenceEvent> events = new ArrayList<>(responses(MODEL, 120, true));
        for (int i = 0; i < 120; i++) {
            events.addAll(responses(MODEL, 1, i % 2 == 0));
        }
        List<Alert> alerts = endpointAlerts(run(events));
        assertEquals(1, alerts.size(), alerts.toString());
        Map<String, Object> evidence = alerts.get(0).detectors().get(0).evidence();
        assertEquals("weakened", evidence.get("verdict"));
        assertTrue(((Number) evidence.get("log10_p_off")).doubleValue() < -100, evidence.toString());
        assertTrue(((Number) evidence.get("log10_p_below_floor")).doubleValue() <= Math.log10(watermark.health().alpha()),
                evidence.toString());
        assertTrue(alerts.get(0).summary().contains("weakened"), alerts.get(0).summary());
    }

    @Test
    void doesNotAlertOverManyWindowsOfWatermarkedResponses() {
        assertTrue(endpointAlerts(run(responses(MODEL, 800, true))).isEmpty());
    }

    @Test
    void ignoresAModelThatWasNeverWatermarked() {
        assertTrue(endpointAlerts(run(responses(OTHER, 200, false))).isEmpty());
    }

    @Test
    void alertsForAnExpectedModelFromItsFirstWindow() {
        watermark.health().expectedModels().add(OTHER);
        List<Alert> alerts = endpointAlerts(run(responses(OTHER, 200, false)));
        assertEquals(1, alerts.size());
        assertEquals(OTHER, alerts.get(0).subject().model());
    }

    @Test
    void opensANewAlertWhenTheWatermarkFailsAgainAfterRecovering() {
        List<InferenceEvent> events = new ArrayList<>(responses(MODEL, 40, true));
        events.addAll(responses(MODEL, 120, false));
        events.addAll(responses(MODEL, 40, true));
        events.addAll(responses(MODEL, 40, false));
        List<Alert> alerts = endpointAlerts(run(events));
        assertEquals(2, alerts.size());
        assertFalse(alerts.get(0).alertId().equals(alerts.get(1).alertId()));
    }

    @Test
    void givesTheSameAlertsWhateverTheBatchSize() {
        List<InferenceEvent> events = new ArrayList<>(responses(MODEL, 120, true));
        events.addAll(responses(OTHER, 80, true));
        events.addAll(responses(MODEL, 120, false));
        events.addAll(responses(OTHER, 80, false));
        List<String> bySixteen = run(events);
        watermark.batchSize(1);
        List<String> byOne = run(events);
        watermark.batchSize(1000);
        watermark.health().flushEvery(java.time.Duration.ofSeconds(1));
        List<String> byPunctuation = run(events);
        assertEquals(2, endpointAlerts(bySixteen).size());
        assertEquals(bySixteen, byOne);
        assertEquals(bySixteen, byPunctuation);
    }

    @Test
    void countsEachResponseOnceWhenEventsAreRedelivered() {
        List<InferenceEvent> events = new ArrayList<>(responses(MODEL, 100, true));
        events.addAll(responses(MODEL, 60, false));
        List<InferenceEvent> twice = new ArrayList<>();
        for (InferenceEvent e : events) {
            twice.add(e);
            twice.add(e); // a redelivery: same event id
        }
        List<String> once = run(events);
        assertEquals(1, endpointAlerts(once).size());
        assertEquals(once, run(twice));
    }

    @Test
    void scoresTheTextOfResponsesThatLogNoTokenIds() {
        tokenizer = WatermarkTraffic.tokenizer();
        watermark.echo().enabled(false);
        watermark.health().textSampleRate(1.0);
        List<InferenceEvent> logged = new ArrayList<>(responses(MODEL, 120, true));
        logged.addAll(responses(MODEL, 120, false));
        List<InferenceEvent> textOnly = new ArrayList<>();
        for (InferenceEvent e : logged) {
            textOnly.add(dev.quarry.ingest.EventBuilder.event(e.eventId()).client(e.clientId()).model(e.model())
                    .at(e.tsMillis()).user("question")
                    .responseText(WatermarkTraffic.text(e.response().tokenIds()))
                    .completionTokens(e.response().tokenIds().length).build());
        }
        List<Alert> fromIds = endpointAlerts(run(logged));
        List<Alert> fromText = endpointAlerts(run(textOnly));
        assertEquals(1, fromText.size());
        assertEquals(fromIds.get(0).alertId(), fromText.get(0).alertId());
        assertEquals(fromIds.get(0).detectors(), fromText.get(0).detectors());
        assertEquals(fromIds.get(0).triggerEventId(), fromText.get(0).triggerEventId());
    }

    @Test
    void givesTheSameAlertsWhenTheBatchesAreScoredOnDjl() {
        // The GPU path is this code on Device.gpu(); here the engine reports no GPU and runs on the CPU.
        List<InferenceEvent> events = new ArrayList<>(responses(MODEL, 120, true));
        events.addAll(responses(MODEL, 120, false));
        List<String> plainJava = run(events);
        onDjl = true;
        List<String> djl;
        try {
            djl = run(events);
        } catch (ai.djl.engine.EngineException e) {
            org.junit.jupiter.api.Assumptions.abort("DJL PyTorch engine did not load: " + e);
            return;
        }
        assertEquals(1, endpointAlerts(plainJava).size());
        assertEquals(plainJava, djl);
    }

    @Test
    void neverPutsTheKeyInAnAlert() {
        watermark.health().expectedModels().add(MODEL);
        List<String> json = run(responses(MODEL, 120, false));
        assertFalse(json.isEmpty());
        long key = watermark.secretKey();
        for (String j : json) {
            String lower = j.toLowerCase();
            assertFalse(lower.contains(WatermarkTraffic.KEY_HEX), j);
            assertFalse(lower.contains(Long.toString(key)), j);
            assertFalse(lower.contains(Long.toUnsignedString(key)), j);
        }
    }

    @Test
    void echoFindingsReachAClientAlertWithoutTheKey() {
        tokenizer = WatermarkTraffic.tokenizer();
        List<InferenceEvent> loop = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            loop.add(WatermarkTraffic.prompt("key_loop", i, WatermarkTraffic.text(WatermarkTraffic.watermarked(scheme, 120, rnd))));
        }
        List<String> json = run(loop);
        List<Alert> client = json.stream().map(AlertJson::fromJson)
                .filter(a -> Subject.client("key_loop").equals(a.subject())).toList();
        assertFalse(client.isEmpty());
        Alert last = client.get(client.size() - 1);
        assertTrue(last.severity().isDetection(), last.severity().toString());
        assertEquals("watermark_echo", last.detectors().get(0).name());
        long key = watermark.secretKey();
        for (String j : json) {
            assertFalse(j.toLowerCase().contains(WatermarkTraffic.KEY_HEX), j);
            assertFalse(j.contains(Long.toString(key)) || j.contains(Long.toUnsignedString(key)), j);
        }
    }

    @Test
    void leavesTheTopologyUnchangedWithoutAKey() {
        DetectionConfig detection = new DetectionConfig();
        WatermarkConfig none = new WatermarkConfig();
        String plain = new QuarryTopology(detection, topics, new PipelineCounters()).build().describe().toString();
        String withNone = new QuarryTopology(detection, topics, new PipelineCounters(),
                QuarryTopology.Inputs.none().withWatermark(WatermarkChecks.from(none.configured() ? null : none))).build().describe().toString();
        assertEquals(plain, withNone);
    }
}
