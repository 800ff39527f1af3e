package dev.quarry.detectors.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The Kafka topics Quarry reads and writes. Defaults: {@code quarry.events} (contract v1 JSON,
 * any key), {@code quarry.events.dlq} (dead letters), {@code quarry.alerts} (alert JSON keyed by
 * subject). Mutable bean bound from YAML; treat as read-only once the topology is built.
 */
public class TopicNames {
    @JsonProperty
    private String events = "quarry.events";
    @JsonProperty
    private String deadLetters = "quarry.events.dlq";
    @JsonProperty
    private String alerts = "quarry.alerts";

    public TopicNames() {}

    public TopicNames(String events, String deadLetters, String alerts) {
        this.events = events;
        this.deadLetters = deadLetters;
        this.alerts = alerts;
    }

    public String events() {
        return events;
    }

    public String deadLetters() {
        return deadLetters;
    }

    public String alerts() {
        return alerts;
    }
}
