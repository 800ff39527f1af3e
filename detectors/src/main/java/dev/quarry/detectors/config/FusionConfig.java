package dev.quarry.detectors.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.quarry.detectors.alert.Severity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How detector signals become alerts: severity thresholds on the fused score, and the
 * suppression that keeps one ongoing attack one escalating alert. Durations are event time.
 * Mutable bean bound from YAML.
 */
public class FusionConfig {
    /** Fused score at or above which the severity is low (watch list). */
    @JsonProperty
    public double low = 0.25;
    /** ... medium: the subject is distilling or extracting. */
    @JsonProperty
    public double medium = 0.5;
    @JsonProperty
    public double high = 0.7;
    @JsonProperty
    public double critical = 0.9;
    /** Lowest severity that is published at all. */
    @JsonProperty
    public Severity minPublished = Severity.LOW;
    /** An open alert is re-published at the same severity only when its score rose by this much... */
    @JsonProperty
    public double rescoreDelta = 0.1;
    /** ... and at least this much event time passed since its last publication. */
    @JsonProperty
    public Duration minUpdateInterval = Duration.ofMinutes(10);
    /** A detector's signal that has not been renewed for this long no longer counts. */
    @JsonProperty
    public Duration signalTtl = Duration.ofHours(24);
    /** After this long without a signal an alert is closed; a later signal opens a new one. */
    @JsonProperty
    public Duration closeAfter = Duration.ofHours(48);

    /**
     * Known evaluators, red teams and partners whose traffic looks like an attack by design: their
     * alerts are capped at {@code low}, so they stay on the watch list but are never reported as
     * distilling or extracting.
     */
    @JsonProperty
    public AllowList allowList = new AllowList();
    /**
     * Detector scores below this are noise, not evidence, and do not enter the fused score. Without
     * a floor, a dozen detectors each a little above zero on an ordinary client would add up under
     * the noisy-OR to a watch-list alert that no single detector supports.
     */
    @JsonProperty
    public double noiseFloor = 0.1;
    /**
     * Highest fused score without distillation-specific evidence. At 0.2, under {@link #low},
     * supporting groups alone (templates, request style, query distribution, launch timing) raise
     * no alert at all: the watch list means "some distillation-specific evidence", and a heavy
     * legitimate product that fills templates at machine pace stays off it. The score is still
     * kept, and counts in the cluster side's member scores. Must be below {@link #medium}.
     */
    @JsonProperty
    public double supportOnlyMax = 0.2;

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
        @JsonProperty
        public List<String> allowedClients = new ArrayList<>();
        /** Organisation ids ({@code org_id}): every key of the organisation. */
        @JsonProperty
        public List<String> allowedOrgs = new ArrayList<>();
        /**
         * Declared use cases: a client or organisation whose product explains some kinds of
         * evidence (a content-generation product sweeps topics; an evaluation team walks
         * benchmarks). Those groups count as supporting evidence for it; its other evidence still
         * alerts, uncapped.
         */
        @JsonProperty
        public List<UseCase> useCases = new ArrayList<>();
    }

    /** One declared use case: exactly one of {@code clientId} and {@code orgId}, and the groups it explains. */
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
        /** Evidence groups (wire names, e.g. {@code capability_sweep}) the product explains. */
        @JsonProperty
        public List<dev.quarry.detectors.alert.EvidenceGroup> expectedGroups = new ArrayList<>();
    }
}
