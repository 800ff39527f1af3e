package dev.quarry.detectors.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Thresholds of {@link dev.quarry.detectors.detector.ReasoningTraceCoercionDetector}. See that
 * class for why each default is what it is. Mutable bean bound from YAML.
 */
public class ReasoningTraceCoercionConfig {
    /** Lexicon score (0-1) at which one request counts as coercing the full chain of thought. */
    @JsonProperty
    public double coerciveRequestScore = 0.5;
    /** Coercive requests below which a client is not reported (one curious user asks a few times). */
    @JsonProperty
    public int minCoerciveRequests = 5;
    /** Coercive requests at which the count part of the score reaches 1 (log scale from the minimum). */
    @JsonProperty
    public int fullCoerciveRequests = 100;
    /** Share of the client's requests that coerce at which the share part of the score reaches 1. */
    @JsonProperty
    public double fullCoerciveShare = 0.5;
    /** Mean output (completion plus reasoning) tokens of coercive requests at which harvest counts fully. */
    @JsonProperty
    public int harvestOutputTokens = 3000;
    /** A {@code max_tokens} at or above this is "at the cap": asking for everything the model will write. */
    @JsonProperty
    public int capMaxTokens = 8192;
}
