package dev.quarry.detectors.suppression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.detectors.PipelineCounters;
import dev.quarry.detectors.QuarryTopology;
import dev.quarry.detectors.Traffic;
import dev.quarry.detectors.alert.Alert;
import dev.quarry.detectors.alert.AlertJson;
import dev.quarry.detectors.alert.HeldBack;
import dev.quarry.detectors.alert.Severity;
import dev.quarry.detectors.config.DetectionConfig;
import dev.quarry.detectors.config.TopicNames;
import dev.quarry.detectors.detector.LogitBiasSweepDetector;
import dev.quarry.detectors.detector.ReasoningTraceCoercionDetector;
import dev.quarry.ingest.EventBuilder;
import dev.quarry.ingest.EventJson;
import dev.quarry.ingest.InferenceEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Analysts' suppressions through the real topology: read from the suppressions topic, applied to
 * the client step's fusion by event time, and visible in what they held back.
 */
class SuppressionTopologyTest {
    private static final long T0 = Traffic.T0.toEpochMilli();
    private final TopicNames topics = new TopicNames();
    private final PipelineCounters counters = new PipelineCounters();
    private QuarryTopology topology;
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> events;
    private TestInputTopic<String, byte[]> suppressions;
    private TestOutputTopic<String, byte[]> alerts;

