package dev.quarry.detectors.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.quarry.detectors.detector.DetectorContext;
import dev.quarry.detectors.detector.DetectorSection;
import dev.quarry.detectors.detector.LogitBiasBisectionDetector;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * Thresholds of {@link dev.quarry.detectors.detector.LogitBiasBisectionDetector}. See that class
 * for why each default is what it is. Mutable bean bound from YAML and validated when loaded.
 */
@KeyOrder(lower = "watchTokens", upper = "fullSearchTokens")
public class LogitBiasBisectionConfig implements DetectorSection<LogitBiasBisectionDetector> {
    /** Distinct bias values the detector keeps per token: the highest {@code minValuesPerToken} it can reach. */
    public static final int MAX_VALUES_PER_TOKEN = 16;
    public static final int DEFAULT_MAX_PROBE_TOKENS = 4;
    public static final int DEFAULT_MIN_VALUES_PER_TOKEN = 5;
    public static final int DEFAULT_WATCH_TOKENS = 3;
    public static final int DEFAULT_FULL_SEARCH_TOKENS = 64;
    public static final int DEFAULT_RECENT_TOKENS = 16;

    /**
     * Requests biasing more tokens than this are not single-token probes (sweeps have their own detector).
     * Default {@value #DEFAULT_MAX_PROBE_TOKENS}.
     */
    @Min(1)
    @JsonProperty
    private int maxProbeTokens = DEFAULT_MAX_PROBE_TOKENS;
    /**
     * Distinct bias values on one token at which the token counts as searched, 2 to
     * {@value #MAX_VALUES_PER_TOKEN}.
     * Default {@value #DEFAULT_MIN_VALUES_PER_TOKEN}.
     */
    @Min(2)
    @Max(MAX_VALUES_PER_TOKEN)
    @JsonProperty
    private int minValuesPerToken = DEFAULT_MIN_VALUES_PER_TOKEN;
    /**
     * Searched tokens below which a client is not reported (a developer tries one or two).
     * Default {@value #DEFAULT_WATCH_TOKENS}.
     */
    @Min(1)
    @JsonProperty
    private int watchTokens = DEFAULT_WATCH_TOKENS;
    /**
     * Searched tokens at which the count part of the score reaches 1 (log scale from {@code watchTokens}).
     * Default {@value #DEFAULT_FULL_SEARCH_TOKENS}.
     */
    @JsonProperty
    private int fullSearchTokens = DEFAULT_FULL_SEARCH_TOKENS;
    /**
     * Tokens whose bias history is remembered (least recently probed forgotten).
     * Default {@value #DEFAULT_RECENT_TOKENS}.
     */
    @Min(1)
    @JsonProperty
    private int recentTokens = DEFAULT_RECENT_TOKENS;

    public int maxProbeTokens() {
        return maxProbeTokens;
    }

    public LogitBiasBisectionConfig maxProbeTokens(int maxProbeTokens) {
        this.maxProbeTokens = maxProbeTokens;
        return this;
    }

    public int minValuesPerToken() {
        return minValuesPerToken;
    }

    public LogitBiasBisectionConfig minValuesPerToken(int minValuesPerToken) {
        this.minValuesPerToken = minValuesPerToken;
        return this;
    }

    public int watchTokens() {
        return watchTokens;
    }

    public LogitBiasBisectionConfig watchTokens(int watchTokens) {
        this.watchTokens = watchTokens;
        return this;
    }

    public int fullSearchTokens() {
        return fullSearchTokens;
    }

    public LogitBiasBisectionConfig fullSearchTokens(int fullSearchTokens) {
        this.fullSearchTokens = fullSearchTokens;
        return this;
    }

    public int recentTokens() {
        return recentTokens;
    }

    public LogitBiasBisectionConfig recentTokens(int recentTokens) {
        this.recentTokens = recentTokens;
        return this;
    }

    @Override
    public String key() {
        return "detection.logitBiasBisection";
    }

    @Override
    public String detectorName() {
        return LogitBiasBisectionDetector.NAME;
    }

    @Override
    public LogitBiasBisectionDetector create(DetectorContext context) {
        return new LogitBiasBisectionDetector(this);
    }
}
