package dev.quarry.detectors.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.detectors.PipelineCounters;
import dev.quarry.detectors.alert.Alert;
import dev.quarry.detectors.config.FusionConfig;
import dev.quarry.detectors.config.HydraConfig;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UnionFindTest {
    private final HydraConfig config = new HydraConfig();
    private ClusterProcessor clusters;
    private MockProcessorContext<String, Alert> context;
    private KeyValueStore<String, byte[]> store;

    @BeforeEach
    void start() {
        context = new MockProcessorContext<>();
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("nodes"), Serdes.String(), Serdes.ByteArray())
                .withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        KeyValueStore<String, byte[]> linkStore = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("links"),
                Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build();
        linkStore.init(context.getStateStoreContext(), linkStore);
        context.addStateStore(linkStore);
        KeyValueStore<String, byte[]> keys = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("keys"),
                Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build();
        keys.init(context.getStateStoreContext(), keys);
        context.addStateStore(keys);
        HydraClusterDetector detector = new HydraClusterDetector(config);
        clusters = new ClusterProcessor(detector, FleetFusion.of(new FusionConfig(), detector::headline, "hydra"),
                new PipelineCounters(), "nodes", "links", "keys");
        clusters.init(context);
    }

    private void edge(String a, String b, String key) {
        clusters.process(new Record<>("clusters", new ClusterMessage.Edge(a, b, key, a + "-e1", 1L), 1L));
    }

    private ClusterStats statsOf(String client) {
        return ClusterNode.decode(store.get(clusters.find(client))).stats;
    }

    @Test
    void joinsClientsLinkedThroughAChainIntoOneClusterCountingEachOnce() {
        edge("k3", "k1", "pay:x");
        edge("k2", "k1", "pay:x");
        edge("k4", "k5", "pay:y");
        edge("k5", "k2", "org:o");
        edge("k4", "k1", "pay:x");
        String root = clusters.find("k1");
        for (String k : List.of("k2", "k3", "k4", "k5")) {
            assertEquals(root, clusters.find(k), k);
        }
        assertEquals(5, statsOf("k4").size);
        assertEquals(List.of("k1", "k2", "k3", "k4", "k5"), statsOf("k1").memberSample());
        assertTrue(statsOf("k1").keys.containsAll(List.of("pay:x", "org:o", "pay:y")));
    }

    @Test
    void keepsSeparateClustersApartAndLinkingAloneAlertsNobody() {
        edge("a2", "a1", "pay:a");
        edge("b2", "b1", "pay:b");
        assertEquals(2, statsOf("a1").size);
        assertEquals(2, statsOf("b2").size);
        assertTrue(!clusters.find("a1").equals(clusters.find("b1")));
        assertTrue(context.forwarded().isEmpty());
    }

    @Test
    void compressesPathsSoEveryMemberPointsAtTheRoot() {
        edge("c2", "c1", "pay:c");
        edge("c4", "c3", "pay:d");
        edge("c3", "c1", "pay:e");
        String root = clusters.find("c4");
        assertEquals(root, ClusterNode.decode(store.get("c4")).parent == null ? "c4" : ClusterNode.decode(store.get("c4")).parent);
    }
}
