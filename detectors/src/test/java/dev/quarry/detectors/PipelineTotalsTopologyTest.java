package dev.quarry.detectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.detectors.config.DetectionConfig;
import dev.quarry.detectors.config.TopicNames;
import dev.quarry.ingest.EventJson;
import dev.quarry.ingest.InferenceEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@link PipelineTotals} stores count what the topology wrote: one dead letter per record on
 * the dead-letter topic, one alert per record on the alerts topic, one event per valid event that
 * was not a duplicate; the same figures as the process's {@link PipelineCounters}.
 */
class PipelineTotalsTopologyTest {
    private final TopicNames topics = new TopicNames();

    @ParameterizedTest(name = "events topic with {0} partitions known")
    @ValueSource(ints = {0, 4})
    void totalsCountTheRecordsWrittenAndTheEventsProcessed(int eventsPartitions) {
        PipelineCounters counters = new PipelineCounters();
        QuarryTopology topology = new QuarryTopology(new DetectionConfig().persistentStores(false), topics, counters,
                QuarryTopology.Inputs.none().withEventsPartitions(eventsPartitions));
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "quarry-totals-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        try (TopologyTestDriver driver = new TopologyTestDriver(topology.build(), p)) {
            TestInputTopic<byte[], byte[]> events = driver.createInputTopic(topics.events(), new ByteArraySerializer(),
                    new ByteArraySerializer());
            List<InferenceEvent> traffic = new ArrayList<>(Traffic.logitBiasExtractor("key_x", 200, 100));
            traffic.addAll(Traffic.humanChat("key_h", 30, 1));
            for (InferenceEvent e : traffic) {
                events.pipeInput(e.clientId().getBytes(StandardCharsets.UTF_8), EventJson.toBytes(e), e.tsMillis());
            }
            InferenceEvent again = traffic.get(7);
            events.pipeInput(again.clientId().getBytes(StandardCharsets.UTF_8), EventJson.toBytes(again), again.tsMillis());
            events.pipeInput("key_bad".getBytes(StandardCharsets.UTF_8), "not json".getBytes(StandardCharsets.UTF_8));
            events.pipeInput("key_bad".getBytes(StandardCharsets.UTF_8), "{\"ts\": 1}".getBytes(StandardCharsets.UTF_8));

            long alerts = driver.createOutputTopic(topics.alerts(), new StringDeserializer(), new ByteArrayDeserializer())
                    .getQueueSize();
            long deadLetters = driver.createOutputTopic(topics.deadLetters(), new ByteArrayDeserializer(),
                    new ByteArrayDeserializer()).getQueueSize();
            Map<String, Long> sums = new HashMap<>();
            for (String store : topology.totalsStores()) {
                PipelineTotals.sum(driver.getKeyValueStore(store), sums);
            }
            Map<String, Long> totals = PipelineTotals.complete(sums);

            assertTrue(alerts > 0, "the extractor raised an alert");
            assertEquals(2, deadLetters);
            assertEquals(Map.of(PipelineTotals.EVENTS_PROCESSED, (long) traffic.size(),
                    PipelineTotals.DEAD_LETTERS, 2L, PipelineTotals.ALERTS, alerts), totals);
            assertEquals(counters.eventsProcessed(), totals.get(PipelineTotals.EVENTS_PROCESSED));
            assertEquals(counters.deadLetters(), totals.get(PipelineTotals.DEAD_LETTERS));
            assertEquals(counters.alertsPublished(), totals.get(PipelineTotals.ALERTS));
        }
    }
}
