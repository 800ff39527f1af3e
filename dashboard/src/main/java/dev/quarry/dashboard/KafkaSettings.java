package dev.quarry.dashboard;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code kafka:} section of the configuration. With {@code bootstrapServers} empty Quarry
 * starts a real single-node broker in-process (demo, replay, tests); in production it names the
 * cluster. Mutable bean bound from YAML.
 */
public class KafkaSettings {
    /** {@code host:port,...} of the cluster; empty starts an embedded broker. */
    @JsonProperty
    public String bootstrapServers = "";
    /** Kafka Streams {@code application.id}: the consumer group and prefix of internal topics. */
    @JsonProperty
    public String applicationId = "quarry-detection";
    /** Where Kafka Streams keeps its RocksDB state; empty means a fresh temporary directory. */
    @JsonProperty
    public String stateDir = "";
    /** {@code exactly_once_v2} (default) or {@code at_least_once}. */
    @JsonProperty
    public String processingGuarantee = "exactly_once_v2";
    /** Stream threads of the detection topology. */
    @JsonProperty
    public int streamThreads = 1;
    /**
     * How often the topology commits (a transaction under exactly-once). Each commit flushes every
     * dirty client profile to its store and changelog, so a longer interval coalesces many events
     * of one client into one write; alerts reach read-committed consumers within it.
     */
    @JsonProperty
    public java.time.Duration commitInterval = java.time.Duration.ofSeconds(1);
    /** Record cache of the state stores across stream threads; client profiles live here between commits. */
    @JsonProperty
    public long cacheMaxBytes = 64L * 1024 * 1024;
    /** Whether this process runs the detection topology (an alert-service-only node sets false). */
    @JsonProperty
    public boolean runTopology = true;
    /** Create missing topics at start-up with these partition counts and replication factor. */
    @JsonProperty
    public boolean createTopics = true;
    @JsonProperty
    public int partitions = 4;
    @JsonProperty
    public short replicationFactor = 1;
    /** Consumer group of the alert service reading the alerts topic. */
    @JsonProperty
    public String alertServiceGroup = "quarry-alert-service";
    /** Extra Kafka Streams / client properties, passed through as given (security settings, etc.). */
    @JsonProperty
    public Map<String, String> properties = new LinkedHashMap<>();

    /** True when no cluster is configured and an in-process broker is to be started. */
    public boolean embedded() {
        return bootstrapServers == null || bootstrapServers.isBlank();
    }
}
