package dev.quarry.detectors.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Thresholds of {@link dev.quarry.detectors.detector.WatermarkEchoDetector}, the
 * {@code watermark.echo:} section. See that class for why each default is what it is. The
 * detector runs only when a watermark key and {@code watermark.tokenizer} are both set. Mutable
 * bean bound from YAML.
 */
public class WatermarkEchoConfig {
    /** Off: the detector is not added even when a key and a tokenizer are configured. */
    @JsonProperty
    public boolean enabled = true;
    /**
     * Scored tokens ({@code T}) a prompt needs before it is tested: a pasted fragment of a few
     * dozen tokens carries too little of the mark to pass {@code promptAlpha} (at T = 50 it takes
     * 27 green tokens of 50), and counting such prompts as scored would only dilute the count.
     */
    @JsonProperty
    public int minTokens = 50;
    /**
     * Share of prompts tokenized and scored, chosen by a hash of the prompt's text (so replay and
     * live pick the same ones). Tokenizing cost about 1 ms per 70-token prompt on a loaded
     * 2-core machine; below 1 this bounds that cost at high volume, and the prompt counts below
     * are then counts of sampled prompts (scale {@code minWatermarkedPrompts} and {@code fullWatermarkedPrompts} with it).
     */
    @JsonProperty
    public double sampleRate = 1.0;
    /** Characters of a prompt's user text that are tokenized at most (bounds the per-event cost). */
    @JsonProperty
    public int maxPromptChars = 8000;
    /**
     * Significance level of one prompt's exact binomial test: the prompt counts as watermarked
     * when {@code P(X >= G | T, gamma) <= promptAlpha}. 0 (default): the normal upper tail of
     * {@code watermark.zThreshold}, 3.2e-5 at z = 4, so that key keeps its documented meaning.
     */
    @JsonProperty
    public double promptAlpha = 0.0;
    /**
     * Level of the client-level test, over the client's whole life: the probability that a client
     * whose prompts carry no watermark is ever reported, however many prompts it sends (1e-6: about
     * one false alarm per million such clients). Spent over the count of watermarked prompts; see
     * {@link dev.quarry.detectors.detector.WatermarkEchoDetector}.
     */
    @JsonProperty
    public double clientAlpha = 1e-6;
    /**
     * Distinct watermarked prompts before the detector reports anything, whatever the client-level
     * test says (one pasted answer is not a loop).
     */
    @JsonProperty
    public int minWatermarkedPrompts = 3;
    /** Distinct watermarked prompts at which the volume part of the score reaches 1. */
    @JsonProperty
    public int fullWatermarkedPrompts = 30;
    /** Share of the client's scored prompts that are watermarked at which the share part reaches 1. */
    @JsonProperty
    public double fullShare = 0.5;
    /** Score at {@code minWatermarkedPrompts} (with full share), as a fraction of {@code maxScore}. */
    @JsonProperty
    public double baseWeight = 0.3;
    /** Highest score the detector gives (at full volume and full share). */
    @JsonProperty
    public double maxScore = 0.9;
    /** Characters of a watermarked prompt kept as the evidence sample. */
    @JsonProperty
    public int sampleChars = 200;
}
