package dev.quarry.detectors.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which text encoder embeds prompts, the {@code detection.encoders} section. Encoder names:
 * {@code hashing} (feature hashing, {@link #hashingDimension} floats, microseconds per prompt, for
 * every event) and {@code minilm-l6-v2} (all-MiniLM-L6-v2 sentence embeddings, 384 floats, tens of
 * milliseconds per prompt on a CPU core: for sampled events, batches or a GPU). Mutable bean bound
 * from YAML.
 */
public class EncoderConfig {
    /** Encoder of {@code PromptFeatures.embedding()}, computed for any event a detector asks. */
    @JsonProperty("default")
    public String defaultEncoder = "hashing";
    /** Per-detector overrides, detector name to encoder name; detectors not listed use the default. */
    @JsonProperty
    public Map<String, String> detectors = new TreeMap<>();
    /**
     * Share of events, picked by a hash of {@code event_id} (so replay == live), that a detector
     * with a semantic override embeds with it; 1 embeds every event. A detector that keeps
     * embeddings must compare only vectors of one encoder.
     */
    @JsonProperty
    public double semanticSampleRate = 0.1;
    /** Floats per hashing-encoder vector. */
    @JsonProperty
    public int hashingDimension = 256;
}
