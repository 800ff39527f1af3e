package dev.quarry.detectors.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.quarry.detectors.detector.DetectorContext;
import dev.quarry.detectors.detector.DetectorSection;
import dev.quarry.detectors.detector.WatermarkEchoDetector;
import dev.quarry.detectors.watermark.WatermarkChecks;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * Thresholds of {@link dev.quarry.detectors.detector.WatermarkEchoDetector}, the
 * {@code watermark.echo:} section. See that class for why each default is what it is. The
 * detector runs only when a watermark key and {@code watermark.tokenizer} are both set: it is built
 * from the context's {@link WatermarkChecks}, which hold the whole {@code watermark} section with
 * this one, the keyed scheme and the tokenizer. Mutable bean bound from YAML.
 */
@KeyOrder(lower = "minTokens", upper = "maxPromptChars", orEqual = true)
@KeyOrder(lower = "minWatermarkedPrompts", upper = "fullWatermarkedPrompts")
public class WatermarkEchoConfig implements DetectorSection<WatermarkEchoDetector> {
    public static final boolean DEFAULT_ENABLED = true;
    public static final int DEFAULT_MIN_TOKENS = 50;
    public static final double DEFAULT_SAMPLE_RATE = 1.0;
    public static final int DEFAULT_MAX_PROMPT_CHARS = 8000;
    public static final double DEFAULT_PROMPT_ALPHA = 0.0;
    public static final double DEFAULT_CLIENT_ALPHA = 1e-6;
    public static final int DEFAULT_MIN_WATERMARKED_PROMPTS = 3;
    public static final int DEFAULT_FULL_WATERMARKED_PROMPTS = 30;
    public static final double DEFAULT_FULL_SHARE = 0.5;
    public static final double DEFAULT_BASE_WEIGHT = 0.3;
    public static final double DEFAULT_MAX_SCORE = 0.9;
    public static final int DEFAULT_SAMPLE_CHARS = 200;

    /**
     * Off: the detector is not added even when a key and a tokenizer are configured.
     * Default {@value #DEFAULT_ENABLED}.
     */
    @JsonProperty
    private boolean enabled = DEFAULT_ENABLED;
    /**
     * Scored tokens ({@code T}) a prompt needs before it is tested: a pasted fragment of a few
     * dozen tokens carries too little of the mark to pass {@code promptAlpha} (at T = 50 it takes
     * 27 green tokens of 50), and counting such prompts as scored would only dilute the count.
     * Default {@value #DEFAULT_MIN_TOKENS}.
     */
    @Min(1)
    @JsonProperty
    private int minTokens = DEFAULT_MIN_TOKENS;
    /**
     * Share of prompts tokenized and scored, chosen by a hash of the prompt's text (so replay and
     * live pick the same ones). Tokenizing cost about 1 ms per 70-token prompt on a loaded
     * 2-core machine; below 1 this bounds that cost at high volume, and the prompt counts below
     * are then counts of sampled prompts (scale {@code minWatermarkedPrompts} and {@code fullWatermarkedPrompts} with it).
     * Default {@value #DEFAULT_SAMPLE_RATE}.
     */
    @DecimalMin(value = "0", inclusive = false)
    @DecimalMax("1")
    @JsonProperty
    private double sampleRate = DEFAULT_SAMPLE_RATE;
    /**
     * Characters of a prompt's user text that are tokenized at most (bounds the per-event cost).
     * Default {@value #DEFAULT_MAX_PROMPT_CHARS}.
     */
    @JsonProperty
    private int maxPromptChars = DEFAULT_MAX_PROMPT_CHARS;
    /**
     * Significance level of one prompt's exact binomial test: the prompt counts as watermarked
     * when {@code P(X >= G | T, gamma) <= promptAlpha}. 0 (default): the normal upper tail of
     * {@code watermark.zThreshold}, 3.2e-5 at z = 4, so that key keeps its documented meaning.
     * Default {@value #DEFAULT_PROMPT_ALPHA}.
     */
    @DecimalMin("0")
    @DecimalMax(value = "1", inclusive = false)
    @JsonProperty
    private double promptAlpha = DEFAULT_PROMPT_ALPHA;
    /**
     * Level of the client-level test, over the client's whole life: the probability that a client
     * whose prompts carry no watermark is ever reported, however many prompts it sends (1e-6: about
     * one false alarm per million such clients). Spent over the count of watermarked prompts; see
     * {@link dev.quarry.detectors.detector.WatermarkEchoDetector}.
     * Default {@value #DEFAULT_CLIENT_ALPHA}.
     */
    @DecimalMin(value = "0", inclusive = false)
    @DecimalMax(value = "1", inclusive = false)
    @JsonProperty
    private double clientAlpha = DEFAULT_CLIENT_ALPHA;
    /**
     * Distinct watermarked prompts before the detector reports anything, whatever the client-level
     * test says (one pasted answer is not a loop).
     * Default {@value #DEFAULT_MIN_WATERMARKED_PROMPTS}.
     */
    @Min(1)
    @JsonProperty
    private int minWatermarkedPrompts = DEFAULT_MIN_WATERMARKED_PROMPTS;
    /**
     * Distinct watermarked prompts at which the volume part of the score reaches 1.
     * Default {@value #DEFAULT_FULL_WATERMARKED_PROMPTS}.
     */
    @JsonProperty
    private int fullWatermarkedPrompts = DEFAULT_FULL_WATERMARKED_PROMPTS;
    /**
     * Share of the client's scored prompts that are watermarked at which the share part reaches 1.
     * Default {@value #DEFAULT_FULL_SHARE}.
     */
    @DecimalMin(value = "0", inclusive = false)
    @DecimalMax("1")
    @JsonProperty
    private double fullShare = DEFAULT_FULL_SHARE;
    /**
     * Score at {@code minWatermarkedPrompts} (with full share), as a fraction of {@code maxScore}.
     * Default {@value #DEFAULT_BASE_WEIGHT}.
     */
    @DecimalMin("0")
    @DecimalMax("1")
    @JsonProperty
    private double baseWeight = DEFAULT_BASE_WEIGHT;
    /** Highest score the detector gives (at full volume and full share). Default {@value #DEFAULT_MAX_SCORE}. */
    @DecimalMin(value = "0", inclusive = false)
    @DecimalMax("1")
    @JsonProperty
    private double maxScore = DEFAULT_MAX_SCORE;
    /** Characters of a watermarked prompt kept as the evidence sample. Default {@value #DEFAULT_SAMPLE_CHARS}. */
    @Min(0)
    @Max(4000)
    @JsonProperty
    private int sampleChars = DEFAULT_SAMPLE_CHARS;

