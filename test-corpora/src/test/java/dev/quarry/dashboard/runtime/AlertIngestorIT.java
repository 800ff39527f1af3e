package dev.quarry.dashboard.runtime;

import static dev.quarry.dashboard.store.AlertBuilder.anAlert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.corpora.broker.EmbeddedKafka;
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
 * committed, without reading the topic again.
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

    private static String id(int i) {
        return "al_ingest_" + i;
    }

    private static void publish(int from, int to) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
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
