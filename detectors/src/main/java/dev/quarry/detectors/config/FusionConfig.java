package dev.quarry.detectors.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.quarry.detectors.alert.EvidenceGroup;
import dev.quarry.detectors.alert.Severity;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.validator.constraints.time.DurationMin;

/**
 * How detector signals become alerts: severity thresholds on the fused score, and the
 * suppression that keeps one ongoing attack one escalating alert. Durations are event time.
 * Mutable bean bound from YAML and validated when loaded.
 */
@KeyOrder(lower = "low", upper = "medium")
@KeyOrder(lower = "medium", upper = "high")
@KeyOrder(lower = "high", upper = "critical")
@KeyOrder(lower = "supportOnlyMax", upper = "medium")
public class FusionConfig {
    public static final double DEFAULT_LOW = 0.25;
    public static final double DEFAULT_MEDIUM = 0.5;
    public static final double DEFAULT_HIGH = 0.7;
    public static final double DEFAULT_CRITICAL = 0.9;
    public static final Severity DEFAULT_MIN_PUBLISHED = Severity.LOW;
    public static final double DEFAULT_RESCORE_DELTA = 0.1;
    public static final Duration DEFAULT_MIN_UPDATE_INTERVAL = Duration.ofMinutes(10);
    public static final Duration DEFAULT_SIGNAL_TTL = Duration.ofHours(24);
    public static final Duration DEFAULT_CLOSE_AFTER = Duration.ofHours(48);
    public static final double DEFAULT_NOISE_FLOOR = 0.1;
    public static final double DEFAULT_SUPPORT_ONLY_MAX = 0.2;

    /**
     * Fused score at or above which the severity is low (watch list); above 0, and the thresholds
     * rise strictly from low to critical. Default {@value #DEFAULT_LOW}.
     */
    @DecimalMin(value = "0", inclusive = false)
    @JsonProperty
    public double low = DEFAULT_LOW;
    /** ... medium: the subject is distilling or extracting. Default {@value #DEFAULT_MEDIUM}. */
    @JsonProperty
    public double medium = DEFAULT_MEDIUM;
    /** ... high. Default {@value #DEFAULT_HIGH}. */
    @JsonProperty
    public double high = DEFAULT_HIGH;
    /** ... critical: at most 1. Default {@value #DEFAULT_CRITICAL}. */
    @DecimalMax("1")
    @JsonProperty
    public double critical = DEFAULT_CRITICAL;
    /** Lowest severity that is published at all. Default {@code low}. */
    @NotNull
    @JsonProperty
    public Severity minPublished = DEFAULT_MIN_PUBLISHED;
    /**
     * An open alert is re-published at the same severity only when its score rose by this much...
     * Default {@value #DEFAULT_RESCORE_DELTA}.
     */
    @DecimalMin("0")
    @DecimalMax("1")
    @JsonProperty
    public double rescoreDelta = DEFAULT_RESCORE_DELTA;
    /** ... and at least this much event time passed since its last publication. Default {@code PT10M}. */
    @NotNull
    @DurationMin(millis = 0, message = "must not be a negative duration")
    @JsonProperty
    public Duration minUpdateInterval = DEFAULT_MIN_UPDATE_INTERVAL;
    /** A detector's signal that has not been renewed for this long no longer counts. Default {@code PT24H}. */
    @NotNull
    @DurationMin(millis = 1, message = "must be a positive duration")
    @JsonProperty
    public Duration signalTtl = DEFAULT_SIGNAL_TTL;
    /** After this long without a signal an alert is closed; a later signal opens a new one. Default {@code PT48H}. */
    @NotNull
    @DurationMin(millis = 1, message = "must be a positive duration")
    @JsonProperty
    public Duration closeAfter = DEFAULT_CLOSE_AFTER;

    /**
     * Known evaluators, red teams and partners whose traffic looks like an attack by design: their
     * alerts are capped at {@code low}, so they stay on the watch list but are never reported as
     * distilling or extracting.
     */
    @Valid
    @NotNull
    @JsonProperty
    public AllowList allowList = new AllowList();
    /**
     * Detector scores below this are noise, not evidence, and do not enter the fused score. Without
     * a floor, a dozen detectors each a little above zero on an ordinary client would add up under
     * the noisy-OR to a watch-list alert that no single detector supports.
     * Default {@value #DEFAULT_NOISE_FLOOR}.
     */
    @DecimalMin("0")
    @DecimalMax(value = "1", inclusive = false)
    @JsonProperty
    public double noiseFloor = DEFAULT_NOISE_FLOOR;
    /**
     * Highest fused score without distillation-specific evidence. At 0.2, under {@link #low},
     * supporting groups alone (templates, request style, query distribution, launch timing) raise
     * no alert at all: the watch list means "some distillation-specific evidence", and a heavy
     * legitimate product that fills templates at machine pace stays off it. The score is still
     * kept, and counts in the cluster side's member scores. Must be below {@link #medium}.
     * Default {@value #DEFAULT_SUPPORT_ONLY_MAX}.
     */
    @DecimalMin("0")
    @JsonProperty
    public double supportOnlyMax = DEFAULT_SUPPORT_ONLY_MAX;

    /** The severity of a fused score, or null when it is below {@link #low}. */
    public Severity severityOf(double score) {
        if (score >= critical) return Severity.CRITICAL;
        if (score >= high) return Severity.HIGH;
        if (score >= medium) return Severity.MEDIUM;
        if (score >= low) return Severity.LOW;
        return null;
    }

    /** Client ids and org ids whose alerts never go above {@code low}, and declared use cases. All empty by default. */
    public static class AllowList {
        /** Client ids ({@code client_id}, e.g. an evaluator's API key). */
        @NotNull
        @JsonProperty
        public List<String> allowedClients = new ArrayList<>();
        /** Organisation ids ({@code org_id}): every key of the organisation. */
        @NotNull
        @JsonProperty
        public List<String> allowedOrgs = new ArrayList<>();
        /**
         * Declared use cases: a client or organisation whose product explains some kinds of
         * evidence (a content-generation product sweeps topics; an evaluation team walks
         * benchmarks). Those groups count as supporting evidence for it; its other evidence still
         * alerts, uncapped.
         */
        @Valid
        @NotNull
        @JsonProperty
        public List<UseCase> useCases = new ArrayList<>();
    }

    /** One declared use case: exactly one of {@code clientId} and {@code orgId}, and the groups it explains. */
    @ExactlyOneOf({"clientId", "orgId"})
    public static class UseCase {
        /** The client ({@code client_id}) it applies to, or empty. */
        @JsonProperty
        public String clientId = "";
        /** The organisation ({@code org_id}) it applies to, or empty. */
        @JsonProperty
        public String orgId = "";
        /** What the product does, shown in its alerts, e.g. "content generation for org X". */
        @JsonProperty
        public String description = "";
        /** Evidence groups (wire names, e.g. {@code capability_sweep}) the product explains; at least one. */
        @NotEmpty
        @JsonProperty
        public List<EvidenceGroup> expectedGroups = new ArrayList<>();
    }
}
