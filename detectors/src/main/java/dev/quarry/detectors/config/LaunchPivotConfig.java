package dev.quarry.detectors.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.quarry.detectors.detector.DetectorContext;
import dev.quarry.detectors.detector.DetectorSection;
import dev.quarry.detectors.detector.LaunchPivotDetector;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.validator.constraints.time.DurationMin;

/**
 * Thresholds of {@link dev.quarry.detectors.detector.LaunchPivotDetector}. See that class for
 * why each default is what it is. It compares the first slots of the shared prompt signatures
 * ({@code detection.signatures}), which need enough of them to resolve {@link #templateSimilarity}.
 * Mutable bean bound from YAML and validated when loaded.
 */
@KeyOrder(lower = "minPivotShare", upper = "fullPivotShare")
@KeyOrder(lower = "minVolume", upper = "fullVolume")
public class LaunchPivotConfig implements DetectorSection<LaunchPivotDetector>, SignatureUser {
    public static final int DEFAULT_MIN_HISTORY_EVENTS = 30;
    public static final Duration DEFAULT_PIVOT_WITHIN = Duration.ofHours(24);
    public static final double DEFAULT_MIN_PIVOT_SHARE = 0.2;
    public static final double DEFAULT_FULL_PIVOT_SHARE = 0.45;
    public static final int DEFAULT_MIN_VOLUME = 200;
    public static final int DEFAULT_FULL_VOLUME = 2000;
    public static final Duration DEFAULT_VOLUME_WINDOW = Duration.ofHours(24);
    public static final int DEFAULT_MIN_WORDS = 4;
    public static final int DEFAULT_REFERENCE_PROMPTS = 16;
    public static final double DEFAULT_TEMPLATE_SIMILARITY = 0.2;
    public static final double DEFAULT_FULL_TEMPLATE_SHARE = 0.6;

    /**
     * Known model launches ({@code {model, ts}}); empty by default. When a model is listed, a pivot
     * to it is judged against its launch time; otherwise "new" means new to the client.
     */
    @Valid
    @NotNull
    @JsonProperty
    private List<Launch> launches = new ArrayList<>();
    /**
     * Events on other models a client must have sent before a model first seen counts as a switch.
     * Default {@value #DEFAULT_MIN_HISTORY_EVENTS}.
     */
    @Min(1)
    @JsonProperty
    private int minHistoryEvents = DEFAULT_MIN_HISTORY_EVENTS;
    /**
     * A listed launch counts as pivoted to when the client's first use is within this of the launch.
     * Default {@code PT24H}.
     */
    @NotNull
    @DurationMin(millis = 0, message = "must not be a negative duration")
    @JsonProperty
    private Duration pivotWithin = DEFAULT_PIVOT_WITHIN;
    /**
     * Share of the client's traffic on the new model (since its first use) from which the pivot part grows...
     * Default {@value #DEFAULT_MIN_PIVOT_SHARE}.
     */
    @DecimalMin("0")
    @DecimalMax("1")
    @JsonProperty
    private double minPivotShare = DEFAULT_MIN_PIVOT_SHARE;
    /** ... reaching 1 here ("nearly half their traffic"). Default {@value #DEFAULT_FULL_PIVOT_SHARE}. */
    @DecimalMax("1")
    @JsonProperty
    private double fullPivotShare = DEFAULT_FULL_PIVOT_SHARE;
    /**
     * Events on the new model within {@code volumeWindow} of its first use below which volume counts 0...
     * Default {@value #DEFAULT_MIN_VOLUME}.
     */
    @Min(1)
    @JsonProperty
    private int minVolume = DEFAULT_MIN_VOLUME;
    /** ... reaching 1 here (log scale). Default {@value #DEFAULT_FULL_VOLUME}. */
    @JsonProperty
    private int fullVolume = DEFAULT_FULL_VOLUME;
    /**
     * Event time after a client's first use of the new model in which its volume there is counted.
     * Default {@code PT24H}.
     */
    @NotNull
    @DurationMin(millis = 1, message = "must be a positive duration")
    @JsonProperty
    private Duration volumeWindow = DEFAULT_VOLUME_WINDOW;
    /** Prompts with fewer words are not compared to the pre-switch workload. Default {@value #DEFAULT_MIN_WORDS}. */
    @Min(1)
    @JsonProperty
    private int minWords = DEFAULT_MIN_WORDS;
    /**
     * Pre-switch prompt signatures kept per client as the reference workload.
     * Default {@value #DEFAULT_REFERENCE_PROMPTS}.
     */
    @Min(1)
    @JsonProperty
    private int referencePrompts = DEFAULT_REFERENCE_PROMPTS;
    /**
     * Estimated Jaccard similarity of skeletons at which a new-model prompt matches the old workload.
     * Default {@value #DEFAULT_TEMPLATE_SIMILARITY}.
     */
    @DecimalMin("0")
    @DecimalMax("1")
    @JsonProperty
    private double templateSimilarity = DEFAULT_TEMPLATE_SIMILARITY;
    /**
     * Share of new-model prompts matching the old workload at which "unchanged" counts fully.
     * Default {@value #DEFAULT_FULL_TEMPLATE_SHARE}.
     */
    @DecimalMin(value = "0", inclusive = false)
    @DecimalMax("1")
    @JsonProperty
    private double fullTemplateShare = DEFAULT_FULL_TEMPLATE_SHARE;

