package dev.quarry.dashboard.sink;

import dev.quarry.dashboard.runtime.KafkaClients;
import dev.quarry.detectors.alert.Alert;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes each alert version as an {@link OcsfDetectionFinding}, one JSON document per record, to a
 * Kafka topic (keyed by {@code alert_id}, so one finding's versions stay in order) and/or as one
 * line appended to a JSONL file. A delivery returns once the broker acknowledged the record
 * ({@code acks=all}) and the line reached the disk. A repeat after a restart writes the finding
 * again with the same {@code metadata.uid}. One runner thread; not thread-safe.
 */
public final class OcsfSink implements AlertSink {
    private final String name;
    private final String topic;
    private final Path file;
    private final Duration timeout;
    private final KafkaProducer<String, String> producer;

    /**
     * @param topic empty: no Kafka output
     * @param file null: no file output
     */
    OcsfSink(String name, KafkaClients clients, String topic, Path file, Duration timeout) {
        this.name = name;
        this.topic = topic;
        this.file = file;
        this.timeout = timeout;
        if (topic.isBlank()) {
            this.producer = null;
        } else {
            Map<String, Object> p = new HashMap<>(clients.producer());
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(timeout.toMillis(), 1000));
            p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(timeout.toMillis(), 1000));
            p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
            this.producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
        }
    }

    /** The sink of {@code settings}: its {@code topic} on the cluster of {@code clients}, its {@code file}. */
    public static OcsfSink of(SinkSettings settings, KafkaClients clients) {
        Path file = settings.file().isBlank() ? null : Path.of(settings.file());
        return new OcsfSink(settings.name(), clients, settings.topic(), file, settings.timeout());
    }

    @Override
    public void deliver(Alert alert) throws DeliveryException, InterruptedException {
        String json = OcsfDetectionFinding.of(alert).toString();
        if (producer != null) {
            try {
                producer.send(new ProducerRecord<>(topic, alert.alertId(), json))
                        .get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                boolean retryable = e.getCause() instanceof RetriableException
                        || e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException;
                throw new DeliveryException(name + ": Kafka write to " + topic + " failed: " + e.getCause(), retryable);
            } catch (TimeoutException e) {
                throw new DeliveryException(name + ": Kafka write to " + topic + " not acknowledged within " + timeout, true);
            }
        }
        if (file != null) {
            try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE, StandardOpenOption.SYNC)) {
                out.write((json + "\n").getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new DeliveryException(name + ": cannot append to " + file + ": " + e, true);
            }
        }
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }
}
