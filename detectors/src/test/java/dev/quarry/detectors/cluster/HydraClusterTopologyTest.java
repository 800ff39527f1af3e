package dev.quarry.detectors.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.detectors.PipelineCounters;
import dev.quarry.detectors.QuarryTopology;
import dev.quarry.detectors.alert.Alert;
import dev.quarry.detectors.alert.AlertJson;
import dev.quarry.detectors.alert.DetectorFinding;
import dev.quarry.detectors.alert.Subject;
import dev.quarry.detectors.config.DetectionConfig;
import dev.quarry.detectors.config.HydraConfig;
import dev.quarry.detectors.config.TopicNames;
import dev.quarry.ingest.EventJson;
import dev.quarry.ingest.InferenceEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
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
import org.junit.jupiter.api.io.TempDir;

class HydraClusterTopologyTest {
    private final TopicNames topics = new TopicNames();
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> events;
    private TestOutputTopic<String, byte[]> alerts;
    private int runs;
    private PipelineCounters counters;

    @TempDir
    Path stateDir;

    /** RocksDB stores: the in-memory window store scans every timestamp in range, too slow for fleets. */
    @BeforeEach
    void start() {
        Properties p = new Properties();
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.resolve("run" + (runs++)).toString());
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "quarry-hydra-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        DetectionConfig config = new DetectionConfig();
        config.persistentStores(true);
        counters = new PipelineCounters();
        driver = new TopologyTestDriver(new QuarryTopology(config, topics, counters).build(), p);
        events = driver.createInputTopic(topics.events(), new ByteArraySerializer(), new ByteArraySerializer());
        alerts = driver.createOutputTopic(topics.alerts(), new StringDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private List<Alert> run(List<InferenceEvent> traffic) {
        List<InferenceEvent> sorted = new ArrayList<>(traffic);
        sorted.sort(Comparator.comparingLong(InferenceEvent::tsMillis).thenComparing(InferenceEvent::eventId));
        for (InferenceEvent e : sorted) {
            events.pipeInput(e.clientId().getBytes(StandardCharsets.UTF_8), EventJson.toBytes(e), e.tsMillis());
        }
        // As a replay does: the end of input releases what the cluster side holds for ordering.
        counters.endInput();
        driver.advanceWallClockTime(HydraConfig.DEFAULT_ORDER_HEARTBEAT.multipliedBy(2));
        return alerts.readValuesToList().stream().map(AlertJson::fromBytes).toList();
    }

    private static List<Alert> clusterAlerts(List<Alert> out) {
        return out.stream().filter(a -> Subject.CLUSTER.equals(a.subject().kind())).toList();
    }

    private static Set<String> hydraMembersAlerted(List<Alert> out) {
        return out.stream()
                .filter(a -> Subject.CLIENT.equals(a.subject().kind()) && a.severity().isDetection())
                .filter(a -> a.detectors().stream().anyMatch(f -> HydraClusterDetector.NAME.equals(f.name())))
                .map(a -> a.subject().clientId()).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void raisesAClusterAlertWithMembersAndKeysForAFleetSharingPaymentNetworkAndTemplate() {
        List<Alert> out = clusterAlerts(run(HydraTraffic.fleet("key_hy", 30, 20, 3)));
        assertFalse(out.isEmpty(), "a cluster alert");
        assertEquals(1, out.stream().map(Alert::alertId).distinct().count(), "one cluster alert, versioned");
        Alert last = out.get(out.size() - 1);
        assertTrue(last.severity().isDetection(), "severity " + last.severity());
        assertEquals("hydra-key_hy00", last.subject().clusterId(), "id from the smallest member");
        assertTrue(last.subject().members().size() >= 5, "members " + last.subject().members());
        DetectorFinding f = last.detectors().get(0);
        assertEquals(HydraClusterDetector.NAME, f.name());
        assertEquals(30, ((Number) f.evidence().get("cluster_size")).intValue());
        assertTrue(f.evidence().get("link_keys").toString().contains("pay:pm_fleet"), f.evidence().toString());
        assertTrue(((Number) f.evidence().get("shared_template_share")).doubleValue() >= 0.8, f.evidence().toString());
        assertTrue(f.evidence().get("sample_template").toString().startsWith("instruction"), f.evidence().toString());
    }

    /** Ten keys at 50 prompts an hour each: under a per-key limit, a 500-an-hour sweep together. */
    @Test
    void poolsTheCapabilitySweepOfAFleetUnderPerKeyLimits() {
        List<Alert> out = clusterAlerts(run(HydraTraffic.fleet("key_hy", 10, 50, 6)));
        Alert last = out.get(out.size() - 1);
        DetectorFinding pooled = last.detectors().stream()
                .filter(f -> HydraClusterDetector.POOLED_SWEEP.equals(f.name())).findFirst().orElseThrow();
        assertTrue(pooled.score() >= 0.3, pooled.toString());
        assertEquals(500L, ((Number) pooled.evidence().get("pooled_prompts_per_hour")).longValue(), 10);
        assertTrue(last.score() > last.detectors().stream().filter(f -> HydraClusterDetector.NAME.equals(f.name()))
                .findFirst().orElseThrow().score(), "the pooled sweep adds to coordination");
    }

    @Test
    void raisesEveryFleetMembersAlertAtMediumOrAbove() {
        Set<String> alerted = hydraMembersAlerted(run(HydraTraffic.fleet("key_hy", 30, 20, 3)));
        assertEquals(30, alerted.size(), "members alerted: " + alerted);
    }

    @Test
    void doesNotAlertOnChatUsersBehindOneCorporateNatWithOneBrowserBuild() {
        List<Alert> out = run(HydraTraffic.officeBehindNat(40, 80));
        assertTrue(out.isEmpty(), "no alerts, got " + out);
    }

    @Test
    void linksButDoesNotAlertOnOneCompanysBatchKeysAndDeveloper() {
        List<Alert> out = run(HydraTraffic.companyKeys(150));
        assertTrue(out.isEmpty(), "no alerts, got " + out);
    }

    @Test
    void doesNotAlertOnAnEvaluationRunSplitOverThreeKeys() {
        List<Alert> out = run(HydraTraffic.evaluationRun(300));
        assertTrue(out.isEmpty(), "no alerts, got " + out);
    }

    @Test
    void findsTheFleetAmongItsBenignLookAlikesAndOnlyTheFleet() {
        List<InferenceEvent> mixed = new ArrayList<>(HydraTraffic.fleet("key_hy", 30, 20, 3));
        mixed.addAll(HydraTraffic.officeBehindNat(40, 60));
        mixed.addAll(HydraTraffic.companyKeys(100));
        mixed.addAll(HydraTraffic.evaluationRun(150));
        List<Alert> out = run(mixed);
        Set<String> alerted = out.stream().filter(a -> a.severity().isDetection())
                .flatMap(a -> Subject.CLIENT.equals(a.subject().kind()) ? java.util.stream.Stream.of(a.subject().clientId())
                        : a.subject().members().stream())
                .collect(Collectors.toCollection(TreeSet::new));
        assertTrue(alerted.stream().allMatch(c -> c.startsWith("key_hy")), "only fleet members: " + alerted);
        assertEquals(30, hydraMembersAlerted(out).size());
    }

    @Test
    void givesTheSameClusterAlertsWhenReplayedFromScratch() {
        List<InferenceEvent> mixed = new ArrayList<>(HydraTraffic.fleet("key_hy", 30, 20, 3));
        mixed.addAll(HydraTraffic.companyKeys(60));
        List<String> first = run(mixed).stream().map(AlertJson::toJson).toList();
        stop();
        start();
        List<String> second = run(mixed).stream().map(AlertJson::toJson).toList();
        assertFalse(first.isEmpty());
        assertEquals(first, second);
    }
}
