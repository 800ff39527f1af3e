package dev.quarry.dashboard.runtime;

import static dev.quarry.dashboard.store.AlertBuilder.anAlert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.corpora.broker.EmbeddedKafka;
import dev.quarry.corpora.pipeline.FreePorts;
import dev.quarry.corpora.broker.LocalKafkaCluster;
import dev.quarry.dashboard.api.AlertFeed;
import dev.quarry.dashboard.store.AlertStore;
import dev.quarry.detectors.alert.AlertJson;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alert service on more than one instance: each instance's ingestor reads every partition of
 * the alerts topic into its own store, and a restarted instance resumes at the position its store
 * committed, without reading the topic again. An ingestor whose broker is away for a while reads
 * on once it is back.
 */
class AlertIngestorIT {
    private static final String TOPIC = "quarry.alerts.ingest-it";
    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start();
        try (TopicAdmin admin = TopicAdmin.connect(kafka.bootstrapServers())) {
            admin.createMissing(Map.of(TOPIC, 3), (short) 1, Map.of());
        }
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    void everyInstanceReadsEveryPartitionAndARestartResumesWhereItsStoreEnds(@TempDir Path dirA, @TempDir Path dirB)
            throws Exception {
        publish(0, 30);
        AlertStore storeA = AlertStore.open(dirA);
        AlertStore storeB = AlertStore.open(dirB);
        AlertIngestor a = new AlertIngestor(kafka.bootstrapServers(), TOPIC, storeA, new AlertFeed());
        AlertIngestor b = new AlertIngestor(kafka.bootstrapServers(), TOPIC, storeB, new AlertFeed());
        a.start();
        b.start();
        try {
            await(() -> a.ingested() == 30 && b.ingested() == 30);
            for (int i = 0; i < 30; i++) {
                assertTrue(storeA.get(id(i)).isPresent(), "instance A has " + id(i));
                assertTrue(storeB.get(id(i)).isPresent(), "instance B has " + id(i));
            }
        } finally {
            b.stop();
            storeB.close();
        }

        publish(30, 45);
        AlertStore reopened = AlertStore.open(dirB);
        AlertIngestor restarted = new AlertIngestor(kafka.bootstrapServers(), TOPIC, reopened, new AlertFeed());
        restarted.start();
        try {
            await(() -> a.ingested() == 45 && restarted.ingested() == 15);
            Thread.sleep(1500);
            assertEquals(15, restarted.ingested(), "resumed at the stored positions, nothing read twice");
            for (int i = 0; i < 45; i++) {
                assertTrue(reopened.get(id(i)).isPresent(), "restarted instance has " + id(i));
            }
            long stored = reopened.countsBySeverity().values().stream().mapToLong(Long::longValue).sum();
            assertEquals(45, stored);
        } finally {
            restarted.stop();
            reopened.close();
            a.stop();
            storeA.close();
        }
    }

    /**
     * The broker is not up when the ingestor starts (as after a broker restart, when the periodic
     * partition listing times out): the ingestor lists again and reads once the broker is there.
     */
    @Test
    void anIngestorWhosePartitionListingTimesOutReadsOnceTheBrokerIsUp(@TempDir Path store, @TempDir Path data)
            throws Exception {
        int port = FreePorts.run(2);
        String bootstrap = "localhost:" + port;
        AlertStore alerts = AlertStore.open(store);
        AlertIngestor ingestor = new AlertIngestor(bootstrap, TOPIC, alerts, new AlertFeed());
        ingestor.start();
        try {
            // The first listing gives up after 10 s without a broker.
            Thread.sleep(12_000);
            try (LocalKafkaCluster late = LocalKafkaCluster.start(1, port, data, 1, Duration.ofMinutes(2))) {
                try (TopicAdmin admin = TopicAdmin.connect(bootstrap)) {
                    admin.createMissing(Map.of(TOPIC, 3), (short) 1, Map.of());
                }
                publish(bootstrap, 0, 5);
                long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
                while (ingestor.ingested() < 5) {
                    assertTrue(System.nanoTime() < deadline, "the ingestor read " + ingestor.ingested() + " of 5 alerts");
                    Thread.sleep(100);
                }
                assertTrue(alerts.get(id(4)).isPresent());
            }
        } finally {
            ingestor.stop();
            alerts.close();
        }
    }


    private static String id(int i) {
        return "al_ingest_" + i;
    }

    private static void publish(int from, int to) {
        publish(kafka.bootstrapServers(), from, to);
    }

    private static void publish(String bootstrap, int from, int to) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(),
                new ByteArraySerializer())) {
            for (int i = from; i < to; i++) {
                String client = "client-" + i;
                producer.send(new ProducerRecord<>(TOPIC, i % 3, client,
                        AlertJson.toBytes(anAlert(id(i)).client(client).build())));
            }
            producer.flush();
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out");
            Thread.sleep(50);
        }
    }
}