    public boolean enabled() {
        return enabled;
    }

    public WatermarkEchoConfig enabled(boolean enabled) {
        this.enabled = enabled;
        return this;
    }

    public int minTokens() {
        return minTokens;
    }

    public WatermarkEchoConfig minTokens(int minTokens) {
        this.minTokens = minTokens;
        return this;
    }

    public double sampleRate() {
        return sampleRate;
    }

    public WatermarkEchoConfig sampleRate(double sampleRate) {
        this.sampleRate = sampleRate;
        return this;
    }

    public int maxPromptChars() {
        return maxPromptChars;
    }

    public WatermarkEchoConfig maxPromptChars(int maxPromptChars) {
        this.maxPromptChars = maxPromptChars;
        return this;
    }

    public double promptAlpha() {
        return promptAlpha;
    }

    public WatermarkEchoConfig promptAlpha(double promptAlpha) {
        this.promptAlpha = promptAlpha;
        return this;
    }

    public double clientAlpha() {
        return clientAlpha;
    }

    public WatermarkEchoConfig clientAlpha(double clientAlpha) {
        this.clientAlpha = clientAlpha;
        return this;
    }

    public int minWatermarkedPrompts() {
        return minWatermarkedPrompts;
    }

    public WatermarkEchoConfig minWatermarkedPrompts(int minWatermarkedPrompts) {
        this.minWatermarkedPrompts = minWatermarkedPrompts;
        return this;
    }

    public int fullWatermarkedPrompts() {
        return fullWatermarkedPrompts;
    }

    public WatermarkEchoConfig fullWatermarkedPrompts(int fullWatermarkedPrompts) {
        this.fullWatermarkedPrompts = fullWatermarkedPrompts;
        return this;
    }

    public double fullShare() {
        return fullShare;
    }

    public WatermarkEchoConfig fullShare(double fullShare) {
        this.fullShare = fullShare;
        return this;
    }

    public double baseWeight() {
        return baseWeight;
    }

    public WatermarkEchoConfig baseWeight(double baseWeight) {
        this.baseWeight = baseWeight;
        return this;
    }

    public double maxScore() {
        return maxScore;
    }

    public WatermarkEchoConfig maxScore(double maxScore) {
        this.maxScore = maxScore;
        return this;
    }

    public int sampleChars() {
        return sampleChars;
    }

    public WatermarkEchoConfig sampleChars(int sampleChars) {
        this.sampleChars = sampleChars;
        return this;
    }

    @Override
    public String key() {
        return "watermark.echo";
    }

    @Override
    public String detectorName() {
        return WatermarkEchoDetector.NAME;
    }

    /** On, with a watermark key and a tokenizer in the context's checks. */
    @Override
    public boolean active(DetectorContext context) {
        return enabled && context.watermark().echoActive();
    }

    @Override
    public WatermarkEchoDetector create(DetectorContext context) {
        WatermarkChecks checks = context.watermark();
        return new WatermarkEchoDetector(checks.config(), checks.scheme(), checks.tokenizer());
    }
}
