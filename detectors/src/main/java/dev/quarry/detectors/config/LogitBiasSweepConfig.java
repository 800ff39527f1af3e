package dev.quarry.detectors.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.quarry.detectors.detector.DetectorContext;
import dev.quarry.detectors.detector.DetectorSection;
import dev.quarry.detectors.detector.LogitBiasSweepDetector;
import jakarta.validation.constraints.Min;

/**
 * Thresholds of {@link dev.quarry.detectors.detector.LogitBiasSweepDetector}. See that class for
 * why each default is what it is. Mutable bean bound from YAML and validated when loaded.
 */
@KeyOrder(lower = "watchTokens", upper = "fullSweepTokens")
public class LogitBiasSweepConfig implements DetectorSection<LogitBiasSweepDetector> {
    public static final int DEFAULT_WATCH_TOKENS = 64;
    public static final int DEFAULT_FULL_SWEEP_TOKENS = 8192;
    public static final int DEFAULT_VARIED_BIAS_REPEATS = 20;
    public static final int DEFAULT_RECENT_PROMPTS = 64;

    /**
     * Distinct biased token ids below which a client is not looked at (classifiers pin 2-20).
     * Default {@value #DEFAULT_WATCH_TOKENS}.
     */
    @Min(1)
    @JsonProperty
    private int watchTokens = DEFAULT_WATCH_TOKENS;
    /**
     * Distinct biased token ids at which the sweep part of the score reaches 1.
     * Default {@value #DEFAULT_FULL_SWEEP_TOKENS}.
     */
    @JsonProperty
    private int fullSweepTokens = DEFAULT_FULL_SWEEP_TOKENS;
    /**
     * Repeats of one prompt with a different bias set at which that part of the score reaches 1.
     * Default {@value #DEFAULT_VARIED_BIAS_REPEATS}.
     */
    @Min(1)
    @JsonProperty
    private int variedBiasRepeats = DEFAULT_VARIED_BIAS_REPEATS;
    /**
     * How many recent prompts the detector remembers to spot repeats with varied bias.
     * Default {@value #DEFAULT_RECENT_PROMPTS}.
     */
    @Min(1)
    @JsonProperty
    private int recentPrompts = DEFAULT_RECENT_PROMPTS;

    public int watchTokens() {
        return watchTokens;
    }

    public LogitBiasSweepConfig watchTokens(int watchTokens) {
        this.watchTokens = watchTokens;
        return this;
    }

    public int fullSweepTokens() {
        return fullSweepTokens;
    }

    public LogitBiasSweepConfig fullSweepTokens(int fullSweepTokens) {
        this.fullSweepTokens = fullSweepTokens;
        return this;
    }

    public int variedBiasRepeats() {
        return variedBiasRepeats;
    }

    public LogitBiasSweepConfig variedBiasRepeats(int variedBiasRepeats) {
        this.variedBiasRepeats = variedBiasRepeats;
        return this;
    }

    public int recentPrompts() {
        return recentPrompts;
    }

    public LogitBiasSweepConfig recentPrompts(int recentPrompts) {
        this.recentPrompts = recentPrompts;
        return this;
    }

    @Override
    public String key() {
        return "detection.logitBiasSweep";
    }

    @Override
    public String detectorName() {
        return LogitBiasSweepDetector.NAME;
    }

    @Override
    public LogitBiasSweepDetector create(DetectorContext context) {
        return new LogitBiasSweepDetector(this);
    }
}
