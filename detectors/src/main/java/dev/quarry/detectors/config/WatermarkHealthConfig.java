package dev.quarry.detectors.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.quarry.detectors.alert.Severity;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.validator.constraints.time.DurationMin;

/**
 * Thresholds of the watermark health monitor ({@link dev.quarry.detectors.watermark.WatermarkHealthProcessor}),
 * the {@code watermark.health:} section: is the endpoint still watermarking its own responses?
 * Runs only when a watermark key is set. Mutable bean bound from YAML and validated when loaded.
 */
@KeyOrder(lower = "minTokens", upper = "maxTextChars", orEqual = true)
public class WatermarkHealthConfig {
    public static final boolean DEFAULT_ENABLED = true;
    public static final int DEFAULT_MIN_TOKENS = 100;
    public static final int DEFAULT_WINDOW_RESPONSES = 200;
    public static final double DEFAULT_ALPHA = 1e-6;
    public static final double DEFAULT_MIN_RELATIVE_STRENGTH = 0.6;
    public static final int DEFAULT_BASELINE_WINDOWS = 5;
    public static final Severity DEFAULT_SEVERITY = Severity.MEDIUM;
    public static final double DEFAULT_TEXT_SAMPLE_RATE = 0.1;
    public static final int DEFAULT_MAX_TEXT_CHARS = 8000;
    public static final Duration DEFAULT_FLUSH_EVERY = Duration.ofSeconds(10);

    /** Off: no health branch in the topology even when a key is configured. Default {@value #DEFAULT_ENABLED}. */
    @JsonProperty
    private boolean enabled = DEFAULT_ENABLED;
    /**
     * Token ids a response needs to be counted. The window test pools tokens, so short responses
     * would not bias it; the floor keeps one-word and label-token answers out of the monitor
     * (a client's logit bias, not the sampler's green list, picks those tokens), and their cost.
     * Default {@value #DEFAULT_MIN_TOKENS}.
     */
    @Min(2)
    @JsonProperty
    private int minTokens = DEFAULT_MIN_TOKENS;
    /**
     * Responses per model in one tumbling window (counted in event order, not in time).
     * Default {@value #DEFAULT_WINDOW_RESPONSES}.
     */
    @Min(1)
    @JsonProperty
    private int windowResponses = DEFAULT_WINDOW_RESPONSES;
    /**
     * Level of both exact tests on a window's pooled green count: the window counts as "off" when
     * {@code P(X >= G | T, gamma)} is above it (the greens are what chance gives without the
     * watermark), and as "weakened" when {@code P(X <= G | T, floor)} is at most it. 1e-6: an
     * endpoint that stopped watermarking passes as healthy once in a million windows; a
     * watermarking one shows {@code P(X >= G)} far below 1e-100 at the defaults.
     * Default {@value #DEFAULT_ALPHA}.
     */
    @DecimalMin(value = "0", inclusive = false)
    @DecimalMax(value = "1", inclusive = false)
    @JsonProperty
    private double alpha = DEFAULT_ALPHA;
    /**
     * Share of the model's recent watermark strength (green fraction above {@code gamma}) below
     * which a window counts as weakened: {@code floor = gamma + minRelativeStrength * (baseline - gamma)}.
     * 0.6 catches half the responses losing the mark (one of two replicas, say), which halves the strength.
     * Default {@value #DEFAULT_MIN_RELATIVE_STRENGTH}.
     */
    @DecimalMin("0")
    @DecimalMax(value = "1", inclusive = false)
    @JsonProperty
    private double minRelativeStrength = DEFAULT_MIN_RELATIVE_STRENGTH;
    /**
     * Windows the baseline green fraction averages over: a running mean of the first ones, then an
     * exponential average with weight {@code 1 / baselineWindows}, over the windows that were not "off".
     * Default {@value #DEFAULT_BASELINE_WINDOWS}.
     */
    @Min(1)
    @JsonProperty
    private int baselineWindows = DEFAULT_BASELINE_WINDOWS;
    /**
     * Deprecated and ignored: the share of a window's responses at {@code z >= zThreshold}. The
     * monitor now tests the window's pooled green count exactly ({@link #alpha},
     * {@link #minRelativeStrength}); a configuration that still sets it loads, with a warning.
     */
    @Deprecated
    @JsonProperty(access = JsonProperty.Access.WRITE_ONLY)
    private Double minShare;
    /**
     * Severity of a health alert. {@code medium} (default) means "something is wrong and needs
     * action": the endpoint's outputs are leaving unmarked, so distillation from them can no
     * longer be proven later.
     * Default {@code medium}.
     */
    @NotNull
    @JsonProperty
    private Severity severity = DEFAULT_SEVERITY;
    /**
     * Models expected to be watermarked from their first window. Any other model is only watched
     * once one of its windows was healthy, so a model that is never watermarked (an embedding
     * model, a third-party model) does not alert forever.
     */
    @NotNull
    @JsonProperty
    private List<String> expectedModels = new ArrayList<>();
    /**
     * Share of responses without {@code token_ids} whose text is tokenized with
     * {@code watermark.tokenizer} for the monitor (picked by event id, so replay agrees); 0 turns
     * text off. Responses that log {@code token_ids} are always used. Tokenizing is the cost
     * (about 1 ms per 70 tokens on a loaded 2-core machine), and a share estimate needs a sample,
     * not every response.
     * Default {@value #DEFAULT_TEXT_SAMPLE_RATE}.
     */
    @DecimalMin("0")
    @DecimalMax("1")
    @JsonProperty
    private double textSampleRate = DEFAULT_TEXT_SAMPLE_RATE;
    /** Characters of a response's text that are tokenized at most. Default {@value #DEFAULT_MAX_TEXT_CHARS}. */
    @JsonProperty
    private int maxTextChars = DEFAULT_MAX_TEXT_CHARS;
    /** Event time between flushes of a partly filled scoring batch (stream-time punctuation). Default {@code PT10S}. */
    @NotNull
    @DurationMin(millis = 1, message = "must be a positive duration")
    @JsonProperty
    private Duration flushEvery = DEFAULT_FLUSH_EVERY;

