package dev.quarry.detectors.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Thresholds of {@link dev.quarry.detectors.detector.LogitBiasSweepDetector}. See that class for
 * why each default is what it is. Mutable bean bound from YAML.
 */
public class LogitBiasSweepConfig {
    /** Distinct biased token ids below which a client is not looked at (classifiers pin 2-20). */
    @JsonProperty
    public int watchTokens = 64;
    /** Distinct biased token ids at which the sweep part of the score reaches 1. */
    @JsonProperty
    public int fullSweepTokens = 8192;
    /** Repeats of one prompt with a different bias set at which that part of the score reaches 1. */
    @JsonProperty
    public int variedBiasRepeats = 20;
    /** How many recent prompts the detector remembers to spot repeats with varied bias. */
    @JsonProperty
    public int recentPrompts = 64;
}
