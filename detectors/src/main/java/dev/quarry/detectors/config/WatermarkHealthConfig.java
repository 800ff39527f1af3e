package dev.quarry.detectors.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.quarry.detectors.alert.Severity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Thresholds of the watermark health monitor ({@link dev.quarry.detectors.watermark.WatermarkHealthProcessor}),
 * the {@code watermark.health:} section: is the endpoint still watermarking its own responses?
 * Runs only when a watermark key is set. Mutable bean bound from YAML.
 */
public class WatermarkHealthConfig {
    /** Off: no health branch in the topology even when a key is configured. */
    @JsonProperty
    public boolean enabled = true;
    /**
     * Token ids a response needs to be counted. The window test pools tokens, so short responses
     * would not bias it; the floor keeps one-word and label-token answers out of the monitor
     * (a client's logit bias, not the sampler's green list, picks those tokens), and their cost.
     */
    @JsonProperty
    public int minTokens = 100;
    /** Responses per model in one tumbling window (counted in event order, not in time). */
    @JsonProperty
    public int windowResponses = 200;
    /**
     * Level of both exact tests on a window's pooled green count: the window counts as "off" when
     * {@code P(X >= G | T, gamma)} is above it (the greens are what chance gives without the
     * watermark), and as "weakened" when {@code P(X <= G | T, floor)} is at most it. 1e-6: an
     * endpoint that stopped watermarking passes as healthy once in a million windows; a
     * watermarking one shows {@code P(X >= G)} far below 1e-100 at the defaults.
     */
    @JsonProperty
    public double alpha = 1e-6;
    /**
     * Share of the model's recent watermark strength (green fraction above {@code gamma}) below
     * which a window counts as weakened: {@code floor = gamma + minRelativeStrength * (baseline - gamma)}.
     * 0.6 catches half the responses losing the mark (one of two replicas, say), which halves the strength.
     */
    @JsonProperty
    public double minRelativeStrength = 0.6;
    /**
     * Windows the baseline green fraction averages over: a running mean of the first ones, then an
     * exponential average with weight {@code 1 / baselineWindows}, over the windows that were not "off".
     */
    @JsonProperty
    public int baselineWindows = 5;
    /**
     * Deprecated and ignored: the share of a window's responses at {@code z >= zThreshold}. The
     * monitor now tests the window's pooled green count exactly ({@link #alpha},
     * {@link #minRelativeStrength}); a configuration that still sets it loads, with a warning.
     */
    @Deprecated
    @JsonProperty(access = JsonProperty.Access.WRITE_ONLY)
    public Double minShare;
    /**
     * Severity of a health alert. {@code medium} (default) means "something is wrong and needs
     * action": the endpoint's outputs are leaving unmarked, so distillation from them can no
     * longer be proven later.
     */
    @JsonProperty
    public Severity severity = Severity.MEDIUM;
    /**
     * Models expected to be watermarked from their first window. Any other model is only watched
     * once one of its windows was healthy, so a model that is never watermarked (an embedding
     * model, a third-party model) does not alert forever.
     */
    @JsonProperty
    public List<String> expectedModels = new ArrayList<>();
    /**
     * Share of responses without {@code token_ids} whose text is tokenized with
     * {@code watermark.tokenizer} for the monitor (picked by event id, so replay agrees); 0 turns
     * text off. Responses that log {@code token_ids} are always used. Tokenizing is the cost
     * (about 1 ms per 70 tokens on a loaded 2-core machine), and a share estimate needs a sample,
     * not every response.
     */
    @JsonProperty
    public double textSampleRate = 0.1;
    /** Characters of a response's text that are tokenized at most. */
    @JsonProperty
    public int maxTextChars = 8000;
    /** Event time between flushes of a partly filled scoring batch (stream-time punctuation). */
    @JsonProperty
    public Duration flushEvery = Duration.ofSeconds(10);
}
