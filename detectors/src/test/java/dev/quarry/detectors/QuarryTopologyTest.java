package dev.quarry.detectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.detectors.alert.Alert;
import dev.quarry.detectors.alert.DetectorFinding;
import dev.quarry.detectors.alert.AlertJson;
import dev.quarry.detectors.alert.Severity;
import dev.quarry.detectors.config.DetectionConfig;
import dev.quarry.detectors.config.TopicNames;
import dev.quarry.ingest.EventJson;
import dev.quarry.ingest.InferenceEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class QuarryTopologyTest {
    private final TopicNames topics = new TopicNames();
    private final PipelineCounters counters = new PipelineCounters();
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> events;
    private TestOutputTopic<String, byte[]> alerts;
    private TestOutputTopic<byte[], byte[]> deadLetters;

    /** In-memory stores keep the driver fast; one test runs on RocksDB to cover the production stores. */
    private boolean persistent;
    /** Partition count the topology is told the events topic has; 0 = unknown, always repartition. */
    private int eventsPartitions;
    private DetectionConfig config = new DetectionConfig();

    @BeforeEach
    void start() {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "quarry-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        config.persistentStores(persistent);
        driver = new TopologyTestDriver(new QuarryTopology(config, topics, counters,
                QuarryTopology.Inputs.none().withEventsPartitions(eventsPartitions)).build(), p);
        events = driver.createInputTopic(topics.events(), new ByteArraySerializer(), new ByteArraySerializer());
        alerts = driver.createOutputTopic(topics.alerts(), new StringDeserializer(), new ByteArrayDeserializer());
        deadLetters = driver.createOutputTopic(topics.deadLetters(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private void send(List<InferenceEvent> sequence) {
        for (InferenceEvent e : sequence) {
            events.pipeInput(e.clientId().getBytes(StandardCharsets.UTF_8), EventJson.toBytes(e), e.tsMillis());
        }
    }

    private List<Alert> alerts() {
        return alerts.readValuesToList().stream().map(AlertJson::fromBytes).toList();
    }

    @Test
    void capsTheAlertsOfAnAllowListedOrganisationAtLow() {
        stop();
        config.fusion().allowList().allowedOrgs().add("org_eval");
        start();
        List<InferenceEvent> sweep = new ArrayList<>();
        for (InferenceEvent e : Traffic.logitBiasExtractor("key_eval", 300, 100)) {
            sweep.add(dev.quarry.ingest.EventBuilder.from(e).org("org_eval").build());
        }
        send(sweep);
        send(Traffic.logitBiasExtractor("key_x", 300, 100));
        List<Alert> out = alerts();
        List<Alert> eval = out.stream().filter(a -> a.subject().key().equals("key_eval")).toList();
        assertFalse(eval.isEmpty(), "still watch-listed");
        assertTrue(eval.stream().allMatch(a -> a.severity() == Severity.LOW), "never above low");
        assertTrue(eval.get(eval.size() - 1).summary().contains("allow-listed"));
        assertTrue(out.stream().anyMatch(a -> a.subject().key().equals("key_x") && a.severity().isDetection()));
    }

    @Test
    void keepingProfilesResidentChangesNoAlert() {
        // Attackers and look-alikes interleaved, so profiles are evicted and reloaded mid-stream
        // when few may stay resident; alerts must not depend on whether a profile was decoded.
        List<InferenceEvent> mix = new ArrayList<>();
        mix.addAll(Traffic.logitBiasExtractor("key_x", 200, 100));
        mix.addAll(Traffic.templatedDistiller("key_d", 200));
        mix.addAll(DistillationTraffic.codingDistiller("key_cd", 150));
        mix.addAll(DistillationTraffic.reseller("key_r", 300, 3));
        mix.addAll(Traffic.humanChat("key_h", 150, 1));
        mix.addAll(Traffic.classifierApp("key_c", 200));
        mix.addAll(DistillationTraffic.ragApplication("key_rag", 100));
        mix.sort(Comparator.comparingLong(InferenceEvent::tsMillis));
        List<String> reference = null;
        for (int resident : new int[] {0, 1, 3, 4000}) {
            stop();
            config.residentProfiles(resident);
            persistent = resident == 3;
            start();
            send(mix);
            List<String> out = alerts.readValuesToList().stream()
                    .map(b -> new String(b, StandardCharsets.UTF_8)).toList();
            if (reference == null) {
                reference = out;
                assertTrue(out.size() > 3, "the mix raises alerts: " + out.size());
            } else {
                assertEquals(reference, out, "residentProfiles " + resident);
            }
        }
    }

    @Test
    void raisesOneEscalatingAlertForALogitBiasExtractor() {
        stop();
        persistent = true;
        start();
        send(Traffic.logitBiasExtractor("key_x", 300, 100));
        List<Alert> out = alerts();
        assertFalse(out.isEmpty());
        assertEquals(1, out.stream().map(Alert::alertId).distinct().count(), "one alert, versioned");
        assertTrue(out.size() <= 6, "suppressed to a handful of versions, got " + out.size());
        Alert last = out.get(out.size() - 1);
        assertEquals(Severity.CRITICAL, last.severity());
        assertEquals("key_x", last.subject().clientId());
        assertEquals("logit_bias_sweep", last.detectors().get(0).name());
        assertTrue(counters.alertVersionsSuppressed() > 250);
    }

    @Test
    void raisesAnAlertForATemplatedDistillerWithTheTemplateAsEvidence() {
        send(Traffic.templatedDistiller("key_d", 250));
        List<Alert> out = alerts();
        Alert last = out.get(out.size() - 1);
        assertTrue(last.severity().isDetection(), "severity " + last.severity());
        // near_duplicate_queries sees the same client, so the template detector need not come first
        DetectorFinding templated = last.detectors().stream().filter(f -> f.name().equals("templated_queries"))
                .findFirst().orElseThrow();
        assertTrue(((String) templated.evidence().get("template")).startsWith("task: "));
    }

    @Test
    void raisesNoAlertForBenignLookAlikes() {
        List<InferenceEvent> benign = new ArrayList<>();
        benign.addAll(Traffic.humanChat("key_h1", 150, 1));
        benign.addAll(Traffic.humanChat("key_h2", 150, 2));
        benign.addAll(Traffic.classifierApp("key_c", 500));
        benign.addAll(Traffic.batchSummariser("key_b", 500));
        benign.sort(Comparator.comparingLong(InferenceEvent::tsMillis));
        send(benign);
        List<Alert> raised = alerts();
        assertTrue(raised.isEmpty(), () -> "no alerts for benign clients: " + raised);
        assertEquals(1300, counters.eventsProcessed());
    }

    @Test
    void keysAlertsBySubjectAndWritesTheContractFields() throws Exception {
        send(Traffic.logitBiasExtractor("key_x", 20, 100));
        var record = alerts.readRecord();
        assertEquals("key_x", record.key());
        JsonNode json = new ObjectMapper().readTree(record.value());
        for (String field : List.of("alert_id", "ts", "subject", "severity", "score", "detectors", "trigger_event_id", "summary")) {
            assertTrue(json.has(field), "missing " + field + " in " + json);
        }
        assertEquals("client", json.get("subject").get("kind").asText());
        assertTrue(Set.of("low", "medium", "high", "critical").contains(json.get("severity").asText()));
        assertEquals(record.timestamp().longValue(), json.get("ts").asLong(), "record time is the trigger's event time");
    }

    @Test
    void sendsInvalidRecordsToTheDeadLetterTopicAndGoesOn() throws Exception {
        events.pipeInput(null, "not json at all".getBytes(StandardCharsets.UTF_8));
        events.pipeInput(null, "{\"ts\":1,\"client_id\":\"k\",\"endpoint\":\"completions\",\"model\":\"m\",\"request\":{\"prompt\":\"x\"},\"response\":{\"status\":200}}"
                .getBytes(StandardCharsets.UTF_8));
        send(Traffic.logitBiasExtractor("key_x", 20, 100));
        List<JsonNode> dead = new ArrayList<>();
        for (byte[] v : deadLetters.readValuesToList()) {
            dead.add(new ObjectMapper().readTree(v));
        }
        assertEquals(2, dead.size());
        assertTrue(dead.get(0).get("reason").asText().startsWith("not JSON"), dead.get(0).toString());
        assertEquals("missing event_id", dead.get(1).get("reason").asText());
        assertTrue(dead.get(0).get("source").asText().startsWith(topics.events() + "/0@"), dead.get(0).toString());
        assertEquals(2, counters.deadLetters());
        assertFalse(alerts.isEmpty(), "the stream went on after bad records");
    }

    @Test
    void doesNotCountADuplicateEventTwice() {
        List<InferenceEvent> once = Traffic.humanChat("key_h", 10, 3);
        send(once);
        send(once.subList(0, 5));
        assertEquals(10, counters.eventsProcessed());
        assertEquals(5, counters.duplicates());
    }

    /**
     * The in-memory seen-event-id store files ids under dedup-horizon buckets: an id seen again
     * within the horizon is a duplicate across a bucket boundary, and one seen again later is not.
     */
    @Test
    void countsARepeatWithinTheDedupHorizonAsADuplicateAndALaterOneNot() throws Exception {
        InferenceEvent first = Traffic.humanChat("key_h", 1, 1).get(0);
        long horizon = config.dedupHorizon().toMillis();
        long bucketEnd = Math.floorDiv(first.tsMillis(), horizon) * horizon + horizon;
        sendAt(first, first.tsMillis());
        sendAt(first, bucketEnd + 1);
        sendAt(first, first.tsMillis() + horizon + 1);
        assertEquals(1, counters.duplicates(), "the repeat in the next bucket, within the horizon");
        assertEquals(2, counters.eventsProcessed(), "the first and the repeat past the horizon");
    }

    private void sendAt(InferenceEvent e, long ts) throws Exception {
        ObjectMapper json = new ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode node = (com.fasterxml.jackson.databind.node.ObjectNode)
                json.readTree(EventJson.toBytes(e));
        node.put("ts", java.time.Instant.ofEpochMilli(ts).toString());
        events.pipeInput(e.clientId().getBytes(StandardCharsets.UTF_8), json.writeValueAsBytes(node), ts);
    }

    @Test
    void givesTheSameAlertsWhenTheSameEventsArePlayedAgainFromScratch() {
        List<InferenceEvent> mixed = new ArrayList<>(Traffic.logitBiasExtractor("key_x", 100, 100));
        mixed.addAll(Traffic.templatedDistiller("key_d", 120));
        mixed.addAll(Traffic.humanChat("key_h", 100, 5));
        mixed.sort(Comparator.comparingLong(InferenceEvent::tsMillis));
        send(mixed);
        List<String> first = alerts().stream().map(AlertJson::toJson).collect(Collectors.toList());
        stop();
        start();
        send(mixed);
        List<String> second = alerts().stream().map(AlertJson::toJson).collect(Collectors.toList());
        assertEquals(first, second);
    }

    @Test
    void givesTheSameAlertsWhetherEventsSkipTheRepartitionOrNot() {
        List<InferenceEvent> mixed = new ArrayList<>(Traffic.logitBiasExtractor("key_x", 100, 100));
        mixed.addAll(Traffic.templatedDistiller("key_d", 120));
        mixed.sort(Comparator.comparingLong(InferenceEvent::tsMillis));
        send(mixed);
        List<String> repartitioned = alerts().stream().map(AlertJson::toJson).collect(Collectors.toList());
        assertEquals(mixed.size(), counters.eventsRepartitioned());
        stop();
        eventsPartitions = 1;
        start();
        send(mixed);
        List<String> inPlace = alerts().stream().map(AlertJson::toJson).collect(Collectors.toList());
        assertEquals(mixed.size(), counters.eventsRepartitioned(), "the keyed events stayed in place");
        assertFalse(inPlace.isEmpty());
        assertEquals(repartitioned, inPlace);
    }

    @Test
    void processesEventsWhoseRecordKeyIsNotTheirClientId() {
        stop();
        eventsPartitions = 1;
        start();
        for (InferenceEvent e : Traffic.logitBiasExtractor("key_x", 100, 100)) {
            events.pipeInput("gateway-7".getBytes(StandardCharsets.UTF_8), EventJson.toBytes(e), e.tsMillis());
        }
        assertEquals(100, counters.eventsProcessed());
        assertEquals(100, counters.eventsRepartitioned());
        assertTrue(alerts().stream().anyMatch(a -> "key_x".equals(a.subject().clientId())));
    }
}
