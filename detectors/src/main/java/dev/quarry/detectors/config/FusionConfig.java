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
    private double low = DEFAULT_LOW;
    /** ... medium: the subject is distilling or extracting. Default {@value #DEFAULT_MEDIUM}. */
    @JsonProperty
    private double medium = DEFAULT_MEDIUM;
    /** ... high. Default {@value #DEFAULT_HIGH}. */
    @JsonProperty
    private double high = DEFAULT_HIGH;
    /** ... critical: at most 1. Default {@value #DEFAULT_CRITICAL}. */
    @DecimalMax("1")
    @JsonProperty
    private double critical = DEFAULT_CRITICAL;
    /** Lowest severity that is published at all. Default {@code low}. */
    @NotNull
    @JsonProperty
    private Severity minPublished = DEFAULT_MIN_PUBLISHED;
    /**
     * An open alert is re-published at the same severity only when its score rose by this much...
     * Default {@value #DEFAULT_RESCORE_DELTA}.
     */
    @DecimalMin("0")
    @DecimalMax("1")
    @JsonProperty
    private double rescoreDelta = DEFAULT_RESCORE_DELTA;
    /** ... and at least this much event time passed since its last publication. Default {@code PT10M}. */
    @NotNull
    @DurationMin(millis = 0, message = "must not be a negative duration")
    @JsonProperty
    private Duration minUpdateInterval = DEFAULT_MIN_UPDATE_INTERVAL;
    /** A detector's signal that has not been renewed for this long no longer counts. Default {@code PT24H}. */
    @NotNull
    @DurationMin(millis = 1, message = "must be a positive duration")
    @JsonProperty
    private Duration signalTtl = DEFAULT_SIGNAL_TTL;
    /** After this long without a signal an alert is closed; a later signal opens a new one. Default {@code PT48H}. */
    @NotNull
    @DurationMin(millis = 1, message = "must be a positive duration")
    @JsonProperty
    private Duration closeAfter = DEFAULT_CLOSE_AFTER;

    /**
     * Known evaluators, red teams and partners whose traffic looks like an attack by design: their
     * alerts are capped at {@code low}, so they stay on the watch list but are never reported as
     * distilling or extracting.
     */
    @Valid
    @NotNull
    @JsonProperty
    private AllowList allowList = new AllowList();
    /**
     * Detector scores below this are noise, not evidence, and do not enter the fused score. Without
     * a floor, a dozen detectors each a little above zero on an ordinary client would add up under
     * the noisy-OR to a watch-list alert that no single detector supports.
     * Default {@value #DEFAULT_NOISE_FLOOR}.
     */
    @DecimalMin("0")
    @DecimalMax(value = "1", inclusive = false)
    @JsonProperty
    private double noiseFloor = DEFAULT_NOISE_FLOOR;
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
    private double supportOnlyMax = DEFAULT_SUPPORT_ONLY_MAX;

    public double low() {
        return low;
    }

    public FusionConfig low(double low) {
        this.low = low;
        return this;
    }

    public double medium() {
        return medium;
    }

    public FusionConfig medium(double medium) {
        this.medium = medium;
        return this;
    }

    public double high() {
        return high;
    }

    public FusionConfig high(double high) {
        this.high = high;
        return this;
    }

    public double critical() {
        return critical;
    }

    public FusionConfig critical(double critical) {
        this.critical = critical;
        return this;
    }

    public Severity minPublished() {
        return minPublished;
    }

    public FusionConfig minPublished(Severity minPublished) {
        this.minPublished = minPublished;
        return this;
    }

    public double rescoreDelta() {
        return rescoreDelta;
    }

    public FusionConfig rescoreDelta(double rescoreDelta) {
        this.rescoreDelta = rescoreDelta;
        return this;
    }

    public Duration minUpdateInterval() {
        return minUpdateInterval;
    }

    public FusionConfig minUpdateInterval(Duration minUpdateInterval) {
        this.minUpdateInterval = minUpdateInterval;
        return this;
    }

    public Duration signalTtl() {
        return signalTtl;
    }

    public FusionConfig signalTtl(Duration signalTtl) {
        this.signalTtl = signalTtl;
        return this;
    }

    public Duration closeAfter() {
        return closeAfter;
    }

    public FusionConfig closeAfter(Duration closeAfter) {
        this.closeAfter = closeAfter;
        return this;
    }

    public AllowList allowList() {
        return allowList;
    }

    public FusionConfig allowList(AllowList allowList) {
        this.allowList = allowList;
        return this;
    }

    public double noiseFloor() {
        return noiseFloor;
    }

    public FusionConfig noiseFloor(double noiseFloor) {
        this.noiseFloor = noiseFloor;
        return this;
    }

    public double supportOnlyMax() {
        return supportOnlyMax;
    }

    public FusionConfig supportOnlyMax(double supportOnlyMax) {
        this.supportOnlyMax = supportOnlyMax;
        return this;
    }

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
        private List<String> allowedClients = new ArrayList<>();
        /** Organisation ids ({@code org_id}): every key of the organisation. */
        @NotNull
        @JsonProperty
        private List<String> allowedOrgs = new ArrayList<>();
        /**
         * Declared use cases: a client or organisation whose product explains some kinds of
         * evidence (a content-generation product sweeps topics; an evaluation team walks
         * benchmarks). Those groups count as supporting evidence for it; its other evidence still
         * alerts, uncapped.
         */
        @Valid
        @NotNull
        @JsonProperty
        private List<UseCase> useCases = new ArrayList<>();

        public List<String> allowedClients() {
            return allowedClients;
        }

        public AllowList allowedClients(List<String> allowedClients) {
            this.allowedClients = allowedClients;
            return this;
        }

        public List<String> allowedOrgs() {
            return allowedOrgs;
        }

        public AllowList allowedOrgs(List<String> allowedOrgs) {
            this.allowedOrgs = allowedOrgs;
            return this;
        }

        public List<UseCase> useCases() {
            return useCases;
        }

        public AllowList useCases(List<UseCase> useCases) {
            this.useCases = useCases;
            return this;
        }
    }

    /** One declared use case: exactly one of {@code clientId} and {@code orgId}, and the groups it explains. */
    @ExactlyOneOf({"clientId", "orgId"})
    public static class UseCase {
        /** The client ({@code client_id}) it applies to, or empty. */
        @JsonProperty
        private String clientId = "";
        /** The organisation ({@code org_id}) it applies to, or empty. */
        @JsonProperty
        private String orgId = "";
        /** What the product does, shown in its alerts, e.g. "content generation for org X". */
        @JsonProperty
        private String description = "";
        /** Evidence groups (wire names, e.g. {@code capability_sweep}) the product explains; at least one. */
        @NotEmpty
        @JsonProperty
        private List<EvidenceGroup> expectedGroups = new ArrayList<>();

        public String clientId() {
            return clientId;
        }

        public UseCase clientId(String clientId) {
            this.clientId = clientId;
            return this;
        }

        public String orgId() {
            return orgId;
        }

        public UseCase orgId(String orgId) {
            this.orgId = orgId;
            return this;
        }

        public String description() {
            return description;
        }

        public UseCase description(String description) {
            this.description = description;
            return this;
        }

        public List<EvidenceGroup> expectedGroups() {
            return expectedGroups;
        }

        public UseCase expectedGroups(List<EvidenceGroup> expectedGroups) {
            this.expectedGroups = expectedGroups;
            return this;
        }
    }
}
