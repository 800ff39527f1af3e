package dev.quarry.detectors.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotBlank;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Kafka topics Quarry reads and writes: events (contract v1 JSON, any key), dead letters,
 * and alerts (alert JSON keyed by subject). Mutable bean bound from YAML and validated when
 * loaded; treat as read-only once the topology is built.
 */
public class TopicNames {
    public static final String DEFAULT_EVENTS = "quarry.events";
    public static final String DEFAULT_DEAD_LETTERS = "quarry.events.dlq";
    public static final String DEFAULT_ALERTS = "quarry.alerts";

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

    /** The three topics, in the order above, each with {@code partitions} partitions (for creating them). */
    public Map<String, Integer> withPartitions(int partitions) {
        Map<String, Integer> out = new LinkedHashMap<>();
        out.put(events(), partitions);
        out.put(deadLetters(), partitions);
        out.put(alerts(), partitions);
        return out;
    }
}
