package dev.quarry.detectors.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Thresholds of {@link dev.quarry.detectors.detector.CapabilityCoverageDetector}. See that class
 * for why each default is what it is. Mutable bean bound from YAML.
 */
public class CapabilityCoverageConfig {
    /** Signed random hyperplanes of the LSH bucketing (bucket ids 0 .. 2^planes - 1, at most 12). */
    @JsonProperty
    public int lshPlanes = 10;
    /** Seed of the hyperplanes; changing it invalidates stored bucket sets. */
    @JsonProperty
    public long lshSeed = 0x0C0F_E4A6L;
    /** Prompts per tumbling window (block) over which coverage, rate and the MMD test are computed. */
    @JsonProperty
    public int windowPrompts = 32;
    /** Prompts with fewer words are not counted ("thanks", "go on"). */
    @JsonProperty
    public int minWords = 4;
    /** Requests with {@code max_tokens} at or below this harvest no output (evaluation runs) and are skipped. */
    @JsonProperty
    public int minMaxTokens = 16;
    /** Counted prompts before the detector scores a client. */
    @JsonProperty
    public int minQueries = 64;
    /** Counted prompts at which the volume part of the score reaches 1. */
    @JsonProperty
    public int fullVolumeQueries = 512;
    /** Prompts per event-time hour within a window at or below which the pace is human (rate part 0). */
    @JsonProperty
    public double humanPromptsPerHour = 60;
    /** Prompts per event-time hour within a window at which the rate part of the score reaches 1. */
    @JsonProperty
    public double fullPromptsPerHour = 240;
    /** Share of a window's prompts in distinct LSH buckets at which the breadth part reaches 1. */
    @JsonProperty
    public double fullBucketShare = 0.8;
    /** Mean per-request distillation score of a window at which the instruction part reaches 1. */
    @JsonProperty
    public double fullInstructionScore = 0.6;
    /** MMD^2 in units of its null standard deviation below which a window does not differ from benign chat. */
    @JsonProperty
    public double mmdZ = 3;
    /** MMD^2 in null standard deviations at which the distribution-shift part reaches 1. */
    @JsonProperty
    public double fullMmdZ = 30;
    /**
     * Words a prompt's opening instruction is read from ("write a product description", "translate
     * the following text"): four, so that questions that share only "what is the" still differ.
     */
    @JsonProperty
    public int taskWords = 4;
    /**
     * Share of a window's prompts with distinct openers at or below which the window is one task:
     * a product phrases its task in a few ways (one per feature or template), so up to about 5 of
     * 32 prompts; the task part of the score is 0 there.
     */
    @JsonProperty
    public double productTaskShare = 0.15;
    /**
     * Share of distinct openers at which the task part reaches 1: 13 of 32 prompts opening
     * differently is no longer one product's handful of templates.
     */
    @JsonProperty
    public double fullTaskShare = 0.4;
}
