package dev.quarry.dashboard;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.apache.kafka.streams.StreamsConfig;
import org.hibernate.validator.constraints.time.DurationMin;

/**
 * The {@code kafka.replay:} section: how {@code quarry replay} (and {@code eval}) run the topology
 * on a file. {@link #engine} chooses between running it in process ({@code direct}) and on a
 * broker ({@code broker}); the other keys are the broker engine's. A replay is one process reading
 * a file to its end, run again from the file if it fails, and read only once it is done; so it
 * needs none of what the live topology keeps for restarts and for consumers reading as it goes.
 * These settings replace the {@code kafka:} keys of the same names for a replay; the topology is
 * the same, and so are the alerts (docs/operations.md says where a broker's thread timing makes
 * peer evidence and dataset-split alerts differ). Mutable bean bound from YAML and validated when
 * loaded.
 */
public class ReplaySettings {
    /** {@link #ENGINE_DIRECT} when no cluster is named ({@code kafka.bootstrapServers} empty), else {@link #ENGINE_BROKER}. */
    public static final String ENGINE_AUTO = "auto";
    /** Runs the topology in this process, without a broker ({@code DirectReplay}). */
    public static final String ENGINE_DIRECT = "direct";
    /** Runs the topology on a broker: the configured cluster, else an embedded one. */
    public static final String ENGINE_BROKER = "broker";
    public static final String DEFAULT_ENGINE = ENGINE_AUTO;
    public static final String DEFAULT_PROCESSING_GUARANTEE = StreamsConfig.AT_LEAST_ONCE;
    public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofMinutes(5);
    public static final boolean DEFAULT_CHANGELOGS = false;
    public static final int DEFAULT_STREAM_THREADS = 0;
    public static final String DEFAULT_COMPRESSION_TYPE = "none";
    public static final int DEFAULT_WORKERS = 0;

