package dev.quarry.dashboard.collector;

import dev.quarry.dashboard.runtime.KafkaClients;
import dev.quarry.detectors.internals.ParseProcessor;
import dev.quarry.ingest.DeadLetter;
import dev.quarry.ingest.DeadLetterJson;
import dev.quarry.ingest.EventJson;
import dev.quarry.ingest.InferenceEvent;
import dev.quarry.ingest.ParseResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes what the collector accepted: valid events to the events topic in the contract's JSON,
 * keyed by {@code client_id} and timestamped with event time, and dead letters to the dead-letter
 * topic, with an idempotent producer ({@code acks=all}). Counts the records handed to Kafka and not
 * yet acknowledged, for back-pressure. Thread-safe.
 */
final class CollectorPublisher implements AutoCloseable {
    private final KafkaProducer<byte[], byte[]> producer;
    private final String eventsTopic;
    private final String deadLetterTopic;
    private final PendingRecords pending;

    CollectorPublisher(KafkaClients clients, String eventsTopic, String deadLetterTopic, int maxPending) {
        Properties p = new Properties();
        p.putAll(clients.producer());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 20 * 1024 * 1024);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "quarry-collector");
        this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        this.eventsTopic = eventsTopic;
        this.deadLetterTopic = deadLetterTopic;
        this.pending = new PendingRecords(maxPending);
    }

    /** Reserves room for {@code n} records, see {@link PendingRecords#tryReserve}. */
    boolean tryReserve(int n) {
        return pending.tryReserve(n);
    }

    /** Gives back a reservation of {@link #tryReserve} that {@link #publish} will not use. */
    void release(int n) {
        pending.release(n);
    }

    int pending() {
        return pending.get();
    }

    /**
     * Sends every result of a reservation of {@code results.size()} records and waits until Kafka
     * acknowledged them all; the reservation is given back as each is acknowledged or fails.
     *
     * @throws PublishException when one failed or the timeout passed; records already written stay
     *     (a retry is deduplicated by event id downstream)
     */
    void publish(List<ParseResult> results, Duration timeout) throws PublishException {
        List<Future<RecordMetadata>> sent = new ArrayList<>(results.size());
        int handed = 0;
        try {
            for (ParseResult r : results) {
                ProducerRecord<byte[], byte[]> record = r instanceof ParseResult.Valid v
                        ? eventRecord(v.event()) : deadLetterRecord(((ParseResult.Invalid) r).deadLetter());
                sent.add(producer.send(record, (m, e) -> pending.release(1)));
                handed++;
            }
        } catch (RuntimeException e) {
            release(results.size() - handed);
            throw new PublishException("could not hand records to Kafka: " + e.getClass().getSimpleName(), e);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Future<RecordMetadata> f : sent) {
            try {
                f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                throw new PublishException("Kafka did not acknowledge within " + timeout, e);
            } catch (ExecutionException e) {
                throw new PublishException("Kafka refused a record: " + e.getCause().getClass().getSimpleName(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PublishException("interrupted", e);
            }
        }
    }

    private ProducerRecord<byte[], byte[]> eventRecord(InferenceEvent e) {
        return new ProducerRecord<>(eventsTopic, null, e.tsMillis(), e.clientId().getBytes(StandardCharsets.UTF_8),
                EventJson.toBytes(e));
    }

    private ProducerRecord<byte[], byte[]> deadLetterRecord(DeadLetter d) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(ParseProcessor.SOURCE_HEADER, d.source().getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(deadLetterTopic, null, d.observedAtMillis(), null, DeadLetterJson.toBytes(d), headers);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }

    /** A batch not (wholly) acknowledged by Kafka, for a 503. */
    static final class PublishException extends Exception {
        PublishException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
