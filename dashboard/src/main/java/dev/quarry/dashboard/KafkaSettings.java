package dev.quarry.dashboard;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import jakarta.validation.Valid;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.hibernate.validator.constraints.time.DurationMin;

/**
 * The {@code kafka:} section of the configuration. With {@code bootstrapServers} empty Quarry
 * starts a real single-node broker in-process (demo, replay, tests), which only the development
 * kit provides; in production it names the cluster. Its keys have the shape of
 * {@link dev.quarry.detectors.config}: private fields read and set through the methods of their
 * names. Mutable bean bound from YAML and validated when loaded.
 */
@DistinctInputs
public class KafkaSettings {
    public static final String DEFAULT_BOOTSTRAP_SERVERS = "";
    public static final String DEFAULT_APPLICATION_ID = "quarry-detection";
    public static final String DEFAULT_STATE_DIR = "";
    public static final String DEFAULT_PROCESSING_GUARANTEE = StreamsConfig.EXACTLY_ONCE_V2;
    public static final int DEFAULT_STREAM_THREADS = 1;
    public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofSeconds(1);
    public static final long DEFAULT_CACHE_MAX_BYTES = 64L * 1024 * 1024;
    public static final boolean DEFAULT_RUN_TOPOLOGY = true;
    public static final boolean DEFAULT_CREATE_TOPICS = true;
    public static final int DEFAULT_PARTITIONS = 4;
    public static final short DEFAULT_REPLICATION_FACTOR = 1;
    public static final Duration DEFAULT_AUDIT_RETENTION = Duration.ofDays(365);
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

