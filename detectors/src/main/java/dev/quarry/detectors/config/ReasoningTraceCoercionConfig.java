package dev.quarry.detectors.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.quarry.detectors.detector.DetectorContext;
import dev.quarry.detectors.detector.DetectorSection;
import dev.quarry.detectors.detector.ReasoningTraceCoercionDetector;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;

/**
 * Thresholds of {@link dev.quarry.detectors.detector.ReasoningTraceCoercionDetector}. See that
 * class for why each default is what it is. Mutable bean bound from YAML and validated when loaded.
 */
@KeyOrder(lower = "minCoerciveRequests", upper = "fullCoerciveRequests")
public class ReasoningTraceCoercionConfig implements DetectorSection<ReasoningTraceCoercionDetector> {
    public static final double DEFAULT_COERCIVE_REQUEST_SCORE = 0.5;
    public static final int DEFAULT_MIN_COERCIVE_REQUESTS = 5;
    public static final int DEFAULT_FULL_COERCIVE_REQUESTS = 100;
    public static final double DEFAULT_FULL_COERCIVE_SHARE = 0.5;
    public static final int DEFAULT_HARVEST_OUTPUT_TOKENS = 3000;
    public static final int DEFAULT_CAP_MAX_TOKENS = 8192;

    /**
     * Lexicon score (0-1) at which one request counts as coercing the full chain of thought.
     * Default {@value #DEFAULT_COERCIVE_REQUEST_SCORE}.
     */
    @DecimalMin(value = "0", inclusive = false)
    @DecimalMax("1")
    @JsonProperty
    private double coerciveRequestScore = DEFAULT_COERCIVE_REQUEST_SCORE;
    /**
     * Coercive requests below which a client is not reported (one curious user asks a few times).
     * Default {@value #DEFAULT_MIN_COERCIVE_REQUESTS}.
     */
    @Min(1)
    @JsonProperty
    private int minCoerciveRequests = DEFAULT_MIN_COERCIVE_REQUESTS;
    /**
     * Coercive requests at which the count part of the score reaches 1 (log scale from the minimum).
     * Default {@value #DEFAULT_FULL_COERCIVE_REQUESTS}.
     */
    @JsonProperty
    private int fullCoerciveRequests = DEFAULT_FULL_COERCIVE_REQUESTS;
    /**
     * Share of the client's requests that coerce at which the share part of the score reaches 1.
     * Default {@value #DEFAULT_FULL_COERCIVE_SHARE}.
     */
    @DecimalMin(value = "0", inclusive = false)
    @DecimalMax("1")
    @JsonProperty
    private double fullCoerciveShare = DEFAULT_FULL_COERCIVE_SHARE;
    /**
     * Mean output (completion plus reasoning) tokens of coercive requests at which harvest counts fully.
     * Default {@value #DEFAULT_HARVEST_OUTPUT_TOKENS}.
     */
    @Min(1)
    @JsonProperty
    private int harvestOutputTokens = DEFAULT_HARVEST_OUTPUT_TOKENS;
    /**
     * A {@code max_tokens} at or above this is "at the cap": asking for everything the model will write.
     * Default {@value #DEFAULT_CAP_MAX_TOKENS}.
     */
    @Min(1)
    @JsonProperty
    private int capMaxTokens = DEFAULT_CAP_MAX_TOKENS;

    public double coerciveRequestScore() {
        return coerciveRequestScore;
    }

    public ReasoningTraceCoercionConfig coerciveRequestScore(double coerciveRequestScore) {
        this.coerciveRequestScore = coerciveRequestScore;
        return this;
    }

    public int minCoerciveRequests() {
        return minCoerciveRequests;
    }

    public ReasoningTraceCoercionConfig minCoerciveRequests(int minCoerciveRequests) {
        this.minCoerciveRequests = minCoerciveRequests;
        return this;
    }

    public int fullCoerciveRequests() {
        return fullCoerciveRequests;
    }

    public ReasoningTraceCoercionConfig fullCoerciveRequests(int fullCoerciveRequests) {
        this.fullCoerciveRequests = fullCoerciveRequests;
        return this;
    }

    public double fullCoerciveShare() {
        return fullCoerciveShare;
    }

    public ReasoningTraceCoercionConfig fullCoerciveShare(double fullCoerciveShare) {
        this.fullCoerciveShare = fullCoerciveShare;
        return this;
    }

    public int harvestOutputTokens() {
        return harvestOutputTokens;
    }

    public ReasoningTraceCoercionConfig harvestOutputTokens(int harvestOutputTokens) {
        this.harvestOutputTokens = harvestOutputTokens;
        return this;
    }

    public int capMaxTokens() {
        return capMaxTokens;
    }

    public ReasoningTraceCoercionConfig capMaxTokens(int capMaxTokens) {
        this.capMaxTokens = capMaxTokens;
        return this;
    }

    @Override
    public String key() {
        return "detection.reasoningTraceCoercion";
    }

    @Override
    public String detectorName() {
        return ReasoningTraceCoercionDetector.NAME;
    }

    @Override
    public ReasoningTraceCoercionDetector create(DetectorContext context) {
        return new ReasoningTraceCoercionDetector(this);
    }
}
