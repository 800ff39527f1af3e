package dev.quarry.detectors.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.detectors.PipelineCounters;
import dev.quarry.detectors.QuarryTopology;
import dev.quarry.detectors.Traffic;
import dev.quarry.detectors.config.DetectionConfig;
import dev.quarry.detectors.config.TopicNames;
import dev.quarry.detectors.encoder.TextEncoders;
import dev.quarry.detectors.state.ClientProfile;
import dev.quarry.ingest.EventBuilder;
import dev.quarry.ingest.EventJson;
import dev.quarry.ingest.InferenceEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/** {@code detection.encoders.detectors} and {@code semanticSampleRate} through the real client step. */
class SemanticOverrideTopologyTest {
    private static final int EVENTS = 60;

    private static List<InferenceEvent> traffic() {
        List<InferenceEvent> out = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            out.add(EventBuilder.event("sem-" + i).client("key_s").at(Traffic.T0.plus(Duration.ofSeconds(30L * i)))
                    .user("Rewrite the following sentence in a formal register for a quarterly report, number " + i
                            + ": our sales went up a lot this time.").maxTokens(400).completionTokens(80).build());
        }
        return out;
    }

    /** How many events near_duplicate_queries counted for the client, with the given encoder settings. */
    private static long counted(DetectionConfig config) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "quarry-semantic-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        TopicNames topics = new TopicNames();
        try (QuarryTopology topology = new QuarryTopology(config, topics, new PipelineCounters());
                TopologyTestDriver driver = new TopologyTestDriver(topology.build(), p)) {
            TestInputTopic<byte[], byte[]> events = driver.createInputTopic(topics.events(), new ByteArraySerializer(),
                    new ByteArraySerializer());
            for (InferenceEvent e : traffic()) {
                events.pipeInput(e.clientId().getBytes(StandardCharsets.UTF_8), EventJson.toBytes(e), e.tsMillis());
            }
            KeyValueStore<String, ClientProfile> profiles = driver.getKeyValueStore(QuarryTopology.PROFILE_STORE);
            NearDuplicateDetector detector = (NearDuplicateDetector) topology.detectors().stream()
                    .filter(d -> d instanceof NearDuplicateDetector).findFirst().orElseThrow();
            return profiles.get("key_s").state(detector).queries;
        }
    }

    @Test
    void aDetectorWithItsOwnEncoderSeesOnlyTheSemanticSample() {
        DetectionConfig plain = new DetectionConfig();
        plain.persistentStores(false);
        assertEquals(EVENTS, counted(plain));

        DetectionConfig semantic = new DetectionConfig();
        semantic.persistentStores(false);
        semantic.encoders().detectors().put(NearDuplicateDetector.NAME, TextEncoders.MINILM);
        semantic.encoders().semanticSampleRate(0.5);
        long sampled;
        try (TextEncoders encoders = new TextEncoders(semantic.encoders())) {
            sampled = traffic().stream().filter(e -> encoders.semanticSampled(e.eventId())).count();
        }
        assertTrue(sampled > 10 && sampled < EVENTS - 10, "sampled " + sampled);
        assertEquals(sampled, counted(semantic));
    }
}
