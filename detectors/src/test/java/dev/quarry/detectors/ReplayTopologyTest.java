package dev.quarry.detectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.detectors.alert.AlertJson;
import dev.quarry.detectors.alert.Subject;
import dev.quarry.detectors.cluster.HydraTraffic;
import dev.quarry.detectors.config.DetectionConfig;
import dev.quarry.detectors.config.HydraConfig;
import dev.quarry.detectors.config.TopicNames;
import dev.quarry.detectors.internals.ParseProcessor;
import dev.quarry.ingest.EventJson;
import dev.quarry.ingest.InferenceEvent;
import dev.quarry.ingest.ParseResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an offline replay relies on: the topology built without changelogs writes none and gives
 * the same alerts, and {@link PipelineCounters#sideMessagesPending()} is back at zero once the
 * steps behind the client step's repartitions have processed everything.
 */
class ReplayTopologyTest {
    private static final List<InferenceEvent> FLEET = sorted(HydraTraffic.fleet("key_rp", 12, 20, 3));
    private final TopicNames topics = new TopicNames();

    @TempDir
    Path stateDir;

    /** The alert records, as bytes, and the topics the run wrote. */
    private record Run(List<String> alerts, Set<String> topicsWritten, PipelineCounters counters) {}

    private static List<InferenceEvent> sorted(List<InferenceEvent> traffic) {
        List<InferenceEvent> s = new ArrayList<>(traffic);
        s.sort(Comparator.comparingLong(InferenceEvent::tsMillis).thenComparing(InferenceEvent::eventId));
        return s;
    }

    private Run run(boolean changelogs) {
        Properties p = new Properties();
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.resolve(changelogs ? "logged" : "unlogged").toString());
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "quarry-replay-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        DetectionConfig config = new DetectionConfig();
        config.persistentStores(true);
        PipelineCounters counters = new PipelineCounters();
        try (TopologyTestDriver driver = new TopologyTestDriver(
                new QuarryTopology(config, topics, counters).build(changelogs), p)) {
            TestInputTopic<byte[], byte[]> events = driver.createInputTopic(topics.events(), new ByteArraySerializer(),
                    new ByteArraySerializer());
            for (InferenceEvent e : FLEET) {
                events.pipeInput(e.clientId().getBytes(StandardCharsets.UTF_8), EventJson.toBytes(e), e.tsMillis());
            }
            counters.endInput();
            driver.advanceWallClockTime(HydraConfig.DEFAULT_ORDER_HEARTBEAT.multipliedBy(2));
            List<String> alerts = driver.createOutputTopic(topics.alerts(), new StringDeserializer(),
                    new ByteArrayDeserializer()).readValuesToList().stream()
                    .map(b -> new String(b, StandardCharsets.UTF_8)).toList();
            return new Run(alerts, driver.producedTopicNames(), counters);
        }
    }

    @Test
    void writesNoChangelogTopicWithoutChangelogs() {
        assertTrue(run(true).topicsWritten().stream().anyMatch(t -> t.endsWith("-changelog")),
                "with changelogs the stores write them");
        Set<String> written = run(false).topicsWritten();
        assertFalse(written.stream().anyMatch(t -> t.endsWith("-changelog")), "written: " + written);
        assertTrue(written.contains(topics.alerts()), "written: " + written);
    }

    @Test
    void givesTheSameAlertsWithAndWithoutChangelogs() {
        List<String> logged = run(true).alerts();
        assertTrue(logged.stream().map(AlertJson::fromJson).anyMatch(a -> Subject.CLUSTER.equals(a.subject().kind())),
                "the fleet reaches the cluster side: " + logged.size() + " alert versions");
        assertEquals(logged, run(false).alerts());
    }

    @Test
    void noSideMessageIsPendingOnceEveryStepHasProcessed() {
        PipelineCounters counters = run(false).counters();
        assertEquals(FLEET.size(), counters.eventsProcessed());
        assertEquals(0, counters.sideMessagesPending());
    }

    @Test
    void theClientPartTakesAResultHandedOverForThatVeryValueAndParsesAnyOther() {
        Properties p = new Properties();
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.resolve("client-part").toString());
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "quarry-replay-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        PipelineCounters counters = new PipelineCounters();
        ParseProcessor.Parsed parsed = new ParseProcessor.Parsed();
        InferenceEvent first = FLEET.get(0);
        InferenceEvent second = FLEET.get(1);
        try (TopologyTestDriver driver = new TopologyTestDriver(
                new QuarryTopology(new DetectionConfig(), topics, counters).buildClientPart(10, parsed), p)) {
            TestInputTopic<byte[], byte[]> events = driver.createInputTopic(topics.events(), new ByteArraySerializer(),
                    new ByteArraySerializer());
            // Not JSON at all: parsed, it would be a dead letter; the result handed with it is taken instead.
            byte[] notJson = "not an event".getBytes(StandardCharsets.UTF_8);
            parsed.hand(notJson, new ParseResult.Valid(first));
            events.pipeInput(first.clientId().getBytes(StandardCharsets.UTF_8), notJson, first.tsMillis());
            assertEquals(0, counters.deadLetters());
            assertEquals(1, counters.eventsProcessed());

            // Equal bytes in another array are parsed: the handed result is for one array only.
            parsed.hand(notJson, new ParseResult.Valid(second));
            events.pipeInput(second.clientId().getBytes(StandardCharsets.UTF_8), notJson.clone(), second.tsMillis());
            assertEquals(1, counters.deadLetters());
            assertEquals(1, counters.eventsProcessed());

            // Handed over and not taken, then cleared: the next record with that array is parsed.
            events.pipeInput(second.clientId().getBytes(StandardCharsets.UTF_8), notJson, second.tsMillis());
            assertEquals(2, counters.deadLetters());
            assertEquals(1, counters.eventsProcessed());
            assertEquals(3, counters.recordsRead());
        }
    }
}
