package dev.quarry.detectors.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.quarry.detectors.detector.BlendedTrafficDetector;
import dev.quarry.detectors.detector.DetectorContext;
import dev.quarry.detectors.detector.DetectorSection;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * Thresholds of {@link dev.quarry.detectors.detector.BlendedTrafficDetector}. See that class for
 * why each default is what it is. Mutable bean bound from YAML and validated when loaded.
 */
@KeyOrder(lower = "minFlagged", upper = "windowRequests", orEqual = true, factor = 2)
public class BlendedTrafficConfig implements DetectorSection<BlendedTrafficDetector> {
    public static final double DEFAULT_REQUEST_THRESHOLD = 0.5;
    public static final double DEFAULT_BASE_RATE = 0.02;
    public static final double DEFAULT_ALPHA = 1e-6;
    public static final double DEFAULT_FULL_EVIDENCE_DECADES = 6;
    public static final int DEFAULT_MIN_FLAGGED = 20;
    public static final double DEFAULT_MIN_EXCESS_RATIO = 3;
    public static final int DEFAULT_WINDOW_REQUESTS = 20_000;
    public static final int DEFAULT_MIN_ACTIVE_HOURS = 2;
    public static final double DEFAULT_BURST_CAP = 0.3;

    /**
     * Per-request distillation score at or above which a request counts as distillation-like.
     * Default {@value #DEFAULT_REQUEST_THRESHOLD}.
     */
    @DecimalMin(value = "0", inclusive = false)
    @DecimalMax("1")
    @JsonProperty
    private double requestThreshold = DEFAULT_REQUEST_THRESHOLD;
    /**
     * Benign base rate of distillation-like requests (the null hypothesis of the count test).
     * Default {@value #DEFAULT_BASE_RATE}.
     */
    @DecimalMin(value = "0", inclusive = false)
    @DecimalMax(value = "1", inclusive = false)
    @JsonProperty
    private double baseRate = DEFAULT_BASE_RATE;
    /**
     * Binomial tail probability P(X >= k | n, baseRate) under which the count is significant.
     * Default {@value #DEFAULT_ALPHA}.
     */
    @DecimalMin(value = "0", inclusive = false)
    @DecimalMax(value = "1", inclusive = false)
    @JsonProperty
    private double alpha = DEFAULT_ALPHA;
    /**
     * Orders of magnitude below {@code alpha} at which the score reaches 1 (it is 0.5 at alpha).
     * Default {@value #DEFAULT_FULL_EVIDENCE_DECADES}.
     */
    @DecimalMin(value = "0", inclusive = false)
    @JsonProperty
    private double fullEvidenceDecades = DEFAULT_FULL_EVIDENCE_DECADES;
    /** Distillation-like requests needed before the test is run at all. Default {@value #DEFAULT_MIN_FLAGGED}. */
    @Min(1)
    @JsonProperty
    private int minFlagged = DEFAULT_MIN_FLAGGED;
    /**
     * Observed count over expected count (k over n * baseRate) needed as well: at large n a
     * benign key slightly above the base rate would otherwise become "significant".
     * Default {@value #DEFAULT_MIN_EXCESS_RATIO}.
     */
    @DecimalMin("0")
    @JsonProperty
    private double minExcessRatio = DEFAULT_MIN_EXCESS_RATIO;
    /**
     * Requests kept in the test: beyond this both counts are halved, so the test is about recent traffic.
     * Default {@value #DEFAULT_WINDOW_REQUESTS}.
     */
    @JsonProperty
    private int windowRequests = DEFAULT_WINDOW_REQUESTS;
    /**
     * Distinct event-time hours (of the last 64) with distillation-like requests for a steady stream.
     * Default {@value #DEFAULT_MIN_ACTIVE_HOURS}.
     */
    @Min(0)
    @Max(64)
    @JsonProperty
    private int minActiveHours = DEFAULT_MIN_ACTIVE_HOURS;
    /**
     * Score cap when the distillation-like requests all fall within fewer than {@code minActiveHours}.
     * Default {@value #DEFAULT_BURST_CAP}.
     */
    @DecimalMin("0")
    @DecimalMax("1")
    @JsonProperty
    private double burstCap = DEFAULT_BURST_CAP;

    public double requestThreshold() {
        return requestThreshold;
    }

    public BlendedTrafficConfig requestThreshold(double requestThreshold) {
        this.requestThreshold = requestThreshold;
        return this;
    }

    public double baseRate() {
        return baseRate;
    }

    public BlendedTrafficConfig baseRate(double baseRate) {
        this.baseRate = baseRate;
        return this;
    }

    public double alpha() {
        return alpha;
    }

    public BlendedTrafficConfig alpha(double alpha) {
        this.alpha = alpha;
        return this;
    }

    public double fullEvidenceDecades() {
        return fullEvidenceDecades;
    }

    public BlendedTrafficConfig fullEvidenceDecades(double fullEvidenceDecades) {
        this.fullEvidenceDecades = fullEvidenceDecades;
        return this;
    }

    public int minFlagged() {
        return minFlagged;
    }

    public BlendedTrafficConfig minFlagged(int minFlagged) {
        this.minFlagged = minFlagged;
        return this;
    }

    public double minExcessRatio() {
        return minExcessRatio;
    }

    public BlendedTrafficConfig minExcessRatio(double minExcessRatio) {
        this.minExcessRatio = minExcessRatio;
        return this;
    }

    public int windowRequests() {
        return windowRequests;
    }

    public BlendedTrafficConfig windowRequests(int windowRequests) {
        this.windowRequests = windowRequests;
        return this;
    }

    public int minActiveHours() {
        return minActiveHours;
    }

    public BlendedTrafficConfig minActiveHours(int minActiveHours) {
        this.minActiveHours = minActiveHours;
        return this;
    }

    public double burstCap() {
        return burstCap;
    }

    public BlendedTrafficConfig burstCap(double burstCap) {
        this.burstCap = burstCap;
        return this;
    }

    @Override
    public String key() {
        return "detection.blendedTraffic";
    }

    @Override
    public String detectorName() {
        return BlendedTrafficDetector.NAME;
    }

    @Override
    public BlendedTrafficDetector create(DetectorContext context) {
        return new BlendedTrafficDetector(this, context.requestScorer());
    }
}
