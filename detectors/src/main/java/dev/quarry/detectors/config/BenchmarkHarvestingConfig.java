package dev.quarry.detectors.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Thresholds of {@link dev.quarry.detectors.detector.BenchmarkHarvestingDetector}. See that class
 * for why each default is what it is. Mutable bean bound from YAML. The reference sets themselves
 * come from the top-level {@code reference.dir}; without them the detector never fires.
 */
public class BenchmarkHarvestingConfig {
    /** Distinct matched benchmark items below which nothing is reported (a student asks a few dozen). */
    @JsonProperty
    public int watchItems = 50;
    /** Distinct matched benchmark items at which the volume part of the score reaches 1. */
    @JsonProperty
    public int fullItems = 300;
    /** Share of a client's prompts that repeat reference items below which nothing is reported. */
    @JsonProperty
    public double minShare = 0.5;
    /** Share at which the share part of the score reaches 1. */
    @JsonProperty
    public double fullShare = 0.8;
    /** Coverage of one dataset (distinct items / its size) that counts as full volume on its own. */
    @JsonProperty
    public double fullCoverage = 0.25;
    /**
     * A matched request whose {@code max_tokens} is at most this asks for an answer letter, not an
     * answer: the mark of an evaluation harness.
     */
    @JsonProperty
    public int evaluationMaxTokens = 5;
    /** A matched request asking for at least this many {@code max_tokens} asks for a worked answer. */
    @JsonProperty
    public int harvestMaxTokens = 256;
    /** Without {@code max_tokens}, a matched request whose answer has this many tokens harvested one. */
    @JsonProperty
    public int harvestCompletionTokens = 150;
    /** Datasets whose matched item ids are kept per client (the ones with most matches stay). */
    @JsonProperty
    public int maxSources = 8;
}
