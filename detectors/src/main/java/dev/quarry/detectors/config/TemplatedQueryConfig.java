package dev.quarry.detectors.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Thresholds of {@link dev.quarry.detectors.detector.TemplatedQueryDetector}. See that class for
 * why each default is what it is. Mutable bean bound from YAML.
 */
public class TemplatedQueryConfig {
    /** MinHash slots per prompt signature. */
    @JsonProperty
    public int signatureSlots = 64;
    /** Seed of the MinHash family; changing it invalidates stored template state. */
    @JsonProperty
    public long signatureSeed = 0x51A2_77E5L;
    /** Estimated Jaccard similarity at which a prompt joins an existing template. */
    @JsonProperty
    public double joinSimilarity = 0.2;
    /** Templates remembered per client (least used evicted). */
    @JsonProperty
    public int maxTemplates = 16;
    /** Prompts with fewer words are not fingerprinted ("thanks", "go on"). */
    @JsonProperty
    public int minWords = 4;
    /** Fingerprinted prompts needed before the detector scores a client. */
    @JsonProperty
    public int minQueries = 30;
    /** Share of a client's prompts in its dominant template below which it is not templated. */
    @JsonProperty
    public double minTemplateShare = 0.5;
    /** Distinct-prompt ratio at which fill diversity counts fully (repeating one prompt is not filling a template). */
    @JsonProperty
    public double fullFillDiversity = 0.8;
    /** Fingerprinted prompts at which the volume part of the score reaches 1. */
    @JsonProperty
    public int fullVolumeQueries = 200;
}
