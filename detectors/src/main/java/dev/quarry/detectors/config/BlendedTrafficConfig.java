package dev.quarry.detectors.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Thresholds of {@link dev.quarry.detectors.detector.BlendedTrafficDetector}. See that class for
 * why each default is what it is. Mutable bean bound from YAML.
 */
public class BlendedTrafficConfig {
    /** Per-request distillation score at or above which a request counts as distillation-like. */
    @JsonProperty
    public double requestThreshold = 0.5;
    /** Benign base rate of distillation-like requests (the null hypothesis of the count test). */
    @JsonProperty
    public double baseRate = 0.02;
    /** Binomial tail probability P(X >= k | n, base_rate) under which the count is significant. */
    @JsonProperty
    public double alpha = 1e-6;
    /** Orders of magnitude below {@code alpha} at which the score reaches 1 (it is 0.5 at alpha). */
    @JsonProperty
    public double fullEvidenceDecades = 6;
    /** Distillation-like requests needed before the test is run at all. */
    @JsonProperty
    public int minFlagged = 20;
    /**
     * Observed count over expected count (k over n * base_rate) needed as well: at large n a
     * benign key slightly above the base rate would otherwise become "significant".
     */
    @JsonProperty
    public double minExcessRatio = 3;
    /** Requests kept in the test: beyond this both counts are halved, so the test is about recent traffic. */
    @JsonProperty
    public int windowRequests = 20_000;
    /** Distinct event-time hours (of the last 64) with distillation-like requests for a steady stream. */
    @JsonProperty
    public int minActiveHours = 2;
    /** Score cap when the distillation-like requests all fall within fewer than {@code min_active_hours}. */
    @JsonProperty
    public double burstCap = 0.3;
}
