package dev.quarry.dashboard;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.quarry.detectors.config.DetectionConfig;
import dev.quarry.detectors.config.TopicNames;
import io.dropwizard.core.Configuration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/**
 * Quarry's one configuration file: server, Kafka, topics, detection thresholds and the alert
 * store. Loaded from YAML with {@code ${ENV}} and {@code ${ENV:-default}} substitution; any key can
 * also be overridden with a {@code -Ddw.<path>=value} system property.
 */
public class QuarryConfiguration extends Configuration {
    @Valid
    @NotNull
    @JsonProperty
    public KafkaSettings kafka = new KafkaSettings();

    @Valid
    @NotNull
    @JsonProperty
    public TopicNames topics = new TopicNames();

    @Valid
    @NotNull
    @JsonProperty
    public DetectionConfig detection = new DetectionConfig();

    @Valid
    @NotNull
    @JsonProperty
    public AlertStoreSettings alertStore = new AlertStoreSettings();

    /** The {@code alertStore:} section. */
    public static class AlertStoreSettings {
        /** Directory of the Lucene alert index; empty means a fresh temporary directory. */
        @JsonProperty
        public String dir = "./data/alerts";
    }
}