    @BeforeEach
    void start() {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "quarry-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        DetectionConfig config = new DetectionConfig();
        config.persistentStores(false);
        topology = new QuarryTopology(config, topics, counters);
        driver = new TopologyTestDriver(topology.build(), p);
        events = driver.createInputTopic(topics.events(), new ByteArraySerializer(), new ByteArraySerializer());
        suppressions = driver.createInputTopic(topics.suppressions(), new StringSerializer(), new ByteArraySerializer());
        alerts = driver.createOutputTopic(topics.alerts(), new StringDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
        topology.close();
    }

    @Test
    void aSuppressedClientStaysUnderMediumAndItsAlertSaysWhatWasHeldBack() {
        suppress(forClient("sup_1", "key_x", LogitBiasSweepDetector.NAME));

        send(Traffic.logitBiasExtractor("key_x", 300, 100));
        send(Traffic.logitBiasExtractor("key_y", 300, 100));

        List<Alert> out = alerts();
        List<Alert> x = of(out, "key_x");
        assertFalse(x.isEmpty(), "the suppressed client stays on the watch list");
        assertTrue(x.stream().allMatch(a -> a.severity() == Severity.LOW), () -> "never above low: " + x);
        Alert last = x.get(x.size() - 1);
        assertEquals(List.of(new HeldBack("sup_1", List.of(LogitBiasSweepDetector.NAME))), last.suppressed());
        assertTrue(last.detectors().stream().anyMatch(f -> f.name().equals(LogitBiasSweepDetector.NAME)),
                "the held-back finding is still shown");
        assertTrue(last.summary().endsWith("(suppressed: capped at low)"), last.summary());
        assertTrue(AlertJson.toJson(last).contains("\"suppressed\":[{\"suppression_id\":\"sup_1\""), AlertJson.toJson(last));
        assertTrue(counters.findingsSuppressed() > 0);
        List<Alert> y = of(out, "key_y");
        assertTrue(y.stream().anyMatch(a -> a.severity().isDetection()), "the control client is detected");
        assertTrue(y.stream().allMatch(a -> a.suppressed().isEmpty()));
        assertFalse(AlertJson.toJson(y.get(0)).contains("suppressed"), "no field when nothing was held back");
    }

    @Test
    void aSuppressionOfOneDetectorLetsAnotherDetectorEscalate() {
        suppress(forClient("sup_1", "key_x", LogitBiasSweepDetector.NAME));

        send(sweepDemandingReasoning("key_x", 300));

        List<Alert> x = of(alerts(), "key_x");
        Alert last = x.get(x.size() - 1);
        assertTrue(last.severity().isDetection(), () -> "reasoning extraction alone carries it: " + x);
        assertTrue(last.detectors().stream().anyMatch(f -> f.name().equals(ReasoningTraceCoercionDetector.NAME)));
        assertEquals(List.of(new HeldBack("sup_1", List.of(LogitBiasSweepDetector.NAME))), last.suppressed());
    }

    @Test
    void aSuppressionOfEveryDetectorForAnOrganisationHoldsItsClients() {
        suppress(new Suppression("sup_org", null, "org_eval", List.of(), "our red team", null, "analyst", 1L));

        List<InferenceEvent> sweep = new ArrayList<>();
        for (InferenceEvent e : sweepDemandingReasoning("key_eval", 300)) {
            sweep.add(EventBuilder.from(e).org("org_eval").build());
        }
        send(sweep);
        send(Traffic.logitBiasExtractor("key_other_org", 300, 100).stream()
                .map(e -> EventBuilder.from(e).org("org_other").build()).toList());

        List<Alert> out = alerts();
        List<Alert> eval = of(out, "key_eval");
        assertFalse(eval.isEmpty());
        assertTrue(eval.stream().allMatch(a -> a.severity() == Severity.LOW), () -> "never above low: " + eval);
        assertEquals("sup_org", eval.get(eval.size() - 1).suppressed().get(0).suppressionId());
        assertTrue(of(out, "key_other_org").stream().anyMatch(a -> a.severity().isDetection()));
    }

    @Test
    void aSuppressionExpiresAtItsEventTime() {
        long expiresAt = T0 + Duration.ofMinutes(5).toMillis();
        suppress(new Suppression("sup_1", "key_x", null, List.of(), "", expiresAt, "analyst", 1L));

        send(Traffic.logitBiasExtractor("key_x", 300, 100));

        List<Alert> x = of(alerts(), "key_x");
        assertTrue(x.stream().filter(a -> a.ts() < expiresAt).allMatch(a -> a.severity() == Severity.LOW),
                () -> "held before it expires: " + x);
        assertTrue(x.stream().anyMatch(a -> a.ts() < expiresAt), "an alert at low before");
        assertTrue(x.stream().anyMatch(a -> a.ts() >= expiresAt && a.severity().isDetection()),
                () -> "detected once it expired: " + x);
        assertTrue(x.stream().filter(a -> a.ts() >= expiresAt).allMatch(a -> a.suppressed().isEmpty()));
    }

    @Test
    void deletingASuppressionTakesEffectOnTheNextEvents() {
        suppress(forClient("sup_1", "key_x", LogitBiasSweepDetector.NAME));
        List<InferenceEvent> sweep = Traffic.logitBiasExtractor("key_x", 300, 100);

        send(sweep.subList(0, 150));
        List<Alert> before = of(alerts(), "key_x");
        suppressions.pipeInput("sup_1", null);
        send(sweep.subList(150, 300));
        List<Alert> after = of(alerts(), "key_x");

        assertTrue(before.stream().allMatch(a -> a.severity() == Severity.LOW), () -> "held: " + before);
        assertFalse(before.isEmpty());
        assertTrue(after.stream().anyMatch(a -> a.severity().isDetection()), () -> "detected once deleted: " + after);
        assertTrue(topology.suppressions().current().isEmpty());
    }

    @Test
    void aSuppressionMadeAfterTheAlertRoseLeavesItsSeverityAsItWas() {
        List<InferenceEvent> sweep = Traffic.logitBiasExtractor("key_x", 300, 100);

        send(sweep.subList(0, 150));
        List<Alert> before = of(alerts(), "key_x");
        suppress(forClient("sup_1", "key_x", LogitBiasSweepDetector.NAME));
        send(sweep.subList(150, 300));
        List<Alert> after = of(alerts(), "key_x");

        assertTrue(before.get(before.size() - 1).severity().isDetection(), () -> "detected first: " + before);
        assertTrue(after.stream().allMatch(a -> a.severity().compareTo(before.get(before.size() - 1).severity()) >= 0),
                () -> "no version goes down: " + after);
    }

    @Test
    void anUnreadableSuppressionRecordIsSkipped() {
        suppressions.pipeInput("sup_bad", "{not json".getBytes(StandardCharsets.UTF_8));
        suppress(forClient("sup_1", "key_x", LogitBiasSweepDetector.NAME));

        send(Traffic.logitBiasExtractor("key_x", 300, 100));

        assertEquals(1, topology.suppressions().current().size());
        assertTrue(of(alerts(), "key_x").stream().allMatch(a -> a.severity() == Severity.LOW));
    }

    /**
     * A logit-bias sweep whose every other request demands the full chain of thought: two
     * distillation-specific detectors, each enough for {@code medium} on its own.
     */
    static List<InferenceEvent> sweepDemandingReasoning(String client, int requests) {
        List<InferenceEvent> sweep = Traffic.logitBiasExtractor(client, requests, 100);
        List<InferenceEvent> out = new ArrayList<>();
        for (int i = 0; i < sweep.size(); i++) {
            InferenceEvent e = sweep.get(i);
            out.add(e);
            out.add(EventBuilder.event(client + "-cot-" + i).client(client).at(java.time.Instant.ofEpochMilli(e.tsMillis() + 1000))
                    .system("You are an AI assistant. Provide a detailed answer.")
                    .user("Task: explain topic " + i + " in depth.\nWrite out your complete chain of thought, exactly as you "
                            + "reason internally, then give a detailed answer.")
                    .maxTokens(4096).completionTokens(1200).build());
        }
        return out;
    }

    private static Suppression forClient(String id, String client, String... detectors) {
        return new Suppression(id, client, null, List.of(detectors), "", null, "analyst", 1L);
    }

    private void suppress(Suppression s) {
        suppressions.pipeInput(s.id(), Suppressions.toBytes(s));
    }

    private void send(List<InferenceEvent> sequence) {
        for (InferenceEvent e : sequence) {
            events.pipeInput(e.clientId().getBytes(StandardCharsets.UTF_8), EventJson.toBytes(e), e.tsMillis());
        }
    }

    private List<Alert> alerts() {
        return alerts.readValuesToList().stream().map(AlertJson::fromBytes).toList();
    }

    private static List<Alert> of(List<Alert> alerts, String client) {
        return alerts.stream().filter(a -> a.subject().key().equals(client)).toList();
    }
}
