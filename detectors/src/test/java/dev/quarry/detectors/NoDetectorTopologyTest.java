package dev.quarry.detectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.detectors.config.DetectionConfig;
import dev.quarry.detectors.config.TopicNames;
import dev.quarry.detectors.state.ClientProfile;
import dev.quarry.ingest.EventJson;
import dev.quarry.ingest.InferenceEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link QuarryTopology#withoutDetectors}: the bench's baseline keeps the plumbing and state, and detects nothing. */
class NoDetectorTopologyTest {
    private final TopicNames topics = new TopicNames();
    private final PipelineCounters counters = new PipelineCounters();
    private final DetectionConfig config = new DetectionConfig().persistentStores(false);
    private QuarryTopology topology;
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> events;

    @BeforeEach
    void start() {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "quarry-no-detector-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        topology = QuarryTopology.withoutDetectors(config, topics, counters, QuarryTopology.Inputs.none());
        driver = new TopologyTestDriver(topology.build(), p);
        events = driver.createInputTopic(topics.events(), new ByteArraySerializer(), new ByteArraySerializer());
    }

    @AfterEach
    void stop() {
        driver.close();
        topology.close();
    }

    private void send(List<InferenceEvent> sequence) {
        for (InferenceEvent e : sequence) {
            events.pipeInput(e.clientId().getBytes(StandardCharsets.UTF_8), EventJson.toBytes(e), e.tsMillis());
        }
    }

    @Test
    void runsNoDetectorAndRaisesNoAlertOnAnExtractorTheFullTopologyFlags() {
        send(Traffic.logitBiasExtractor("key_x", 300, 100));

        assertTrue(topology.detectors().isEmpty());
        assertTrue(driver.createOutputTopic(topics.alerts(), new StringDeserializer(), new StringDeserializer()).isEmpty());
        assertEquals(300, counters.eventsProcessed());
    }

    @Test
    void deduplicatesAndKeepsEachClientsEventCountInItsProfile() {
        List<InferenceEvent> chat = Traffic.humanChat("key_h", 10, 3);
        send(chat);
        send(chat.subList(0, 4));

        assertEquals(10, counters.eventsProcessed());
        assertEquals(4, counters.duplicates());
        KeyValueStore<String, ClientProfile> profiles = driver.getKeyValueStore(QuarryTopology.PROFILE_STORE);
        assertEquals(10, profiles.get("key_h").events());
    }

    @Test
    void hasNoClusterSideWhereTheFullTopologyHasOne() {
        String description = describe(topology);
        assertTrue(description.contains("client-detection"), description);
        try (QuarryTopology full = new QuarryTopology(config, topics, new PipelineCounters())) {
            String fullDescription = describe(full);
            for (String side : List.of("link-keys", "clusters")) {
                assertTrue(fullDescription.contains(side), side + " not in the full topology");
                assertTrue(!description.contains(side), side + " in " + description);
            }
        }
    }

    private static String describe(QuarryTopology t) {
        TopologyDescription d = t.build().describe();
        return d.toString();
    }
}
