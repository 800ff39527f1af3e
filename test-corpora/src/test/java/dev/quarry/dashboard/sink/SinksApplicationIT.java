package dev.quarry.dashboard.sink;

import static dev.quarry.dashboard.store.AlertBuilder.anAlert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.health.HealthCheck;
import dev.quarry.corpora.broker.EmbeddedKafka;
import dev.quarry.dashboard.QuarryApplication;
import dev.quarry.dashboard.QuarryConfiguration;
import dev.quarry.dashboard.runtime.TopicAdmin;
import dev.quarry.detectors.alert.Alert;
import dev.quarry.detectors.alert.AlertJson;
import dev.quarry.detectors.alert.Severity;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The real application with a {@code sinks:} section: it creates the dead-letter topic, runs the
 * webhook sink, which delivers an alert version committed to the alerts topic to a receiver on
 * 127.0.0.1, signed, and counts it in the application's metric registry; a health check watches
 * the sink.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class SinksApplicationIT {
    private static final EmbeddedKafka CLUSTER = startCluster();
    private static final LocalReceiver RECEIVER = startReceiver();
    private static final Path DIR = tempDir();
    private static final DropwizardAppExtension<QuarryConfiguration> APP = new DropwizardAppExtension<>(
            QuarryApplication.class, ResourceHelpers.resourceFilePath("sink/sinks-app.yml"),
            ConfigOverride.config("kafka.bootstrapServers", CLUSTER.bootstrapServers()),
            ConfigOverride.config("kafka.stateDir", DIR.resolve("streams").toString()),
            ConfigOverride.config("alertStore.dir", DIR.resolve("alerts").toString()),
            ConfigOverride.config("sinks.destinations[0].url", RECEIVER.url("/quarry")));

    private static EmbeddedKafka startCluster() {
        EmbeddedKafka kafka = EmbeddedKafka.start();
        Runtime.getRuntime().addShutdownHook(new Thread(kafka::close));
        return kafka;
    }

    private static LocalReceiver startReceiver() {
        try {
            return LocalReceiver.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("quarry-sinks-app-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stopReceiver() {
        RECEIVER.close();
    }

    @Test
    void theConfiguredWebhookReceivesACommittedAlertVersionSigned() throws Exception {
        Alert alert = anAlert("al-app").version(2).severity(Severity.HIGH).build();
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, CLUSTER.bootstrapServers());
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "sinks-app-it");
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            p.initTransactions();
            p.beginTransaction();
            p.send(new ProducerRecord<>("quarry.alerts", "acct-1", AlertJson.toBytes(alert)));
            p.commitTransaction();
        }

        await(() -> !RECEIVER.accepted().isEmpty());

        LocalReceiver.Request got = RECEIVER.accepted().get(0);
        assertEquals(AlertJson.toJson(alert), got.body());
        assertEquals("al-app:2", got.header("Idempotency-Key"));
        assertTrue(WebhookSignature.withSecret("sinks-app-it-secret").verify(got.header(WebhookSignature.HEADER), got.body(),
                System.currentTimeMillis() / 1000, 300));
        await(() -> APP.getEnvironment().metrics().counter("quarry.sink.soc.delivered").getCount() == 1);
        HealthCheck.Result health = APP.getEnvironment().healthChecks().runHealthCheck("sink-soc");
        assertTrue(health.isHealthy(), health.toString());
        try (TopicAdmin admin = TopicAdmin.connect(CLUSTER.bootstrapServers())) {
            assertEquals(2, admin.partitionCount("quarry.sinks.dlq"), "created with kafka.partitions");
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out");
            Thread.sleep(100);
        }
    }
}
