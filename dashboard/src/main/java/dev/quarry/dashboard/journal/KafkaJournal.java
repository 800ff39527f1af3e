package dev.quarry.dashboard.journal;

import dev.quarry.dashboard.runtime.ConsumerThreads;
import io.dropwizard.lifecycle.Managed;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Journal} on a Kafka topic. Every instance reads every partition from the beginning, with
 * no consumer group, so all instances see all records; {@link #start} returns once the topic has
 * been read up to its end as of the start, so the service answers requests only with the whole
 * state loaded. Then a background thread follows the topic. {@link #append} waits until that thread
 * has read the record back (read-your-writes).
 *
 * <p>The topic must exist: the application creates it at start-up unless {@code kafka.createTopics}
 * is false. Thread-safe.
 */
public final class KafkaJournal implements Journal, Managed {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaJournal.class);
    /** Longest start-up read of the topic. */
    static final Duration CATCH_UP_TIMEOUT = Duration.ofMinutes(2);
    /** Longest wait of an append for its write and its read-back. */
    static final Duration APPEND_TIMEOUT = Duration.ofSeconds(15);

    private final String topic;
    private final Properties consumerProperties = new Properties();
    private final Properties producerProperties = new Properties();
    private final List<BiConsumer<String, byte[]>> readers = new CopyOnWriteArrayList<>();
    /** Partition to the next offset this instance will read; guarded by itself. */
    private final Map<Integer, Long> readUpTo = new HashMap<>();
    private final AtomicLong records = new AtomicLong();
    private final AtomicLong unreadable = new AtomicLong();
    private volatile KafkaProducer<String, byte[]> producer;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile boolean running;
    private volatile long lastPollNanos;
    private Thread thread;

    /**
     * @param clientProperties passed to the consumer and producer as given ({@code kafka.properties}:
     *     security settings)
     */
    public KafkaJournal(String bootstrap, Map<String, String> clientProperties, String topic) {
        this.topic = topic;
        consumerProperties.putAll(clientProperties);
        consumerProperties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        consumerProperties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerProperties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerProperties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerProperties.put(ConsumerConfig.CLIENT_ID_CONFIG, "quarry-journal-" + topic);
        producerProperties.putAll(clientProperties);
        producerProperties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        producerProperties.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProperties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerProperties.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        producerProperties.put(ProducerConfig.CLIENT_ID_CONFIG, "quarry-journal-" + topic);
    }

    @Override
    public void subscribe(BiConsumer<String, byte[]> reader) {
        if (consumer != null) {
            throw new IllegalStateException("subscribe before the journal starts");
        }
        readers.add(reader);
    }

    @Override
    public void start() {
        KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(consumerProperties, new StringDeserializer(),
                new ByteArrayDeserializer());
        consumer = c;
        List<PartitionInfo> partitions = c.partitionsFor(topic, Duration.ofSeconds(30));
        if (partitions == null || partitions.isEmpty()) {
            c.close();
            throw new IllegalStateException("topic " + topic + " does not exist: create it (see docs/operations.md)"
                    + " or set kafka.createTopics: true");
        }
        List<TopicPartition> assigned = partitions.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        c.assign(assigned);
        c.seekToBeginning(assigned);
        Map<TopicPartition, Long> end = c.endOffsets(assigned);
        long deadline = System.nanoTime() + CATCH_UP_TIMEOUT.toNanos();
        while (assigned.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
            if (System.nanoTime() > deadline) {
                c.close();
                throw new IllegalStateException("could not read topic " + topic + " to its end within " + CATCH_UP_TIMEOUT);
            }
            poll(c, assigned);
        }
        LOG.info("Read {} records of {}", records.get(), topic);
        producer = new KafkaProducer<>(producerProperties, new StringSerializer(), new ByteArraySerializer());
        running = true;
        thread = new Thread(() -> follow(c, assigned), "quarry-journal-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    private void follow(KafkaConsumer<String, byte[]> c, List<TopicPartition> assigned) {
        try {
            while (running) {
                try {
                    poll(c, assigned);
                } catch (WakeupException e) {
                    throw e;
                } catch (RuntimeException e) {
                    LOG.error("Reading {} failed; retrying in a second", topic, e);
                    Thread.sleep(1000);
                }
            }
        } catch (WakeupException e) {
            // stop() woke us up
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            c.close(Duration.ofSeconds(5));
        }
    }

    private void poll(KafkaConsumer<String, byte[]> c, List<TopicPartition> assigned) {
        ConsumerRecords<String, byte[]> batch = c.poll(Duration.ofMillis(200));
        lastPollNanos = System.nanoTime();
        for (ConsumerRecord<String, byte[]> r : batch) {
            for (BiConsumer<String, byte[]> reader : readers) {
                try {
                    reader.accept(r.key(), r.value());
                } catch (RuntimeException e) {
                    unreadable.incrementAndGet();
                    LOG.error("Unreadable record at {}/{}@{}: {}", r.topic(), r.partition(), r.offset(), e.toString());
                }
            }
            records.incrementAndGet();
        }
        synchronized (readUpTo) {
            for (TopicPartition tp : assigned) {
                readUpTo.put(tp.partition(), c.position(tp));
            }
            readUpTo.notifyAll();
        }
    }

    @Override
    public void append(String key, byte[] value) {
        KafkaProducer<String, byte[]> p = producer;
        if (p == null || !running) {
            throw new JournalUnavailableException("the journal on " + topic + " is not running", null);
        }
        long deadline = System.nanoTime() + APPEND_TIMEOUT.toNanos();
        RecordMetadata written;
        try {
            written = p.send(new ProducerRecord<>(topic, key, value)).get(APPEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new JournalUnavailableException("cannot write to " + topic, e instanceof ExecutionException ? e.getCause() : e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JournalUnavailableException("interrupted while writing to " + topic, e);
        }
        synchronized (readUpTo) {
            while (readUpTo.getOrDefault(written.partition(), 0L) <= written.offset()) {
                long wait = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (wait <= 0) {
                    throw new JournalUnavailableException("wrote to " + topic + " but did not read it back within "
                            + APPEND_TIMEOUT, null);
                }
                try {
                    readUpTo.wait(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new JournalUnavailableException("interrupted while reading back from " + topic, e);
                }
            }
        }
    }

    @Override
    public void stop() throws InterruptedException {
        running = false;
        ConsumerThreads.stop(consumer, thread, false, Duration.ofSeconds(10));
        KafkaProducer<String, byte[]> p = producer;
        if (p != null) {
            p.close(Duration.ofSeconds(5));
        }
    }

    /** The topic. */
    public String topic() {
        return topic;
    }

    /** Records read since start, those of the start-up read included. */
    public long records() {
        return records.get();
    }

    /** Records a reader could not read (logged and counted, never silently dropped). */
    public long unreadable() {
        return unreadable.get();
    }

    /** True while the background thread polls (a poll within the last 30 s). */
    public boolean isAlive() {
        return running && thread != null && thread.isAlive() && System.nanoTime() - lastPollNanos < 30_000_000_000L;
    }
}
