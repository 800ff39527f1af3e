package dev.quarry.detectors.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.quarry.detectors.detector.DetectorContext;
import dev.quarry.detectors.detector.DetectorSection;
import dev.quarry.detectors.detector.TemplatedQueryDetector;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;

/**
 * Thresholds of {@link dev.quarry.detectors.detector.TemplatedQueryDetector}. See that class for
 * why each default is what it is. It joins templates on the shared prompt signatures
 * ({@code detection.signatures}), which need enough slots to resolve {@link #joinSimilarity}.
 * Mutable bean bound from YAML and validated when loaded.
 */
@KeyOrder(lower = "minQueries", upper = "fullVolumeQueries", orEqual = true)
public class TemplatedQueryConfig implements DetectorSection<TemplatedQueryDetector>, SignatureUser {
    public static final double DEFAULT_JOIN_SIMILARITY = 0.2;
    public static final int DEFAULT_MAX_TEMPLATES = 16;
    public static final int DEFAULT_MIN_WORDS = 4;
    public static final int DEFAULT_MIN_QUERIES = 30;
    public static final double DEFAULT_MIN_TEMPLATE_SHARE = 0.5;
    public static final double DEFAULT_FULL_FILL_DIVERSITY = 0.8;
    public static final int DEFAULT_FULL_VOLUME_QUERIES = 200;

    /**
     * Estimated Jaccard similarity at which a prompt joins an existing template.
     * Default {@value #DEFAULT_JOIN_SIMILARITY}.
     */
    @DecimalMin("0")
    @DecimalMax("1")
    @JsonProperty
    private double joinSimilarity = DEFAULT_JOIN_SIMILARITY;
    /** Templates remembered per client (least used evicted). Default {@value #DEFAULT_MAX_TEMPLATES}. */
    @Min(1)
    @JsonProperty
    private int maxTemplates = DEFAULT_MAX_TEMPLATES;
    /** Prompts with fewer words are not fingerprinted ("thanks", "go on"). Default {@value #DEFAULT_MIN_WORDS}. */
    @Min(1)
    @JsonProperty
    private int minWords = DEFAULT_MIN_WORDS;
    /** Fingerprinted prompts needed before the detector scores a client. Default {@value #DEFAULT_MIN_QUERIES}. */
    @Min(1)
    @JsonProperty
    private int minQueries = DEFAULT_MIN_QUERIES;
    /**
     * Share of a client's prompts in its dominant template below which it is not templated.
     * Default {@value #DEFAULT_MIN_TEMPLATE_SHARE}.
     */
    @DecimalMin("0")
    @DecimalMax("1")
    @JsonProperty
    private double minTemplateShare = DEFAULT_MIN_TEMPLATE_SHARE;
    /**
     * Distinct-prompt ratio at which fill diversity counts fully (repeating one prompt is not filling a template).
     * Default {@value #DEFAULT_FULL_FILL_DIVERSITY}.
     */
    @DecimalMin(value = "0", inclusive = false)
    @DecimalMax("1")
    @JsonProperty
    private double fullFillDiversity = DEFAULT_FULL_FILL_DIVERSITY;
    /**
     * Fingerprinted prompts at which the volume part of the score reaches 1.
     * Default {@value #DEFAULT_FULL_VOLUME_QUERIES}.
     */
    @JsonProperty
    private int fullVolumeQueries = DEFAULT_FULL_VOLUME_QUERIES;

    public double joinSimilarity() {
        return joinSimilarity;
    }

    public TemplatedQueryConfig joinSimilarity(double joinSimilarity) {
        this.joinSimilarity = joinSimilarity;
        return this;
    }

    public int maxTemplates() {
        return maxTemplates;
    }

    public TemplatedQueryConfig maxTemplates(int maxTemplates) {
        this.maxTemplates = maxTemplates;
        return this;
    }

    public int minWords() {
        return minWords;
    }

    public TemplatedQueryConfig minWords(int minWords) {
        this.minWords = minWords;
        return this;
    }

    public int minQueries() {
        return minQueries;
    }

    public TemplatedQueryConfig minQueries(int minQueries) {
        this.minQueries = minQueries;
        return this;
    }

    public double minTemplateShare() {
        return minTemplateShare;
    }

    public TemplatedQueryConfig minTemplateShare(double minTemplateShare) {
        this.minTemplateShare = minTemplateShare;
        return this;
    }

    public double fullFillDiversity() {
        return fullFillDiversity;
    }

    public TemplatedQueryConfig fullFillDiversity(double fullFillDiversity) {
        this.fullFillDiversity = fullFillDiversity;
        return this;
    }

    public int fullVolumeQueries() {
        return fullVolumeQueries;
    }

    public TemplatedQueryConfig fullVolumeQueries(int fullVolumeQueries) {
        this.fullVolumeQueries = fullVolumeQueries;
        return this;
    }

    /** Enough slots that one equal slot alone stays under {@link #joinSimilarity}. */
    @Override
    public Need signatureNeed() {
        return new Need(SignatureConfig.slotsToResolve(joinSimilarity), "with fewer, one equal slot alone reaches"
                + " detection.templatedQueries.joinSimilarity (" + joinSimilarity + ")");
    }

    @Override
    public String key() {
        return "detection.templatedQueries";
    }

    @Override
    public String detectorName() {
        return TemplatedQueryDetector.NAME;
    }

    @Override
    public TemplatedQueryDetector create(DetectorContext context) {
        return new TemplatedQueryDetector(this);
    }
}
