package dev.quarry.dashboard.runtime;

import dev.quarry.detectors.internals.ParseProcessor;
import dev.quarry.ingest.EventJson;
import dev.quarry.ingest.InferenceEvent;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes raw event records to the events topic the way a gateway should: keyed by
 * {@code client_id} (so one client's events stay in order on one partition), timestamped with
 * event time, idempotent. Used by replay, the demo's traffic and tests. Thread-safe.
 */
public final class EventPublisher implements AutoCloseable {
    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final AtomicLong failures = new AtomicLong();
    private final AtomicReference<Exception> firstFailure = new AtomicReference<>();

    public EventPublisher(String bootstrap, String topic) {
        this(bootstrap, topic, true);
    }

    /**
     * @param idempotent {@code false} only for the throughput bench's corpus: there, an idempotent
     *     producer's round often stalled after an earlier round in the same JVM (one partition's
     *     last batch expired unsent, cause unknown), and a duplicate from a retry would not pass
     *     unnoticed, since the bench fails on any duplicate the topology counts
     */
    public EventPublisher(String bootstrap, String topic, boolean idempotent) {
        this(KafkaClients.of(bootstrap), topic, idempotent);
    }

    /** An idempotent publisher to the cluster of {@code clients}. */
    public EventPublisher(KafkaClients clients, String topic) {
        this(clients, topic, true);
    }

    private EventPublisher(KafkaClients clients, String topic, boolean idempotent) {
        this(clients, topic, idempotent, "lz4");
    }

    /**
     * An idempotent publisher to the cluster of {@code clients} with this producer compression
     * ({@code none}, {@code gzip}, {@code snappy}, {@code lz4} or {@code zstd}).
     */
    public EventPublisher(KafkaClients clients, String topic, String compressionType) {
        this(clients, topic, true, compressionType);
    }

    private EventPublisher(KafkaClients clients, String topic, boolean idempotent, String compressionType) {
        Properties p = new Properties();
        p.putAll(clients.producer());
        p.put(ProducerConfig.ACKS_CONFIG, idempotent ? "all" : "1");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, idempotent);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compressionType);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 20 * 1024 * 1024);
        this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        this.topic = topic;
    }

    /** Sends a valid event, serialised in the contract's JSON form. */
    public void send(InferenceEvent event) {
        send(event.clientId(), EventJson.toBytes(event), event.tsMillis(), null);
    }

    /**
     * Sends a raw record as read from a log.
     *
     * @param clientId the key, or null when the record could not be parsed
     * @param source where it came from (file:line), put in the {@value ParseProcessor#SOURCE_HEADER} header
     */
    public void send(String clientId, byte[] raw, long timestamp, String source) {
        RecordHeaders headers = new RecordHeaders();
        if (source != null) {
            headers.add(ParseProcessor.SOURCE_HEADER, source.getBytes(StandardCharsets.UTF_8));
        }
        byte[] key = clientId == null ? null : clientId.getBytes(StandardCharsets.UTF_8);
        producer.send(new ProducerRecord<>(topic, null, timestamp, key, raw, headers), (metadata, error) -> {
            if (error != null) {
                failures.incrementAndGet();
                firstFailure.compareAndSet(null, error);
            }
        });
    }

    /** Records the broker did not accept (after the producer's own retries). */
    public long failures() {
        return failures.get();
    }

    /**
     * Waits until every record sent so far is acknowledged.
     *
     * @throws IllegalStateException when any record was not accepted: nothing is dropped silently
     */
    public void flush() {
        producer.flush();
        Exception e = firstFailure.get();
        if (e != null) {
            throw new IllegalStateException(failures.get() + " record(s) were not accepted by the broker; first: " + e, e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
