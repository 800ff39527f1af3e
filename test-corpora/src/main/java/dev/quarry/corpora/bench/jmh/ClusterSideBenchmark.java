package dev.quarry.corpora.bench.jmh;

import dev.quarry.detectors.PipelineCounters;
import dev.quarry.detectors.alert.Alert;
import dev.quarry.detectors.cluster.ClusterMessage;
import dev.quarry.detectors.cluster.ClusterProcessor;
import dev.quarry.detectors.cluster.FleetFusion;
import dev.quarry.detectors.cluster.HydraClusterDetector;
import dev.quarry.detectors.cluster.LinkKeyTable;
import dev.quarry.detectors.config.FusionConfig;
import dev.quarry.detectors.config.HydraConfig;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The cluster side's per-record cost on its one partition: what the link keys
 * ({@link LinkKeyTable}) spend on a link claim, and what the union-find side
 * ({@link ClusterProcessor}) spends on an edge joining a new account to a fleet and on a member's
 * summary (which rescores the fleet and may publish its alert and member alerts). The fleet has
 * {@code members} summarised accounts sharing one template mark and sweeping together, so it is
 * alerting: the expensive case. Stores are in memory (RocksDB, the record cache and the
 * changelog add to this on the live path; the bench's pass-through stage measures that
 * per-record cost).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ClusterSideBenchmark {
    @Param({"20", "2000"})
    public int members;

    private ClusterProcessor clusters;
    private LinkKeyTable links;
    private MockProcessorContext<String, Alert> clusterContext;
    private long next;
    private int member;

    @Setup
    public void setUp() {
        HydraConfig config = new HydraConfig();
        clusterContext = new MockProcessorContext<>();
        KeyValueStore<String, byte[]> nodes = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("nodes"),
                Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build();
        nodes.init(clusterContext.getStateStoreContext(), nodes);
        clusterContext.addStateStore(nodes);
        KeyValueStore<String, byte[]> linkStore = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("links"),
                Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build();
        linkStore.init(clusterContext.getStateStoreContext(), linkStore);
        clusterContext.addStateStore(linkStore);
        KeyValueStore<String, byte[]> keys = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("keys"),
                Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build();
        keys.init(clusterContext.getStateStoreContext(), keys);
        clusterContext.addStateStore(keys);
        HydraClusterDetector detector = new HydraClusterDetector(config);
        clusters = new ClusterProcessor(detector, FleetFusion.of(new FusionConfig(), detector::headline, "hydra"),
                new PipelineCounters(), "nodes", "links", "keys");
        clusters.init(clusterContext);

        links = new LinkKeyTable(config, keys);

        for (int i = 1; i < members; i++) {
            clusters.process(edge("m" + i, "m0", "pay:fleet"));
        }
        for (int i = 0; i < members; i++) {
            clusters.process(summary("m" + i, 1_000L * i));
        }
        clusterContext.resetForwards();
    }

    private static Record<String, ClusterMessage> edge(String a, String b, String key) {
        return new Record<>("clusters", new ClusterMessage.Edge(a, b, key, a + "-e", 1L), 1L);
    }

    private static Record<String, ClusterMessage> summary(String client, long ts) {
        return new Record<>("clusters", new ClusterMessage.ClientSummary(client, client + "-s" + ts, ts, 0L, 400, 6, 40,
                900, 0.3, new long[] {42L}, "Task: %s. Explain.", 0.8, 30.0), ts);
    }

    /** A member's summary: the fleet is rescored and may alert. */
    @Benchmark
    public int memberSummary() {
        member = (member + 1) % members;
        clusters.process(summary("m" + member, 10_000_000L + next++));
        int n = clusterContext.forwarded().size();
        clusterContext.resetForwards();
        return n;
    }

    /** A new account joins the fleet through a shared key. */
    @Benchmark
    public int newMemberEdge() {
        clusters.process(edge("n" + next++, "m0", "pay:fleet"));
        int n = clusterContext.forwarded().size();
        clusterContext.resetForwards();
        return n;
    }

    /** A client announces a link key another client announced first: one edge out. */
    @Benchmark
    public int linkClaim() {
        String key = "net-tls:10.0." + (next % 50_000) + "|t";
        return links.claim(new ClusterMessage.LinkClaim(key, "c" + next++, "e", 1L)).isPresent() ? 1 : 0;
    }
}