    /**
     * {@code host:port,...} of the cluster; empty starts an embedded broker.
     * Default {@value #DEFAULT_BOOTSTRAP_SERVERS}.
     */
    @NotNull
    @JsonProperty
    private String bootstrapServers = DEFAULT_BOOTSTRAP_SERVERS;
    /**
     * Kafka Streams {@code application.id}: the consumer group and prefix of internal topics.
     * Default {@value #DEFAULT_APPLICATION_ID}.
     */
    @NotBlank
    @JsonProperty
    private String applicationId = DEFAULT_APPLICATION_ID;
    /**
     * Where Kafka Streams keeps its RocksDB state; empty means a fresh temporary directory.
     * Default {@value #DEFAULT_STATE_DIR}.
     */
    @NotNull
    @JsonProperty
    private String stateDir = DEFAULT_STATE_DIR;
    /** {@code exactly_once_v2} or {@code at_least_once}. Default {@value #DEFAULT_PROCESSING_GUARANTEE}. */
    @NotNull
    @Pattern(regexp = StreamsConfig.EXACTLY_ONCE_V2 + "|" + StreamsConfig.AT_LEAST_ONCE,
            message = "must be exactly_once_v2 or at_least_once")
    @JsonProperty
    private String processingGuarantee = DEFAULT_PROCESSING_GUARANTEE;
    /** Stream threads of the detection topology. Default {@value #DEFAULT_STREAM_THREADS}. */
    @Min(1)
    @JsonProperty
    private int streamThreads = DEFAULT_STREAM_THREADS;
    /**
     * Warm copies of each task's state kept on other instances ({@code num.standby.replicas}), so
     * a failed instance's work resumes without restoring from the changelog. Default 0.
     */
    @Min(0)
    @JsonProperty
    private int standbyReplicas = 0;
    /**
     * This instance's API base URL as the other instances reach it ({@code http://host:port}),
     * given to Kafka Streams as {@code application.server}: a request for a client whose state
     * another instance owns is forwarded there. Empty (default): no forwarding, each instance
     * answers from its own state only (one instance).
     */
    @Pattern(regexp = "|https?://[^/\\s:]+:[0-9]{1,5}",
            message = "must be empty or http(s)://host:port")
    @JsonProperty
    private String advertisedUrl = "";
    /**
     * How often the topology commits (a transaction under exactly-once). Each commit flushes every
     * dirty client profile to its store and changelog, so a longer interval coalesces many events
     * of one client into one write; alerts reach read-committed consumers within it.
     * Default {@code PT1S}.
     */
    @NotNull
    @DurationMin(millis = 0, message = "must not be a negative duration")
    @JsonProperty
    private Duration commitInterval = DEFAULT_COMMIT_INTERVAL;
    /**
     * Record cache of the state stores across stream threads; client profiles live here between commits.
     * Default {@value #DEFAULT_CACHE_MAX_BYTES}.
     */
    @Min(0)
    @JsonProperty
    private long cacheMaxBytes = DEFAULT_CACHE_MAX_BYTES;
    /**
     * Whether this process runs the detection topology (an alert-service-only node sets false).
     * Default {@value #DEFAULT_RUN_TOPOLOGY}.
     */
    @JsonProperty
    private boolean runTopology = DEFAULT_RUN_TOPOLOGY;
    /**
     * Create missing topics at start-up with these partition counts and replication factor.
     * Default {@value #DEFAULT_CREATE_TOPICS}.
     */
    @JsonProperty
    private boolean createTopics = DEFAULT_CREATE_TOPICS;
    /** Partitions of each topic created at start-up. Default {@value #DEFAULT_PARTITIONS}. */
    @Min(1)
    @JsonProperty
    private int partitions = DEFAULT_PARTITIONS;
    /** Replication factor of each topic created at start-up. Default {@value #DEFAULT_REPLICATION_FACTOR}. */
    @Min(1)
    @JsonProperty
    private short replicationFactor = DEFAULT_REPLICATION_FACTOR;
    /**
     * How long the audit topic keeps an entry ({@code retention.ms}), set when the topic is created at
     * start-up; an existing topic keeps its own. Default {@code P365D}.
     */
    @NotNull
    @DurationMin(hours = 1, message = "must be at least one hour")
    @JsonProperty
    private Duration auditRetention = DEFAULT_AUDIT_RETENTION;
    /**
     * How long the topology may take to stop when the server stops (SIGTERM): the stream threads
     * finish the records in hand, commit their last transaction and write their checkpoints within
     * it ({@code KafkaStreams.close(Duration)}); past it the server stops anyway, and the next start
     * restores what was not checkpointed from the changelogs. Default {@code PT30S}.
     */
    @NotNull
    @DurationMin(seconds = 1, message = "must be at least one second")
    @JsonProperty
    private Duration shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;
    /**
     * The topics the topology reads and the format of each ({@code contract}, {@code litellm},
     * {@code otlp}, {@code otlp-json}, {@code openai}; docs/formats.md). Empty, the default, reads
     * the events topic ({@code topics.events}) in the contract format. A list replaces the default:
     * name the events topic in it to keep reading it.
     */
    @Valid
    @NotNull
    @JsonProperty
    private List<Input> inputs = new ArrayList<>();
    /** Extra Kafka Streams / client properties, passed through as given (security settings, etc.). */
    @NotNull
    @JsonProperty
    private Map<String, String> properties = new LinkedHashMap<>();
    /** How {@code quarry replay} and {@code eval} run the topology on a file; see {@link ReplaySettings}. */
    @Valid
    @NotNull
    @JsonProperty
    private ReplaySettings replay = new ReplaySettings();

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public KafkaSettings bootstrapServers(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        return this;
    }

    public String applicationId() {
        return applicationId;
    }

    public KafkaSettings applicationId(String applicationId) {
        this.applicationId = applicationId;
        return this;
    }

    public String stateDir() {
        return stateDir;
    }

    public KafkaSettings stateDir(String stateDir) {
        this.stateDir = stateDir;
        return this;
    }

    public String processingGuarantee() {
        return processingGuarantee;
    }

    public KafkaSettings processingGuarantee(String processingGuarantee) {
        this.processingGuarantee = processingGuarantee;
        return this;
    }