    /**
     * How the topology runs. {@code direct}: in this process, without a broker, in Kafka's own
     * in-process executor of a topology ({@code TopologyTestDriver}): the records go to the same
     * topology in event-time order, one at a time, repartitions included, and its state lives on
     * the heap (whatever {@code detection.persistentStores} says). {@code broker}: on the
     * configured cluster ({@code kafka.bootstrapServers}), or an embedded broker when none is
     * named, with the settings below. Both give the same alerts; {@code direct} needs no broker
     * and spends nothing on producing, fetching and committing; it runs the client step on
     * {@link #workers} threads, and the other keys of this section apply to {@code broker} only. {@code auto}: {@code direct} when
     * no cluster is named ({@code kafka.bootstrapServers} empty, the case where {@code broker}
     * would start an embedded broker only for the replay), {@code broker} on a named cluster
     * ({@code --bootstrap-servers} or the configuration). Default {@value #DEFAULT_ENGINE}.
     */
    @NotNull
    @Pattern(regexp = ENGINE_AUTO + "|" + ENGINE_DIRECT + "|" + ENGINE_BROKER,
            message = "must be auto, direct or broker")
    @JsonProperty
    private String engine = DEFAULT_ENGINE;
    /**
     * {@code at_least_once} or {@code exactly_once_v2}. Without transactions a record written to a
     * repartition topic is read by the next step at once instead of at the next commit, and no
     * transaction is committed per interval. A replay on one instance that fails is run again, so
     * exactly-once buys it nothing. Default {@value #DEFAULT_PROCESSING_GUARANTEE}.
     */
    @NotNull
    @Pattern(regexp = StreamsConfig.EXACTLY_ONCE_V2 + "|" + StreamsConfig.AT_LEAST_ONCE,
            message = "must be exactly_once_v2 or at_least_once")
    @JsonProperty
    private String processingGuarantee = DEFAULT_PROCESSING_GUARANTEE;
    /**
     * Commit interval of the replay's topology. Each commit encodes every client profile changed
     * since the last one and writes it to its store: a longer interval coalesces more events of a
     * client into one write, and a replay shorter than the interval writes each profile once, when
     * it closes (or when {@code detection.residentProfiles} evicts it). Under at-least-once nothing
     * waits for a commit: the next step reads a repartitioned message at once, and the replay reads
     * the alerts when it is done. Default {@code PT5M}.
     */
    @NotNull
    @DurationMin(millis = 0, message = "must not be a negative duration")
    @JsonProperty
    private Duration commitInterval = DEFAULT_COMMIT_INTERVAL;
    /**
     * Whether the replay's state stores keep changelog topics. A replay's stores are never restored
     * (the run starts from empty stores and a failed run starts again), so by default they keep
     * none, which spares writing every profile to the broker. Default {@value #DEFAULT_CHANGELOGS}.
     */
    @JsonProperty
    private boolean changelogs = DEFAULT_CHANGELOGS;
    /**
     * Stream threads of the replay's topology; 0: one per processor, at most one per partition of
     * the events topic ({@code kafka.partitions}). A client's events stay on one thread whatever
     * the number. Default {@value #DEFAULT_STREAM_THREADS}.
     */
    @Min(0)
    @JsonProperty
    private int streamThreads = DEFAULT_STREAM_THREADS;
    /**
     * Compression of what the replay writes to the broker: the events it publishes and what its
     * topology writes to its repartition and output topics. On the embedded broker, in the same
     * process, every compressed batch is compressed by the producer and decompressed by the broker
     * (to validate it) and by the consumer, which is CPU spent for nothing; on a remote cluster
     * {@code lz4} or {@code zstd} spares the network. One of {@code none}, {@code gzip},
     * {@code snappy}, {@code lz4}, {@code zstd}. Default {@value #DEFAULT_COMPRESSION_TYPE}.
     */
    @NotNull
    @Pattern(regexp = "none|gzip|snappy|lz4|zstd", message = "must be one of none, gzip, snappy, lz4, zstd")
    @JsonProperty
    private String compressionType = DEFAULT_COMPRESSION_TYPE;
    /**
     * Threads of the {@code direct} engine's client step; 0: one per available processor. Each runs
     * the client step for the clients whose id hashes to it (as a topic's default partitioner
     * would split them by key), and the cross-client steps (clusters, dataset split, peer
     * statistics, watermark health) run once, fed in event order at each hour of event time:
     * the alerts are the same for any number. Default {@value #DEFAULT_WORKERS}.
     */
    @Min(0)
    @JsonProperty
    private int workers = DEFAULT_WORKERS;

    public String engine() {
        return engine;
    }

    public ReplaySettings engine(String engine) {
        this.engine = engine;
        return this;
    }

    /** Whether a replay runs in process ({@code direct}), given whether a cluster is named. */
    public boolean direct(boolean clusterNamed) {
        return ENGINE_DIRECT.equals(engine) || (ENGINE_AUTO.equals(engine) && !clusterNamed);
    }

    public String processingGuarantee() {
        return processingGuarantee;
    }

    public ReplaySettings processingGuarantee(String processingGuarantee) {
        this.processingGuarantee = processingGuarantee;
        return this;
    }

    public Duration commitInterval() {
        return commitInterval;
    }

    public ReplaySettings commitInterval(Duration commitInterval) {
        this.commitInterval = commitInterval;
        return this;
    }

    public boolean changelogs() {
        return changelogs;
    }

    public ReplaySettings changelogs(boolean changelogs) {
        this.changelogs = changelogs;
        return this;
    }

    public int streamThreads() {
        return streamThreads;
    }

    public ReplaySettings streamThreads(int streamThreads) {
        this.streamThreads = streamThreads;
        return this;
    }

    public int workers() {
        return workers;
    }

    public ReplaySettings workers(int workers) {
        this.workers = workers;
        return this;
    }

    public String compressionType() {
        return compressionType;
    }

    public ReplaySettings compressionType(String compressionType) {
        this.compressionType = compressionType;
        return this;
    }
}
