package dev.quarry.corpora.broker;

import dev.quarry.dashboard.spi.EmbeddedBroker;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft, combined broker and controller) running in this
 * process, for {@code demo}, {@code replay} without a configured cluster, {@code bench} and
 * integration tests. It is Kafka's own broker code started through Kafka's KRaft test kit, not a
 * fake: transactions (needed by exactly-once processing) work as on a cluster, with replication
 * factors of one. The application finds it through {@link EmbeddedKafkaFactory}; it lives in the
 * development kit so that the broker and the test kit stay off the production class path.
 * Thread-safe; close it to stop the broker and delete its data directory.
 */
public final class EmbeddedKafka implements EmbeddedBroker {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    private final KafkaClusterTestKit cluster;
    private final Path dataDir;

    private EmbeddedKafka(KafkaClusterTestKit cluster, Path dataDir) {
        this.cluster = cluster;
        this.dataDir = dataDir;
    }

    /**
     * Formats and starts a broker with its data under a new temporary directory, and waits until
     * it accepts clients.
     */
    public static EmbeddedKafka start() {
        try {
            Path dir = Files.createTempDirectory("quarry-kafka-");
            TestKitNodes nodes = new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .setBaseDirectory(dir)
                    .build();
            KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(nodes)
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("offsets.topic.num.partitions", "4")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("transaction.state.log.num.partitions", "4")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("auto.create.topics.enable", "false")
                    .setConfigProp("log.flush.interval.messages", Long.toString(Long.MAX_VALUE))
                    // Replays and the demo carry event times far in the past or ahead of the wall
                    // clock; a development broker must accept them (Kafka 4 rejects > 1 h ahead).
                    .setConfigProp("log.message.timestamp.after.max.ms", Long.toString(Long.MAX_VALUE))
                    .setConfigProp("log.message.timestamp.before.max.ms", Long.toString(Long.MAX_VALUE))
                    // Old event times must not make the broker delete a replay's records mid-run.
                    .setConfigProp("log.retention.ms", "-1")
                    .setDeleteOnClose(true)
                    .build();
            formatQuietly(cluster);
            cluster.startup();
            cluster.waitForReadyBrokers();
            EmbeddedKafka kafka = new EmbeddedKafka(cluster, dir);
            LOG.info("Embedded Kafka broker ready at {} (data in {})", kafka.bootstrapServers(), dir);
            return kafka;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the embedded broker", e);
        } catch (Exception e) {
            throw new IllegalStateException("could not start the embedded Kafka broker: " + e.getMessage(), e);
        }
    }

    /**
     * Kafka's storage formatter prints its bootstrap metadata to standard output, which would land
     * in the middle of a replay's report; it runs before any other thread of ours writes there.
     */
    private static void formatQuietly(KafkaClusterTestKit cluster) throws Exception {
        PrintStream out = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8));
        try {
            cluster.format();
        } finally {
            System.setOut(out);
        }
    }

    @Override
    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    public Path dataDir() {
        return dataDir;
    }

    @Override
    public void close() {
        try {
            cluster.close();
        } catch (Exception e) {
            LOG.warn("Embedded Kafka broker did not stop cleanly: {}", e.toString());
        }
    }
}
