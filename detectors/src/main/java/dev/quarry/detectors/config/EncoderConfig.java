package dev.quarry.detectors.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.quarry.detectors.encoder.TextEncoders;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which text encoder embeds prompts, the {@code detection.encoders} section. Encoder names:
 * {@code hashing} (feature hashing, {@link #hashingDimension} floats, microseconds per prompt, for
 * every event) and {@code minilm-l6-v2} (all-MiniLM-L6-v2 sentence embeddings, 384 floats, tens of
 * milliseconds per prompt on a CPU core: for sampled events, batches or a GPU). Mutable bean bound
 * from YAML and validated when loaded.
 */
public class EncoderConfig {
    /** The encoder names {@link dev.quarry.detectors.encoder.TextEncoders} builds, as a regular expression. */
    public static final String ENCODER_NAMES = TextEncoders.HASHING + "|" + TextEncoders.MINILM;
    public static final String DEFAULT_ENCODER = "hashing";
    public static final double DEFAULT_SEMANTIC_SAMPLE_RATE = 0.1;
    public static final int DEFAULT_HASHING_DIMENSION = 256;

    /**
     * Encoder of {@code PromptFeatures.embedding()}, computed for any event a detector asks.
     * Default {@value #DEFAULT_ENCODER}.
     */
    @NotNull
    @Pattern(regexp = ENCODER_NAMES, message = "must be hashing or minilm-l6-v2")
    @JsonProperty("default")
    private String defaultEncoder = DEFAULT_ENCODER;
    /**
     * Per-detector overrides, detector name to encoder name; detectors not listed use the default.
     * Empty by default.
     */
    @NotNull
    @JsonProperty
    private Map<String, @NotNull @Pattern(regexp = ENCODER_NAMES, message = "must be hashing or minilm-l6-v2") String>
            detectors = new TreeMap<>();
    /**
     * Share of events, picked by a hash of {@code event_id} (so replay == live), that a detector
     * with a semantic override embeds with it; 1 embeds every event. A detector that keeps
     * embeddings must compare only vectors of one encoder.
     * Default {@value #DEFAULT_SEMANTIC_SAMPLE_RATE}.
     */
    @DecimalMin("0")
    @DecimalMax("1")
    @JsonProperty
    private double semanticSampleRate = DEFAULT_SEMANTIC_SAMPLE_RATE;
    /** Floats per hashing-encoder vector. Default {@value #DEFAULT_HASHING_DIMENSION}. */
    @Min(8)
    @JsonProperty
    private int hashingDimension = DEFAULT_HASHING_DIMENSION;

    public String defaultEncoder() {
        return defaultEncoder;
    }

    public EncoderConfig defaultEncoder(String defaultEncoder) {
        this.defaultEncoder = defaultEncoder;
        return this;
    }

    public Map<String, String> detectors() {
        return detectors;
    }

    public EncoderConfig detectors(Map<String, String> detectors) {
        this.detectors = detectors;
        return this;
    }

    public double semanticSampleRate() {
        return semanticSampleRate;
    }

    public EncoderConfig semanticSampleRate(double semanticSampleRate) {
        this.semanticSampleRate = semanticSampleRate;
        return this;
    }

    public int hashingDimension() {
        return hashingDimension;
    }

    public EncoderConfig hashingDimension(int hashingDimension) {
        this.hashingDimension = hashingDimension;
        return this;
    }
}
