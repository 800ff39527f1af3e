package dev.quarry.detectors.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Thresholds of {@link dev.quarry.detectors.detector.LogitBiasBisectionDetector}. See that class
 * for why each default is what it is. Mutable bean bound from YAML.
 */
public class LogitBiasBisectionConfig {
    /** Requests biasing more tokens than this are not single-token probes (sweeps have their own detector). */
    @JsonProperty
    public int maxProbeTokens = 4;
    /** Distinct bias values on one token at which the token counts as searched. */
    @JsonProperty
    public int minValuesPerToken = 5;
    /** Searched tokens below which a client is not reported (a developer tries one or two). */
    @JsonProperty
    public int watchTokens = 3;
    /** Searched tokens at which the count part of the score reaches 1 (log scale from watch_tokens). */
    @JsonProperty
    public int fullSearchTokens = 64;
    /** Tokens whose bias history is remembered (least recently probed forgotten). */
    @JsonProperty
    public int recentTokens = 16;
}
