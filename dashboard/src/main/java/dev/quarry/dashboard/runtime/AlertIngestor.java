package dev.quarry.dashboard.runtime;

import dev.quarry.dashboard.api.AlertFeed;
import dev.quarry.dashboard.store.AlertStore;
import dev.quarry.detectors.alert.Alert;
import dev.quarry.detectors.alert.AlertJson;
import io.dropwizard.lifecycle.Managed;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the whole alerts topic into this instance's alert store and live feed, so every instance
 * of the alert service shows every alert. Reads only committed transactions (alerts of aborted
 * exactly-once transactions never show). No consumer group: the partitions are assigned, and the
 * position reached in each is stored with the alert index's commits ({@link AlertStore#putAll(
 * java.util.Collection, Map)}), so a restart resumes where the durable store ends, neither losing
 * nor doubling an alert (the store is idempotent per alert id and version anyway). Partitions
 * added to the topic later are picked up within {@link #PARTITION_CHECK}. A broker that cannot be
 * reached for a while (a restart) only delays it: the consumer waits for the broker, and a
 * partition listing that times out is tried again after {@link #PARTITION_RETRY}. Each stored alert is
 * then handed to the feed and to {@code onStored} (triage reopens escalated alerts there). One
 * background thread; thread-safe.
 */
public final class AlertIngestor implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(AlertIngestor.class);
    /** How often the topic's partition count is checked for partitions added since start. */
    static final Duration PARTITION_CHECK = Duration.ofSeconds(30);
    /** How soon the partitions are listed again after a listing failed (broker unreachable). */
    static final Duration PARTITION_RETRY = Duration.ofSeconds(5);
    /** How long the loop waits, with no partition assigned yet, before it looks again. */
    private static final Duration IDLE_WAIT = Duration.ofMillis(500);
    private final Properties properties;
    private final String topic;
    private final AlertStore store;
    private final AlertFeed feed;
    private final Consumer<Alert> onStored;
    private final AtomicLong ingested = new AtomicLong();
    private final AtomicLong unreadable = new AtomicLong();
    private volatile long lastPollNanos;
    private volatile boolean running;
    private volatile UnaryOperator<Alert> storedForm = UnaryOperator.identity();
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    public AlertIngestor(String bootstrap, String topic, AlertStore store, AlertFeed feed) {
        this(KafkaClients.of(bootstrap), topic, store, feed, alert -> { });
    }

    /** @param onStored called with each alert once it is stored; its failures are logged, not fatal */
    public AlertIngestor(KafkaClients clients, String topic, AlertStore store, AlertFeed feed,
            Consumer<Alert> onStored) {
        Properties p = new Properties();
        p.putAll(clients.consumer());
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.properties = p;
        this.topic = topic;
        this.store = store;
        this.feed = feed;
        this.onStored = onStored;
    }

    /**
     * Stores, publishes and hands on each alert as {@code form} makes it (the prompt setting of
     * {@code privacy:}, for alerts a topology elsewhere published); call before {@link #start}.
     */
    public AlertIngestor storing(UnaryOperator<Alert> form) {
        this.storedForm = form;
        return this;
    }

    @Override
    public void start() {
        running = true;
        consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer());
        thread = new Thread(this::loop, "quarry-alert-ingestor");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        KafkaConsumer<String, byte[]> c = consumer;
        try {
            long nextCheck = 0;
            while (running) {
                if (System.nanoTime() - nextCheck >= 0) {
                    try {
                        assignNewPartitions(c);
                        nextCheck = System.nanoTime() + PARTITION_CHECK.toNanos();
                    } catch (RetriableException e) {
                        // The broker is down or restarting: a listing that times out is no reason to
                        // stop reading for good. Read on from the partitions assigned, and look again soon.
                        LOG.warn("Alert ingestor could not list the partitions of {} (again in {} s): {}", topic,
                                PARTITION_RETRY.toSeconds(), e.toString());
                        nextCheck = System.nanoTime() + PARTITION_RETRY.toNanos();
                    }
                }
                if (c.assignment().isEmpty()) {
                    // Nothing to poll before the first listing succeeds.
                    Thread.sleep(IDLE_WAIT.toMillis());
                    continue;
                }
                ConsumerRecords<String, byte[]> records = c.poll(Duration.ofMillis(500));
                lastPollNanos = System.nanoTime();
                if (records.isEmpty()) {
                    continue;
                }
                List<Alert> batch = new ArrayList<>(records.count());
                Map<String, Long> positions = new HashMap<>();
                for (ConsumerRecord<String, byte[]> r : records) {
                    try {
                        batch.add(storedForm.apply(AlertJson.fromBytes(r.value())));
                    } catch (RuntimeException e) {
                        unreadable.incrementAndGet();
                        LOG.error("Unreadable alert at {}/{}@{}: {}", r.topic(), r.partition(), r.offset(), e.toString());
                    }
                }
                for (TopicPartition tp : records.partitions()) {
                    positions.put(positionKey(tp), c.position(tp));
                }
                store.putAll(batch, positions);
                store.commit();
                batch.forEach(feed::publish);
                for (Alert alert : batch) {
                    try {
                        onStored.accept(alert);
                    } catch (RuntimeException e) {
                        LOG.error("After storing alert {} v{}: {}", alert.alertId(), alert.version(), e.toString());
                    }
                }
                ingested.addAndGet(batch.size());
            }
        } catch (WakeupException | InterruptedException e) {
            // stop() woke us up
        } catch (Exception e) {
            LOG.error("Alert ingestor stopped", e);
        } finally {
            c.close(Duration.ofSeconds(5));
        }
    }

    /** Assigns partitions of the topic not yet assigned, each at the store's position or the beginning. */
    private void assignNewPartitions(KafkaConsumer<String, byte[]> c) {
        List<PartitionInfo> infos = c.partitionsFor(topic, Duration.ofSeconds(10));
        if (infos == null || infos.isEmpty()) {
            return;
        }
        Set<TopicPartition> all = new HashSet<>(c.assignment());
        List<TopicPartition> added = new ArrayList<>();
        for (PartitionInfo info : infos) {
            TopicPartition tp = new TopicPartition(topic, info.partition());
            if (all.add(tp)) {
                added.add(tp);
            }
        }
        if (added.isEmpty()) {
            return;
        }
        c.assign(all);
        Map<String, Long> stored = store.positions();
        for (TopicPartition tp : added) {
            Long at = stored.get(positionKey(tp));
            if (at == null) {
                c.seekToBeginning(List.of(tp));
            } else {
                c.seek(tp, at);
            }
        }
        LOG.info("Alert ingestor reads {} partition(s) of {}", all.size(), topic);
    }

    private static String positionKey(TopicPartition tp) {
        return tp.topic() + "-" + tp.partition();
    }

    @Override
    public void stop() throws InterruptedException {
        running = false;
        ConsumerThreads.stop(consumer, thread, false, Duration.ofSeconds(10));
    }

    /** Alerts put into the store since start. */
    public long ingested() {
        return ingested.get();
    }

    /** Records of the alerts topic that were not alert JSON (logged and counted, never silently dropped). */
    public long unreadable() {
        return unreadable.get();
    }

    /** True while the background thread is polling (a poll within the last 30 s). */
    public boolean isAlive() {
        return thread != null && thread.isAlive() && System.nanoTime() - lastPollNanos < 30_000_000_000L;
    }
}
