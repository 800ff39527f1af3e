package dev.quarry.dashboard.sink;

import dev.quarry.dashboard.runtime.ConsumerThreads;
import dev.quarry.dashboard.runtime.KafkaClients;
import dev.quarry.detectors.alert.Alert;
import dev.quarry.detectors.alert.AlertJson;
import io.dropwizard.lifecycle.Managed;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the alerts topic to one sink, at least once. It reads in the sink's own consumer group
 * with {@code read_committed} (alerts of aborted transactions never go out), takes the records of a
 * partition in order and commits a partition's offset only after each of its records was
 * delivered, skipped (below {@code minSeverity}, or a version this process already delivered) or
 * given up on and written to the dead-letter topic. A restart therefore resumes after the last
 * record done: nothing is lost, and a record in flight when it stopped is delivered again with the
 * same idempotency key.
 *
 * <p>The first time a sink runs, its group has no offsets: it starts at {@code startFrom}
 * ({@code latest} by default) and commits that position at once.
 *
 * <p>A failed attempt is retried after {@link SinkSettings#delayAfter} (exponential, capped) up to
 * {@code maxAttempts}; a final failure ({@link DeliveryException#retryable()} false) is not retried.
 * So a sink that is down holds back only its own group, for at most the sum of its delays per
 * record, and the others go on. When the dead-letter topic cannot take a record the runner rewinds
 * to the first record not done and tries again after {@code maxDelay}: it never commits past a
 * record it did not account for. One background thread; thread-safe.
 */
public final class SinkRunner implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(SinkRunner.class);
    /** Alert ids whose highest delivered version is remembered, to skip repeats of a version. */
    private static final int REMEMBERED_ALERTS = 100_000;

    private final SinkSettings settings;
    private final AlertSink sink;
    private final Properties properties;
    private final String topic;
    private final SinkDeadLetters deadLetters;
    private final SinkMetrics metrics;
    private final Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
    private final Map<String, Integer> deliveredVersions = new LinkedHashMap<>(1024, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
            return size() > REMEMBERED_ALERTS;
        }
    };
    private volatile boolean running;
    private volatile long lastPollNanos;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    public SinkRunner(SinkSettings settings, AlertSink sink, KafkaClients clients, String groupId, String alertsTopic,
            SinkDeadLetters deadLetters, SinkMetrics metrics) {
        Properties p = new Properties();
        p.putAll(clients.consumer());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, settings.startFrom());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // Few records per poll: a slow sink must come back to poll() within max.poll.interval.ms.
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 50);
        this.properties = p;
        this.settings = settings;
        this.sink = sink;
        this.topic = alertsTopic;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
    }

    public String name() {
        return settings.name();
    }

    @Override
    public void start() {
        running = true;
        lastPollNanos = System.nanoTime();
        consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer());
        thread = new Thread(this::loop, "quarry-sink-" + settings.name());
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        KafkaConsumer<String, byte[]> c = consumer;
        try {
            c.subscribe(List.of(topic), new CommitOnRevoke(c));
            while (running) {
                ConsumerRecords<String, byte[]> records = c.poll(Duration.ofMillis(500));
                lastPollNanos = System.nanoTime();
                batch:
                for (TopicPartition tp : records.partitions()) {
                    for (ConsumerRecord<String, byte[]> r : records.records(tp)) {
                        if (!running) {
                            return;
                        }
                        try {
                            handle(r);
                        } catch (IllegalStateException e) {
                            LOG.error("Sink {}: {}; retrying from {}/{}@{} in {}", settings.name(), e.getMessage(),
                                    r.topic(), r.partition(), r.offset(), settings.maxDelay());
                            rewind(c, records);
                            commit(c);
                            Thread.sleep(settings.maxDelay().toMillis());
                            break batch;
                        }
                        done.put(tp, new OffsetAndMetadata(r.offset() + 1));
                    }
                    commit(c);
                }
            }
        } catch (WakeupException | InterruptedException | InterruptException e) {
            // stop(): the record in flight is not committed and is delivered again after a restart
        } catch (Exception e) {
            LOG.error("Sink {} stopped", settings.name(), e);
        } finally {
            Thread.interrupted(); // stop() may have interrupted us; the last commit must not fail for it
            try {
                commit(c);
            } catch (RuntimeException e) {
                LOG.warn("Sink {}: last commit failed: {}", settings.name(), e.toString());
            }
            c.close(Duration.ofSeconds(5));
            sink.close();
        }
    }

    /** Delivers, skips or dead-letters one record; throws only when the dead-letter topic fails. */
    private void handle(ConsumerRecord<String, byte[]> r) throws InterruptedException {
        Alert alert;
        try {
            if (r.value() == null) {
                throw new IllegalArgumentException("empty record");
            }
            alert = AlertJson.fromBytes(r.value());
        } catch (RuntimeException e) {
            LOG.error("Sink {}: unreadable alert at {}/{}@{}: {}", settings.name(), r.topic(), r.partition(), r.offset(),
                    e.toString());
            deadLetters.write(settings.name(), r, "unreadable alert: " + e.getMessage(), 0, settings.timeout());
            metrics.unreadable().inc();
            return;
        }
        if (alert.severity().compareTo(settings.minSeverity()) < 0) {
            metrics.skipped().inc();
            return;
        }
        Integer last = deliveredVersions.get(alert.alertId());
        if (last != null && alert.version() <= last) {
            metrics.duplicates().inc();
            return;
        }
        for (int attempt = 1; ; attempt++) {
            try {
                sink.deliver(alert);
                metrics.delivered().inc();
                deliveredVersions.put(alert.alertId(), alert.version());
                return;
            } catch (DeliveryException e) {
                if (!e.retryable() || attempt >= settings.maxAttempts()) {
                    String reason = (e.retryable() ? "gave up after " + attempt + " attempts: " : "refused: ") + e.getMessage();
                    LOG.warn("Sink {}: alert {} v{} {}", settings.name(), alert.alertId(), alert.version(), reason);
                    deadLetters.write(settings.name(), r, reason, attempt, settings.timeout());
                    metrics.failed().inc();
                    return;
                }
                Duration wait = settings.delayAfter(attempt);
                LOG.info("Sink {}: alert {} v{} attempt {} failed ({}); next in {}", settings.name(), alert.alertId(),
                        alert.version(), attempt, e.getMessage(), wait);
                metrics.retries().inc();
                Thread.sleep(wait.toMillis());
            } catch (RuntimeException e) {
                // A payload this sink cannot build is a bad record, not a reason to stop delivering.
                String reason = "failed: " + e;
                LOG.error("Sink {}: alert {} v{} {}", settings.name(), alert.alertId(), alert.version(), reason);
                deadLetters.write(settings.name(), r, reason, attempt, settings.timeout());
                metrics.failed().inc();
                return;
            }
        }
    }

    /** Seeks every partition of the batch back to its first record not done. */
    private void rewind(KafkaConsumer<String, byte[]> c, ConsumerRecords<String, byte[]> records) {
        for (TopicPartition tp : records.partitions()) {
            long first = records.records(tp).get(0).offset();
            OffsetAndMetadata d = done.get(tp);
            c.seek(tp, d == null ? first : Math.max(first, d.offset()));
        }
    }

    private void commit(KafkaConsumer<String, byte[]> c) {
        if (!done.isEmpty()) {
            c.commitSync(done);
            done.clear();
        }
    }

    @Override
    public void stop() throws InterruptedException {
        running = false;
        // The interrupt ends a wait between attempts or an HTTP exchange.
        ConsumerThreads.stop(consumer, thread, true, Duration.ofSeconds(15));
    }

    /** True while the background thread runs and polled within the last poll interval plus a record's worst case. */
    public boolean isAlive() {
        long worstRecord = settings.maxDelay().multipliedBy(settings.maxAttempts())
                .plus(settings.timeout().multipliedBy(settings.maxAttempts())).toNanos();
        return thread != null && thread.isAlive()
                && System.nanoTime() - lastPollNanos < Duration.ofSeconds(30).toNanos() + worstRecord;
    }

    /** Commits what was done on partitions this consumer loses to another instance of the group. */
    private final class CommitOnRevoke implements ConsumerRebalanceListener {
        private final KafkaConsumer<String, byte[]> c;

        CommitOnRevoke(KafkaConsumer<String, byte[]> c) {
            this.c = c;
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            Map<TopicPartition, OffsetAndMetadata> revoked = new HashMap<>();
            for (TopicPartition tp : partitions) {
                OffsetAndMetadata d = done.remove(tp);
                if (d != null) {
                    revoked.put(tp, d);
                }
            }
            if (!revoked.isEmpty()) {
                c.commitSync(revoked);
            }
        }

        /**
         * A partition the group has no offset for starts at {@code startFrom}; that position is
         * committed at once, so that a restart before the first delivery resumes there instead of
         * jumping to the end again and missing what was published meanwhile.
         */
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            Map<TopicPartition, OffsetAndMetadata> committed = c.committed(new HashSet<>(partitions));
            Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
            for (TopicPartition tp : partitions) {
                if (committed.get(tp) == null) {
                    start.put(tp, new OffsetAndMetadata(c.position(tp)));
                }
            }
            if (!start.isEmpty()) {
                c.commitSync(start);
                LOG.info("Sink {} starts at the {} offsets of {}", settings.name(), settings.startFrom(), start.keySet());
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            partitions.forEach(done::remove);
        }
    }
}
