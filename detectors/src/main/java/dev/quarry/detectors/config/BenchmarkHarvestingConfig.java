package dev.quarry.detectors.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Thresholds of {@link dev.quarry.detectors.detector.BenchmarkHarvestingDetector}. See that class
 * for why each default is what it is. Mutable bean bound from YAML. The reference sets themselves
 * come from the top-level {@code reference.dir}; without them the detector never fires.
 */
public class BenchmarkHarvestingConfig {
    /**
     * Distinct matched benchmark and instruction-set items below which nothing is reported (a
     * student asks a few dozen). Items of conversation sets are not counted.
     */
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
    /**
     * Distinct items of one set at which the set counts as walked. 20 is a quarter of MT-bench's
     * 80 questions, the smallest set harvesters walk (the same quarter as {@link #fullCoverage});
     * a student pastes a handful.
     */
    @JsonProperty
    public int minSourceItems = 20;
    /**
     * Walked sets at which a benchmark walk counts as harvesting breadth. 2: the hard negative, an
     * evaluation run, walks one benchmark (one lm-evaluation-harness task, one HELM scenario).
     */
    @JsonProperty
    public int multiSetSources = 2;
    /**
     * Factor of a walk of fewer than {@link #multiSetSources} benchmark sets without repeats. 0.45:
     * chosen below {@code fusion.medium} (0.5), so that one benchmark walked with worked answers -
     * a chain-of-thought evaluation run looks the same - is at most a low alert on its own.
     */
    @JsonProperty
    public double singleSetFactor = 0.45;
    /**
     * Matched prompts per distinct item at which the benchmark part of a walk counts as repeated
     * evaluation runs. 2: a second pass over the same items (another model, seed or checkpoint);
     * a harvester gains nothing from asking a temperature-0 item again. The discount ramps from
     * ratio 1.
     */
    @JsonProperty
    public double fullRepeatRatio = 2.0;
    /** Factor the benchmark part keeps at {@link #fullRepeatRatio} or more (chosen, not measured). */
    @JsonProperty
    public double repeatFactor = 0.4;
}
