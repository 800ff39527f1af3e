package dev.quarry.detectors.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Thresholds of {@link dev.quarry.detectors.detector.LaunchPivotDetector}. See that class for
 * why each default is what it is. Mutable bean bound from YAML.
 */
public class LaunchPivotConfig {
    /**
     * Known model launches ({@code {model, ts}}); empty by default. When a model is listed, a pivot
     * to it is judged against its launch time; otherwise "new" means new to the client.
     */
    @JsonProperty
    public List<Launch> launches = new ArrayList<>();
    /** Events on other models a client must have sent before a model first seen counts as a switch. */
    @JsonProperty
    public int minHistoryEvents = 30;
    /** A listed launch counts as pivoted to when the client's first use is within this of the launch. */
    @JsonProperty
    public Duration pivotWithin = Duration.ofHours(24);
    /** Share of the client's traffic on the new model (since its first use) from which the pivot part grows... */
    @JsonProperty
    public double minPivotShare = 0.2;
    /** ... reaching 1 here ("nearly half their traffic"). */
    @JsonProperty
    public double fullPivotShare = 0.45;
    /** Events on the new model within {@code volumeWindow} of its first use below which volume counts 0... */
    @JsonProperty
    public int minVolume = 200;
    /** ... reaching 1 here (log scale). */
    @JsonProperty
    public int fullVolume = 2000;
    @JsonProperty
    public Duration volumeWindow = Duration.ofHours(24);
    /** Prompts with fewer words are not compared to the pre-switch workload. */
    @JsonProperty
    public int minWords = 4;
    /** Pre-switch prompt signatures kept per client as the reference workload. */
    @JsonProperty
    public int referencePrompts = 16;
    /** Estimated Jaccard similarity of skeletons at which a new-model prompt matches the old workload. */
    @JsonProperty
    public double templateSimilarity = 0.2;
    /** Share of new-model prompts matching the old workload at which "unchanged" counts fully. */
    @JsonProperty
    public double fullTemplateShare = 0.6;

    /** One model launch. */
    public static class Launch {
        /** Model name as requested in events. */
        @JsonProperty
        public String model;
        /** Event time of the release. */
        @JsonProperty
        public Instant ts;

        public Launch() {}

        public Launch(String model, Instant ts) {
            this.model = model;
            this.ts = ts;
        }
    }
}
