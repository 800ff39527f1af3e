package dev.quarry.dashboard.runtime;

import dev.quarry.detectors.PipelineTotals;
import io.dropwizard.lifecycle.Managed;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the detection topology in this process for as long as the application runs. A stream
 * thread that dies is replaced (the failed task's transaction is aborted, so nothing is counted
 * twice under exactly-once). When the application stops, the streams get {@code shutdownTimeout}
 * to finish the records in hand, commit and write their checkpoints. It tells whether state
 * stores are being restored, and reads the {@link PipelineTotals} of the tasks it runs.
 * Thread-safe.
 */
public final class DetectionService implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(DetectionService.class);
    private final Topology topology;
    private final Properties properties;
    private final List<String> totalsStores;
    private final Duration shutdownTimeout;
    private final StoreRestorations restorations = new StoreRestorations();
    private volatile KafkaStreams streams;

    /**
     * @param totalsStores the topology's {@link PipelineTotals} stores
     *     ({@code QuarryTopology.totalsStores()})
     * @param shutdownTimeout how long {@link #stop} waits for the streams to close
     */
    public DetectionService(Topology topology, Properties properties, List<String> totalsStores, Duration shutdownTimeout) {
        this.topology = topology;
        this.properties = properties;
        this.totalsStores = List.copyOf(totalsStores);
        this.shutdownTimeout = shutdownTimeout;
    }

    @Override
    public void start() {
        KafkaStreams s = new KafkaStreams(topology, properties);
        s.setUncaughtExceptionHandler(e -> {
            LOG.error("Stream thread failed; replacing it", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        s.setGlobalStateRestoreListener(restorations);
        s.start();
        streams = s;
        LOG.info("Detection topology started:\n{}", topology.describe());
    }

    /**
     * Closes the streams, waiting up to the shutdown timeout: each stream thread finishes the record
     * in hand, commits (under exactly-once, its last transaction) and writes its stores' checkpoints.
     * The instance leaves the consumer group, so that the group rebalances at once (another
     * instance takes its tasks, or a restarted one gets them back) instead of waiting for its
     * session to time out.
     */
    @Override
    public void stop() {
        KafkaStreams s = streams;
        if (s == null) {
            return;
        }
        long started = System.nanoTime();
        if (s.close(CloseOptions.timeout(shutdownTimeout)
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP))) {
            LOG.info("Detection topology stopped in {} ms", (System.nanoTime() - started) / 1_000_000);
        } else {
            // Its transactions are aborted by the broker; the next start restores from the changelogs.
            LOG.warn("Detection topology did not stop within kafka.shutdownTimeout ({}); state {}", shutdownTimeout,
                    s.state());
        }
        restorations.clear();
    }

    /** The running Kafka Streams instance (for interactive queries), or null before start. */
    public KafkaStreams streams() {
        return streams;
    }

    /** The Kafka Streams state, or {@code NOT_RUNNING} before start. */
    public KafkaStreams.State state() {
        KafkaStreams s = streams;
        return s == null ? KafkaStreams.State.NOT_RUNNING : s.state();
    }

    /** Whether {@link #start} has run. */
    public boolean started() {
        return streams != null;
    }

    /** Whether a state store of this instance is being restored from its changelog right now. */
    public boolean restoring() {
        return restorations.any();
    }

    /** Whether the topology processes records: {@code RUNNING} and no store restoring. */
    public boolean ready() {
        return state() == KafkaStreams.State.RUNNING && !restoring();
    }

    /** Stream threads of this instance that are alive (neither dead nor shutting down); 0 before start. */
    public int liveStreamThreads() {
        KafkaStreams s = streams;
        if (s == null) {
            return 0;
        }
        int live = 0;
        for (ThreadMetadata t : s.metadataForLocalThreads()) {
            if (!"DEAD".equals(t.threadState()) && !"PENDING_SHUTDOWN".equals(t.threadState())) {
                live++;
            }
        }
        return live;
    }

    /**
     * The {@link PipelineTotals} of the tasks this instance runs (standbys not included), every
     * counter present; empty while they cannot be read whole: not {@link #ready}, or a store moved
     * during the reading. A store of which this instance runs no task (another instance of the
     * application id does) counts nothing here.
     */
    public Optional<Map<String, Long>> totals() {
        KafkaStreams s = streams;
        if (s == null || !ready()) {
            return Optional.empty();
        }
        Map<String, Long> sums = new HashMap<>();
        for (String name : totalsStores) {
            try {
                PipelineTotals.sum(s.store(StoreQueryParameters.fromNameAndType(name,
                        QueryableStoreTypes.<String, Long>keyValueStore())), sums);
            } catch (InvalidStateStoreException e) {
                // No local task has the store: fine while running; during a rebalance the sum would be partial.
                if (!ready()) {
                    return Optional.empty();
                }
            }
        }
        return Optional.of(PipelineTotals.complete(sums));
    }

    /** Kafka Streams' own metrics ({@link KafkaStreams#metrics()}); empty before start. */
    public Map<MetricName, ? extends Metric> metrics() {
        KafkaStreams s = streams;
        return s == null ? Map.of() : s.metrics();
    }

    /** Blocks until the topology is running (partitions assigned), or the timeout passes. */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        return await(timeout, () -> state() == KafkaStreams.State.RUNNING);
    }

    private static boolean await(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }
}