    public List<Launch> launches() {
        return launches;
    }

    public LaunchPivotConfig launches(List<Launch> launches) {
        this.launches = launches;
        return this;
    }

    public int minHistoryEvents() {
        return minHistoryEvents;
    }

    public LaunchPivotConfig minHistoryEvents(int minHistoryEvents) {
        this.minHistoryEvents = minHistoryEvents;
        return this;
    }

    public Duration pivotWithin() {
        return pivotWithin;
    }

    public LaunchPivotConfig pivotWithin(Duration pivotWithin) {
        this.pivotWithin = pivotWithin;
        return this;
    }

    public double minPivotShare() {
        return minPivotShare;
    }

    public LaunchPivotConfig minPivotShare(double minPivotShare) {
        this.minPivotShare = minPivotShare;
        return this;
    }

    public double fullPivotShare() {
        return fullPivotShare;
    }

    public LaunchPivotConfig fullPivotShare(double fullPivotShare) {
        this.fullPivotShare = fullPivotShare;
        return this;
    }

    public int minVolume() {
        return minVolume;
    }

    public LaunchPivotConfig minVolume(int minVolume) {
        this.minVolume = minVolume;
        return this;
    }

    public int fullVolume() {
        return fullVolume;
    }

    public LaunchPivotConfig fullVolume(int fullVolume) {
        this.fullVolume = fullVolume;
        return this;
    }

    public Duration volumeWindow() {
        return volumeWindow;
    }

    public LaunchPivotConfig volumeWindow(Duration volumeWindow) {
        this.volumeWindow = volumeWindow;
        return this;
    }

    public int minWords() {
        return minWords;
    }

    public LaunchPivotConfig minWords(int minWords) {
        this.minWords = minWords;
        return this;
    }

    public int referencePrompts() {
        return referencePrompts;
    }

    public LaunchPivotConfig referencePrompts(int referencePrompts) {
        this.referencePrompts = referencePrompts;
        return this;
    }

    public double templateSimilarity() {
        return templateSimilarity;
    }

    public LaunchPivotConfig templateSimilarity(double templateSimilarity) {
        this.templateSimilarity = templateSimilarity;
        return this;
    }

    public double fullTemplateShare() {
        return fullTemplateShare;
    }

    public LaunchPivotConfig fullTemplateShare(double fullTemplateShare) {
        this.fullTemplateShare = fullTemplateShare;
        return this;
    }

    /**
     * Enough slots that one equal slot alone stays under {@link #templateSimilarity}, up to the
     * {@value LaunchPivotDetector#COMPARED_SLOTS} slots the detector compares.
     */
    @Override
    public Need signatureNeed() {
        int resolve = SignatureConfig.slotsToResolve(templateSimilarity);
        if (resolve > LaunchPivotDetector.COMPARED_SLOTS) {
            return new Need(LaunchPivotDetector.COMPARED_SLOTS, "launch_pivot compares "
                    + LaunchPivotDetector.COMPARED_SLOTS + " slots to resolve detection.launchPivot.templateSimilarity ("
                    + templateSimilarity + ")");
        }
        return new Need(resolve, "with fewer, one equal slot alone reaches detection.launchPivot.templateSimilarity ("
                + templateSimilarity + ")");
    }

    @Override
    public String key() {
        return "detection.launchPivot";
    }

    @Override
    public String detectorName() {
        return LaunchPivotDetector.NAME;
    }

    @Override
    public LaunchPivotDetector create(DetectorContext context) {
        return new LaunchPivotDetector(this);
    }

    /** One model launch. */
    public static class Launch {
        /** Model name as requested in events. */
        @NotBlank
        @JsonProperty
        private String model;
        /** Event time of the release. */
        @NotNull
        @JsonProperty
        private Instant ts;

        public String model() {
            return model;
        }

        public Launch model(String model) {
            this.model = model;
            return this;
        }

        public Instant ts() {
            return ts;
        }

        public Launch ts(Instant ts) {
            this.ts = ts;
            return this;
        }

        public Launch() {}

        public Launch(String model, Instant ts) {
            this.model = model;
            this.ts = ts;
        }
    }
}
