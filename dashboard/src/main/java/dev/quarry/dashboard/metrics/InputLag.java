package dev.quarry.dashboard.metrics;

import dev.quarry.dashboard.runtime.KafkaClients;
import io.dropwizard.lifecycle.Managed;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code quarry_input_lag_records}: records of the input topics the topology has not processed yet,
 * summed over their partitions: the end offset (last stable offset, as the read_committed Streams
 * consumer sees it) minus the offset the Streams application committed, or minus the log start
 * where it committed none. Computed with Kafka's admin client every {@code interval} on a thread
 * of its own, not on each scrape; absent from the scrape until the first computation succeeds,
 * and {@code quarry_input_lag_age_seconds} says how old the figure is. Thread-safe.
 */
public final class InputLag implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(InputLag.class);
    private static final long TIMEOUT_SECONDS = 10;

    private final KafkaClients clients;
    private final String groupId;
    private final List<String> topics;
    private final Duration interval;
    private volatile long records = -1;
    private volatile long computedAtMillis;
    private ScheduledExecutorService scheduler;
    private Admin admin;

    /**
     * @param groupId the Streams application id, which is its consumer group
     * @param topics the topology's input topics
     */
    public InputLag(KafkaClients clients, String groupId, Collection<String> topics, Duration interval) {
        this.clients = clients;
        this.groupId = groupId;
        this.topics = List.copyOf(topics);
        this.interval = interval;
    }

    /** Registers the gauges; they report once {@link #start} has computed a first figure. */
    public InputLag register(PrometheusRegistry registry) {
        GaugeWithCallback.builder()
                .name("quarry_input_lag_records")
                .help("Records of the input topics not yet processed by the topology (end offsets minus committed offsets)")
                .callback(cb -> {
                    long lag = records;
                    if (lag >= 0) {
                        cb.call(lag);
                    }
                })
                .register(registry);
        GaugeWithCallback.builder()
                .name("quarry_input_lag_age_seconds")
                .help("Seconds since quarry_input_lag_records was last computed")
                .callback(cb -> {
                    if (records >= 0) {
                        cb.call((System.currentTimeMillis() - computedAtMillis) / 1000.0);
                    }
                })
                .register(registry);
        return this;
    }

    @Override
    public void start() {
        admin = Admin.create(clients.admin());
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "quarry-input-lag");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(this::refreshQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() throws InterruptedException {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler.awaitTermination(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(TIMEOUT_SECONDS));
        }
    }

    /** The last figure computed, or -1 before the first. */
    public long records() {
        return records;
    }

    private void refreshQuietly() {
        try {
            records = compute();
            computedAtMillis = System.currentTimeMillis();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            // The cluster may be briefly away; keep the last figure, its age shows it is stale.
            LOG.warn("Cannot compute the input lag of {}: {}", topics, e.toString());
        }
    }

    long compute() throws InterruptedException, ExecutionException, TimeoutException {
        List<TopicPartition> partitions = new ArrayList<>();
        Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        for (TopicDescription d : described.values()) {
            for (TopicPartitionInfo p : d.partitions()) {
                partitions.add(new TopicPartition(d.name(), p.partition()));
            }
        }
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        Map<TopicPartition, Long> ends = offsets(partitions, OffsetSpec.latest());
        List<TopicPartition> uncommitted = partitions.stream()
                .filter(tp -> committed.get(tp) == null).toList();
        Map<TopicPartition, Long> starts = uncommitted.isEmpty() ? Map.of() : offsets(uncommitted, OffsetSpec.earliest());
        long lag = 0;
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata c = committed.get(tp);
            long from = c != null ? c.offset() : starts.getOrDefault(tp, 0L);
            lag += Math.max(0, ends.getOrDefault(tp, 0L) - from);
        }
        return lag;
    }

    private Map<TopicPartition, Long> offsets(Collection<TopicPartition> partitions, OffsetSpec spec)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, spec));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> result = admin
                .listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        Map<TopicPartition, Long> out = new HashMap<>();
        result.forEach((tp, info) -> out.put(tp, info.offset()));
        return out;
    }
}