    public boolean enabled() {
        return enabled;
    }

    public WatermarkHealthConfig enabled(boolean enabled) {
        this.enabled = enabled;
        return this;
    }

    public int minTokens() {
        return minTokens;
    }

    public WatermarkHealthConfig minTokens(int minTokens) {
        this.minTokens = minTokens;
        return this;
    }

    public int windowResponses() {
        return windowResponses;
    }

    public WatermarkHealthConfig windowResponses(int windowResponses) {
        this.windowResponses = windowResponses;
        return this;
    }

    public double alpha() {
        return alpha;
    }

    public WatermarkHealthConfig alpha(double alpha) {
        this.alpha = alpha;
        return this;
    }

    public double minRelativeStrength() {
        return minRelativeStrength;
    }

    public WatermarkHealthConfig minRelativeStrength(double minRelativeStrength) {
        this.minRelativeStrength = minRelativeStrength;
        return this;
    }

    public int baselineWindows() {
        return baselineWindows;
    }

    public WatermarkHealthConfig baselineWindows(int baselineWindows) {
        this.baselineWindows = baselineWindows;
        return this;
    }

    @Deprecated
    public Double minShare() {
        return minShare;
    }

    @Deprecated
    public WatermarkHealthConfig minShare(Double minShare) {
        this.minShare = minShare;
        return this;
    }

    public Severity severity() {
        return severity;
    }

    public WatermarkHealthConfig severity(Severity severity) {
        this.severity = severity;
        return this;
    }

    public List<String> expectedModels() {
        return expectedModels;
    }

    public WatermarkHealthConfig expectedModels(List<String> expectedModels) {
        this.expectedModels = expectedModels;
        return this;
    }

    public double textSampleRate() {
        return textSampleRate;
    }

    public WatermarkHealthConfig textSampleRate(double textSampleRate) {
        this.textSampleRate = textSampleRate;
        return this;
    }

    public int maxTextChars() {
        return maxTextChars;
    }

    public WatermarkHealthConfig maxTextChars(int maxTextChars) {
        this.maxTextChars = maxTextChars;
        return this;
    }

    public Duration flushEvery() {
        return flushEvery;
    }

    public WatermarkHealthConfig flushEvery(Duration flushEvery) {
        this.flushEvery = flushEvery;
        return this;
    }
}
