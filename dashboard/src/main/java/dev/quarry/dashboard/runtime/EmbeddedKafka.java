package dev.quarry.dashboard.runtime;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft, combined broker and controller) running in this
 * process, for {@code demo}, {@code replay} without a configured cluster, and integration tests.
 * It is Kafka's own broker code started through Kafka's KRaft test kit, not a fake: transactions
 * (needed by exactly-once processing) work as on a cluster, with replication factors of one.
 * Thread-safe; close it to stop the broker and delete its data directory.
 */
public final class EmbeddedKafka implements AutoCloseable {
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

    /** {@code host:port} of the broker's client listener. */
    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Creates the topics that do not exist yet (name to partition count), replication factor one. */
    public void createTopics(Map<String, Integer> partitions) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            createTopics(admin, partitions, (short) 1);
        }
    }

    /** Creates the topics that do not exist yet through the given admin client. */
    public static void createTopics(Admin admin, Map<String, Integer> partitions, short replication) {
        createTopics(admin, partitions, replication, Map.of());
    }

    /** Creates the topics that do not exist yet, with the given topic-level configs. */
    public static void createTopics(Admin admin, Map<String, Integer> partitions, short replication,
            Map<String, String> configs) {
        try {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = new ArrayList<>();
            partitions.forEach((name, n) -> {
                if (!existing.contains(name)) {
                    missing.add(new NewTopic(name, n, replication).configs(configs));
                }
            });
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get();
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("could not create topics " + partitions.keySet(), e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    /**
     * The partition count of {@code topic}, or 0 when it does not exist (yet) or cannot be
     * described: callers treat 0 as "layout unknown".
     */
    public static int partitionCount(Admin admin, String topic) {
        try {
            return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
        } catch (ExecutionException e) {
            LOG.warn("Could not describe topic {}: {}", topic, e.getCause().toString());
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while describing " + topic, e);
        }
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
