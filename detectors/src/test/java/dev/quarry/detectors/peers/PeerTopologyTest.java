package dev.quarry.detectors.peers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.quarry.detectors.PipelineCounters;
import dev.quarry.detectors.QuarryTopology;
import dev.quarry.detectors.Traffic;
import dev.quarry.detectors.config.DetectionConfig;
import dev.quarry.detectors.config.TopicNames;
import dev.quarry.ingest.EventBuilder;
import dev.quarry.ingest.EventJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;

/**
 * Peer statistics through the real topology: clients' samples reach the peer-statistics side,
 * which publishes per-shape snapshots at event-time boundaries, and every instance reads them back
 * from the peer-statistics topic.
 */
class PeerTopologyTest {
    private static final long T0 = Traffic.T0.toEpochMilli();
    private static final long MIN = 60_000;

    @Test
    void classifiedClientsArePooledByShapeAndTheSnapshotIsReadBack() {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "quarry-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        DetectionConfig config = new DetectionConfig();
        config.persistentStores(false);
        TopicNames topics = new TopicNames();
        try (QuarryTopology topology = new QuarryTopology(config, topics, new PipelineCounters());
                TopologyTestDriver driver = new TopologyTestDriver(topology.build(), p)) {
            TestInputTopic<byte[], byte[]> events = driver.createInputTopic(topics.events(), new ByteArraySerializer(),
                    new ByteArraySerializer());
            List<byte[]> lines = new ArrayList<>();
            // 24 products (org, one system prompt), one call a minute for three hours, interleaved.
            for (int m = 0; m < 180; m++) {
                for (int c = 0; c < 24; c++) {
                    lines.add(EventJson.toBytes(EventBuilder.event("p" + c + "-" + m).client("prod_" + c)
                            .at(T0 + m * MIN + c * 1000L).org("org_" + c).system("You help the customers of shop " + c + ".")
                            .user("Where is my parcel number " + (m * 31 + c) + "?").build()));
                }
            }
            // Then a new product's first sample, two hours later, moves the boundary past all of them.
            for (int i = 0; i < 30; i++) {
                lines.add(EventJson.toBytes(EventBuilder.event("late-" + i).client("prod_late")
                        .at(T0 + 5 * 3_600_000L + i * 1000L).org("org_late").system("You help.").user("hello " + i)
                        .build()));
            }
            for (byte[] l : lines) {
                events.pipeInput(null, l);
            }
            PeerSnapshot products = topology.peerStats().of(ClientShape.PRODUCT);
            assertNotNull(products);
            assertEquals(24, products.clients());
            assertNotNull(products.points(PeerQuantity.VOLUME_PER_ACTIVE_HOUR));
            assertEquals(60.0, products.valueAt(PeerQuantity.VOLUME_PER_ACTIVE_HOUR, 0.5), 1.0);
            assertNull(topology.peerStats().of(ClientShape.BATCH));
        }
    }
}
