package dev.quarry.detectors.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.quarry.detectors.detector.DetectorContext;
import dev.quarry.detectors.detector.DetectorSection;
import dev.quarry.detectors.detector.NearDuplicateDetector;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * Thresholds of {@link dev.quarry.detectors.detector.NearDuplicateDetector} (SEAT, Blacklight).
 * See that class for why each default is what it is. Mutable bean bound from YAML and validated when loaded.
 */
@KeyOrder(lower = "questionWords", upper = "maxComparedWords", orEqual = true)
@KeyOrder(lower = "minQueries", upper = "fullVolumeQueries", orEqual = true)
@KeyOrder(lower = "baseRate", upper = "fullRate")
public class NearDuplicateConfig implements DetectorSection<NearDuplicateDetector> {
    public static final int DEFAULT_MIN_WORDS = 4;
    public static final int DEFAULT_RECENT_QUERIES = 48;
    public static final double DEFAULT_SIMILARITY = 0.8;
    public static final int DEFAULT_FINGERPRINT_HASHES = 16;
    public static final double DEFAULT_FINGERPRINT_MATCH_SHARE = 0.5;
    public static final int DEFAULT_MAX_COMPARED_WORDS = 64;
    public static final int DEFAULT_QUESTION_WORDS = 24;
    public static final int DEFAULT_MIN_QUERIES = 30;
    public static final int DEFAULT_FULL_VOLUME_QUERIES = 150;
    public static final double DEFAULT_BASE_RATE = 0.3;
    public static final double DEFAULT_FULL_RATE = 0.7;

    /** Prompts with fewer words are not compared ("thanks", "go on"). Default {@value #DEFAULT_MIN_WORDS}. */
    @Min(1)
    @JsonProperty
    private int minWords = DEFAULT_MIN_WORDS;
    /**
     * Recent queries per client kept (int8 vector + fingerprint) to compare a new query with.
     * Default {@value #DEFAULT_RECENT_QUERIES}.
     */
    @Min(1)
    @Max(Short.MAX_VALUE)
    @JsonProperty
    private int recentQueries = DEFAULT_RECENT_QUERIES;
    /**
     * Cosine similarity of embeddings at or above which two queries are near-duplicates.
     * Default {@value #DEFAULT_SIMILARITY}.
     */
    @DecimalMin("0")
    @DecimalMax("1")
    @JsonProperty
    private double similarity = DEFAULT_SIMILARITY;
    /**
     * Hashes in a query's Blacklight-style fingerprint (the largest of its word 3-gram window hashes).
     * Default {@value #DEFAULT_FINGERPRINT_HASHES}.
     */
    @Min(1)
    @Max(Byte.MAX_VALUE)
    @JsonProperty
    private int fingerprintHashes = DEFAULT_FINGERPRINT_HASHES;
    /**
     * Share of the shorter fingerprint's hashes two queries must have in common to be
     * near-duplicates (8 of 16 for prompts of 18 words or more: a small edit).
     * Default {@value #DEFAULT_FINGERPRINT_MATCH_SHARE}.
     */
    @DecimalMin(value = "0", inclusive = false)
    @DecimalMax("1")
    @JsonProperty
    private double fingerprintMatchShare = DEFAULT_FINGERPRINT_MATCH_SHARE;
    /**
     * Prompts longer than this carry a document: only their question (last paragraph, else last
     * {@code questionWords} words) is compared.
     * Default {@value #DEFAULT_MAX_COMPARED_WORDS}.
     */
    @JsonProperty
    private int maxComparedWords = DEFAULT_MAX_COMPARED_WORDS;
    /**
     * Words at the end of a long prompt used in its place when its last paragraph is itself long.
     * Default {@value #DEFAULT_QUESTION_WORDS}.
     */
    @Min(1)
    @JsonProperty
    private int questionWords = DEFAULT_QUESTION_WORDS;
    /** Compared queries needed before the detector scores a client. Default {@value #DEFAULT_MIN_QUERIES}. */
    @Min(1)
    @JsonProperty
    private int minQueries = DEFAULT_MIN_QUERIES;
    /**
     * Compared queries at which the volume part of the score reaches 1.
     * Default {@value #DEFAULT_FULL_VOLUME_QUERIES}.
     */
    @JsonProperty
    private int fullVolumeQueries = DEFAULT_FULL_VOLUME_QUERIES;
    /**
     * Near-duplicate share of a client's queries at or below which nothing is reported.
     * Default {@value #DEFAULT_BASE_RATE}.
     */
    @DecimalMin("0")
    @DecimalMax(value = "1", inclusive = false)
    @JsonProperty
    private double baseRate = DEFAULT_BASE_RATE;
    /** Near-duplicate share at which the rate part of the score reaches 1. Default {@value #DEFAULT_FULL_RATE}. */
    @DecimalMax("1")
    @JsonProperty
    private double fullRate = DEFAULT_FULL_RATE;

    public int minWords() {
        return minWords;
    }

    public NearDuplicateConfig minWords(int minWords) {
        this.minWords = minWords;
        return this;
    }

    public int recentQueries() {
        return recentQueries;
    }

    public NearDuplicateConfig recentQueries(int recentQueries) {
        this.recentQueries = recentQueries;
        return this;
    }

    public double similarity() {
        return similarity;
    }

    public NearDuplicateConfig similarity(double similarity) {
        this.similarity = similarity;
        return this;
    }

    public int fingerprintHashes() {
        return fingerprintHashes;
    }

    public NearDuplicateConfig fingerprintHashes(int fingerprintHashes) {
        this.fingerprintHashes = fingerprintHashes;
        return this;
    }

    public double fingerprintMatchShare() {
        return fingerprintMatchShare;
    }

    public NearDuplicateConfig fingerprintMatchShare(double fingerprintMatchShare) {
        this.fingerprintMatchShare = fingerprintMatchShare;
        return this;
    }

    public int maxComparedWords() {
        return maxComparedWords;
    }

    public NearDuplicateConfig maxComparedWords(int maxComparedWords) {
        this.maxComparedWords = maxComparedWords;
        return this;
    }

    public int questionWords() {
        return questionWords;
    }

    public NearDuplicateConfig questionWords(int questionWords) {
        this.questionWords = questionWords;
        return this;
    }

    public int minQueries() {
        return minQueries;
    }

    public NearDuplicateConfig minQueries(int minQueries) {
        this.minQueries = minQueries;
        return this;
    }

    public int fullVolumeQueries() {
        return fullVolumeQueries;
    }

    public NearDuplicateConfig fullVolumeQueries(int fullVolumeQueries) {
        this.fullVolumeQueries = fullVolumeQueries;
        return this;
    }

    public double baseRate() {
        return baseRate;
    }

    public NearDuplicateConfig baseRate(double baseRate) {
        this.baseRate = baseRate;
        return this;
    }

    public double fullRate() {
        return fullRate;
    }

    public NearDuplicateConfig fullRate(double fullRate) {
        this.fullRate = fullRate;
        return this;
    }

    @Override
    public String key() {
        return "detection.nearDuplicateQueries";
    }

    @Override
    public String detectorName() {
        return NearDuplicateDetector.NAME;
    }

    @Override
    public NearDuplicateDetector create(DetectorContext context) {
        return new NearDuplicateDetector(this);
    }
}
