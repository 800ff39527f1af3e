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
     * Logged {@code response.token_ids} a response needs to be counted: at {@code gamma = 0.25} and
     * a sampler bias of about 2, 100 tokens are enough for a watermarked response to reach z 4 almost
     * always (Kirchenbauer et al. 2023, section 6), so short answers do not pull the share down.
     */
    @JsonProperty
    public int minTokens = 100;
    /** Responses per model in one tumbling window (counted in event order, not in time). */
    @JsonProperty
    public int windowResponses = 200;
    /**
     * Share of a window's responses that must score as watermarked; below it the model is
     * reported. Keep it well under the share a healthy endpoint shows (about 0.95 at the defaults).
     */
    @JsonProperty
    public double minShare = 0.8;
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
