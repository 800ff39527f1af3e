package dev.quarry.detectors.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotBlank;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Kafka topics Quarry reads and writes: events (contract v1 JSON, any key), dead letters,
 * and alerts (alert JSON keyed by subject), which the topology uses; suppressions (compacted, keyed
 * by suppression id), which the alert service writes and the topology reads whole; and the alert
 * service's own triage state (compacted, keyed by alert id) and audit log (append-only). Mutable bean bound from
 * YAML and validated when loaded; treat as read-only once the topology is built.
 */
public class TopicNames {
    public static final String DEFAULT_EVENTS = "quarry.events";
    public static final String DEFAULT_DEAD_LETTERS = "quarry.events.dlq";
    public static final String DEFAULT_ALERTS = "quarry.alerts";
    public static final String DEFAULT_TRIAGE = "quarry.triage";
    public static final String DEFAULT_AUDIT = "quarry.audit";
    public static final String DEFAULT_SUPPRESSIONS = "quarry.suppressions";
    public static final String DEFAULT_PEER_STATS = "quarry.peer-stats";

    /** Inference events in. Default {@value #DEFAULT_EVENTS}. */
    @NotBlank
    @JsonProperty
    private String events = DEFAULT_EVENTS;
    /** Dead letters out: records that are no valid event. Default {@value #DEFAULT_DEAD_LETTERS}. */
    @NotBlank
    @JsonProperty
    private String deadLetters = DEFAULT_DEAD_LETTERS;
    /** Alerts out. Default {@value #DEFAULT_ALERTS}. */
    @NotBlank
    @JsonProperty
    private String alerts = DEFAULT_ALERTS;
    /** Triage state of alerts, one record per change, compacted by alert id. Default {@value #DEFAULT_TRIAGE}. */
    @NotBlank
    @JsonProperty
    private String triage = DEFAULT_TRIAGE;
    /** Audit log of the alert service: who triaged, signed in, signed out. Default {@value #DEFAULT_AUDIT}. */
    @NotBlank
    @JsonProperty
    private String audit = DEFAULT_AUDIT;
    /**
     * Analysts' suppressions, one record per suppression keyed by its id, a tombstone when it is
     * deleted; compacted. The topology reads it as a global store. Default {@value #DEFAULT_SUPPRESSIONS}.
     */
    @NotBlank
    @JsonProperty
    private String suppressions = DEFAULT_SUPPRESSIONS;
    /**
     * Peer statistics by client shape, one record per shape written by the topology's
     * peer-statistics partition each event-time hour, read back as a global store by every
     * instance; one partition. Default {@value #DEFAULT_PEER_STATS}.
     */
    @NotBlank
    @JsonProperty
    private String peerStats = DEFAULT_PEER_STATS;

    public TopicNames() {}

    public TopicNames(String events, String deadLetters, String alerts) {
        this.events = events;
        this.deadLetters = deadLetters;
        this.alerts = alerts;
    }

    public String events() {
        return events;
    }

    public TopicNames events(String events) {
        this.events = events;
        return this;
    }

    public String deadLetters() {
        return deadLetters;
    }

    public TopicNames deadLetters(String deadLetters) {
        this.deadLetters = deadLetters;
        return this;
    }

    public String alerts() {
        return alerts;
    }

    public TopicNames alerts(String alerts) {
        this.alerts = alerts;
        return this;
    }

    public String triage() {
        return triage;
    }

    public TopicNames triage(String triage) {
        this.triage = triage;
        return this;
    }

    public String audit() {
        return audit;
    }

    public TopicNames audit(String audit) {
        this.audit = audit;
        return this;
    }

    public String suppressions() {
        return suppressions;
    }

    public TopicNames suppressions(String suppressions) {
        this.suppressions = suppressions;
        return this;
    }

    public String peerStats() {
        return peerStats;
    }

    public TopicNames peerStats(String peerStats) {
        this.peerStats = peerStats;
        return this;
    }

    /**
     * The topology's topics, events, dead letters and alerts, each with {@code partitions}
     * partitions, and the peer statistics with one (for creating them). The suppressions, triage
     * and audit topics are created apart, with their own cleanup policies.
     */
    public Map<String, Integer> withPartitions(int partitions) {
        Map<String, Integer> out = new LinkedHashMap<>();
        out.put(events(), partitions);
        out.put(deadLetters(), partitions);
        out.put(alerts(), partitions);
        out.put(peerStats(), 1);
        return out;
    }
}
