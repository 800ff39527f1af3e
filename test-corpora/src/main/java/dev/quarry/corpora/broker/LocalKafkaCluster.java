package dev.quarry.corpora.broker;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A KRaft cluster of 1 or 3 nodes on fixed ports, each node a broker and a controller, run in this
 * process with Kafka's own server ({@link KafkaRaftServer}) and storage formatter: what {@code
 * bin/quarry broker} starts. Unlike {@link EmbeddedKafka}, whose test kit picks free ports, its
 * clients find it at known addresses: brokers on {@code port}, {@code port + 1}, ..., controllers
 * on the ports after the brokers'. Its data stays in its directory: a later start on the same
 * directory keeps the topics and their records. The quorum is static ({@code
 * controller.quorum.voters}). Close it to stop every node.
 */
public final class LocalKafkaCluster implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalKafkaCluster.class);

    private final List<KafkaRaftServer> servers;
    private final String bootstrapServers;

    private LocalKafkaCluster(List<KafkaRaftServer> servers, String bootstrapServers) {
        this.servers = servers;
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * Formats the nodes' directories under {@code dir} where they are not yet, starts every node
     * and waits until all brokers are registered.
     *
     * @param partitions partitions of the offsets and transaction-state topics
     */
    public static LocalKafkaCluster start(int nodes, int port, Path dir, int partitions, Duration timeout) throws Exception {
        int replicas = Math.min(3, nodes);
        String voters = IntStream.range(0, nodes).mapToObj(i -> i + "@localhost:" + (port + nodes + i))
                .collect(Collectors.joining(","));
        String bootstrap = IntStream.range(0, nodes).mapToObj(i -> "localhost:" + (port + i))
                .collect(Collectors.joining(","));
        String clusterId = clusterId(dir);
        List<KafkaRaftServer> servers = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            Path data = dir.resolve("node-" + i);
            Files.createDirectories(data);
            Properties p = new Properties();
            p.put("process.roles", "broker,controller");
            p.put("node.id", Integer.toString(i));
            p.put("listeners", "PLAINTEXT://localhost:" + (port + i) + ",CONTROLLER://localhost:" + (port + nodes + i));
            p.put("advertised.listeners", "PLAINTEXT://localhost:" + (port + i));
            p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
            p.put("controller.listener.names", "CONTROLLER");
            p.put("inter.broker.listener.name", "PLAINTEXT");
            p.put("controller.quorum.voters", voters);
            p.put("log.dirs", data.toString());
            p.put("num.partitions", "1");
            p.put("offsets.topic.replication.factor", Integer.toString(replicas));
            p.put("offsets.topic.num.partitions", Integer.toString(partitions));
            p.put("transaction.state.log.replication.factor", Integer.toString(replicas));
            p.put("transaction.state.log.min.isr", Integer.toString(Math.max(1, replicas - 1)));
            p.put("transaction.state.log.num.partitions", Integer.toString(partitions));
            p.put("min.insync.replicas", Integer.toString(Math.max(1, replicas - 1)));
            p.put("default.replication.factor", Integer.toString(replicas));
            p.put("group.initial.rebalance.delay.ms", "0");
            p.put("auto.create.topics.enable", "false");
            // Replays carry event times far from the wall clock; keep them, as the embedded broker does.
            p.put("log.message.timestamp.after.max.ms", Long.toString(Long.MAX_VALUE));
            p.put("log.message.timestamp.before.max.ms", Long.toString(Long.MAX_VALUE));
            p.put("log.retention.ms", "-1");
            format(i, clusterId, data);
            servers.add(new KafkaRaftServer(KafkaConfig.fromProps(p, false), Time.SYSTEM));
        }
        // A node's start waits for the quorum, so they start together.
        ExecutorService starter = Executors.newFixedThreadPool(nodes);
        LocalKafkaCluster cluster = new LocalKafkaCluster(servers, bootstrap);
        try {
            List<Future<?>> started = new ArrayList<>();
            for (KafkaRaftServer s : servers) {
                started.add(starter.submit(s::startup));
            }
            for (Future<?> f : started) {
                f.get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            }
            cluster.awaitBrokers(nodes, timeout);
        } catch (Exception e) {
            cluster.close();
            throw e;
        } finally {
            starter.shutdownNow();
        }
        LOG.info("Kafka cluster of {} node(s) ready at {} (data in {})", nodes, bootstrap, dir);
        return cluster;
    }

    /** The cluster id kept in {@code dir}, or a new one written there. */
    private static String clusterId(Path dir) throws java.io.IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("cluster.id");
        if (Files.exists(file)) {
            return Files.readString(file).trim();
        }
        String id = Uuid.randomUuid().toString();
        Files.writeString(file, id);
        return id;
    }

    /** Kafka's storage formatter prints its bootstrap records; a formatted directory is left as it is. */
    private static void format(int nodeId, String clusterId, Path data) throws Exception {
        new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8))
                .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                .setNodeId(nodeId)
                .setClusterId(clusterId)
                .setDirectories(List.of(data.toString()))
                .setMetadataLogDirectory(data.toString())
                .setReleaseVersion(MetadataVersion.latestProduction())
                .setControllerListenerName("CONTROLLER")
                .setIgnoreFormatted(true)
                .run();
    }

    private void awaitBrokers(int nodes, Duration timeout) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(p)) {
            while (true) {
                try {
                    if (admin.describeCluster().nodes().get().size() >= nodes) {
                        return;
                    }
                } catch (Exception e) {
                    if (System.nanoTime() > deadline) {
                        throw e;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("fewer than " + nodes + " brokers registered within " + timeout);
                }
                Thread.sleep(200);
            }
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /**
     * Stops every node, all at once: each node's broker part asks the controllers' quorum for a
     * controlled shutdown, so the nodes must not leave one by one (the last would wait for a
     * quorum that is gone). Each node stops its broker, then its controller.
     */
    @Override
    public void close() {
        List<Thread> stopping = new ArrayList<>();
        for (KafkaRaftServer s : servers) {
            Thread t = new Thread(() -> {
                try {
                    s.shutdown();
                    s.awaitShutdown();
                } catch (RuntimeException e) {
                    LOG.warn("a Kafka node did not stop cleanly: {}", e.toString());
                }
            }, "kafka-node-stop");
            t.start();
            stopping.add(t);
        }
        for (Thread t : stopping) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