    public int streamThreads() {
        return streamThreads;
    }

    public int standbyReplicas() {
        return standbyReplicas;
    }

    public KafkaSettings standbyReplicas(int standbyReplicas) {
        this.standbyReplicas = standbyReplicas;
        return this;
    }

    public String advertisedUrl() {
        return advertisedUrl == null ? "" : advertisedUrl;
    }

    public KafkaSettings advertisedUrl(String advertisedUrl) {
        this.advertisedUrl = advertisedUrl == null ? "" : advertisedUrl;
        return this;
    }

    public KafkaSettings streamThreads(int streamThreads) {
        this.streamThreads = streamThreads;
        return this;
    }

    public Duration commitInterval() {
        return commitInterval;
    }

    public KafkaSettings commitInterval(Duration commitInterval) {
        this.commitInterval = commitInterval;
        return this;
    }

    public long cacheMaxBytes() {
        return cacheMaxBytes;
    }

    public KafkaSettings cacheMaxBytes(long cacheMaxBytes) {
        this.cacheMaxBytes = cacheMaxBytes;
        return this;
    }

    public boolean runTopology() {
        return runTopology;
    }

    public KafkaSettings runTopology(boolean runTopology) {
        this.runTopology = runTopology;
        return this;
    }

    public boolean createTopics() {
        return createTopics;
    }

    public KafkaSettings createTopics(boolean createTopics) {
        this.createTopics = createTopics;
        return this;
    }

    public int partitions() {
        return partitions;
    }

    public KafkaSettings partitions(int partitions) {
        this.partitions = partitions;
        return this;
    }

    public short replicationFactor() {
        return replicationFactor;
    }

    public KafkaSettings replicationFactor(short replicationFactor) {
        this.replicationFactor = replicationFactor;
        return this;
    }

    public Duration shutdownTimeout() {
        return shutdownTimeout;
    }

    public KafkaSettings shutdownTimeout(Duration shutdownTimeout) {
        this.shutdownTimeout = shutdownTimeout;
        return this;
    }

    public Duration auditRetention() {
        return auditRetention;
    }

    public KafkaSettings auditRetention(Duration auditRetention) {
        this.auditRetention = auditRetention;
        return this;
    }

    public Map<String, String> properties() {
        return properties;
    }

    public KafkaSettings properties(Map<String, String> properties) {
        this.properties = properties;
        return this;
    }

    public List<Input> inputs() {
        return inputs;
    }

    public ReplaySettings replay() {
        return replay;
    }

    public KafkaSettings replay(ReplaySettings replay) {
        this.replay = replay;
        return this;
    }

    public KafkaSettings inputs(List<Input> inputs) {
        this.inputs = inputs;
        return this;
    }

    /** Whether {@code kafka.inputs} names no topic twice; checked by {@link DistinctInputs}. */
    boolean inputsDistinct() {
        return inputs == null || inputs.stream().map(i -> i.topic).distinct().count() == inputs.size();
    }

    /** One entry of {@code kafka.inputs}: a topic and the format of its records. */
    public static class Input {
        /** The topic. */
        @NotBlank
        @JsonProperty
        private String topic;
        /** Its records' format. */
        @NotNull
        @Pattern(regexp = "contract|litellm|otlp|otlp-json|openai",
                message = "must be contract, litellm, otlp, otlp-json or openai")
        @JsonProperty
        private String format;

        public Input() {}

        public Input(String topic, String format) {
            this.topic = topic;
            this.format = format;
        }

        public String topic() {
            return topic;
        }

        public Input topic(String topic) {
            this.topic = topic;
            return this;
        }

        public String format() {
            return format;
        }

        public Input format(String format) {
            this.format = format;
            return this;
        }
    }

    /** True when no cluster is configured and an in-process broker is to be started (development kit only). */
    public boolean embedded() {
        return bootstrapServers == null || bootstrapServers.isBlank();
    }
}
