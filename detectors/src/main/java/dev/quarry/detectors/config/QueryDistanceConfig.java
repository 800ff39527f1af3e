package dev.quarry.detectors.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.quarry.detectors.detector.DetectorContext;
import dev.quarry.detectors.detector.DetectorSection;
import dev.quarry.detectors.detector.QueryDistanceDetector;
import dev.quarry.fingerprint.stats.PradaTest;
import dev.quarry.fingerprint.stats.ShapiroWilk;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * Thresholds of {@link dev.quarry.detectors.detector.QueryDistanceDetector} (PRADA). See that
 * class for why each default is what it is. Mutable bean bound from YAML and validated when loaded.
 */
@KeyOrder(lower = "minQueries", upper = "maxDistances", orEqual = true)
@KeyOrder(lower = "minQueries", upper = "fullVolumeQueries", orEqual = true)
@KeyOrder(lower = "fullDeviationW", upper = "delta")
@KeyOrder(lower = "questionWords", upper = "maxComparedWords", orEqual = true)
public class QueryDistanceConfig implements DetectorSection<QueryDistanceDetector> {
    public static final int DEFAULT_MIN_WORDS = 4;
    public static final int DEFAULT_GROWING_SET_SIZE = 128;
    public static final int DEFAULT_MAX_DISTANCES = 256;
    public static final int DEFAULT_MIN_QUERIES = PradaTest.DEFAULT_MIN_DISTANCES;
    public static final int DEFAULT_TEST_EVERY = 4;
    public static final int DEFAULT_FULL_VOLUME_QUERIES = 200;
    public static final double DEFAULT_DELTA = 0.9;
    public static final double DEFAULT_FULL_DEVIATION_W = 0.7;
    public static final int DEFAULT_HARVEST_COMPLETION_TOKENS = 400;
    public static final int DEFAULT_MAX_COMPARED_WORDS = 64;
    public static final int DEFAULT_QUESTION_WORDS = 24;

    /** Prompts with fewer words are not embedded ("thanks", "go on"). Default {@value #DEFAULT_MIN_WORDS}. */
    @Min(1)
    @JsonProperty
    private int minWords = DEFAULT_MIN_WORDS;
    /**
     * Cap of PRADA's growing set: admitted queries kept (int8-quantised, 260 B each, first in,
     * first out) to measure a new query's minimum distance against.
     * Default {@value #DEFAULT_GROWING_SET_SIZE}.
     */
    @Min(1)
    @Max(4096)
    @JsonProperty
    private int growingSetSize = DEFAULT_GROWING_SET_SIZE;
    /** Most recent minimum distances the Shapiro-Wilk test runs on. Default {@value #DEFAULT_MAX_DISTANCES}. */
    @Min(ShapiroWilk.MIN_N)
    @Max(ShapiroWilk.MAX_N)
    @JsonProperty
    private int maxDistances = DEFAULT_MAX_DISTANCES;
    /**
     * Distances needed, after outlier removal, before the test runs (PRADA waits for about 100).
     * Default {@value #DEFAULT_MIN_QUERIES}.
     */
    @Min(ShapiroWilk.MIN_N)
    @JsonProperty
    private int minQueries = DEFAULT_MIN_QUERIES;
    /**
     * Shapiro-Wilk is re-run every this many pooled distances (1: every query).
     * Default {@value #DEFAULT_TEST_EVERY}.
     */
    @Min(1)
    @JsonProperty
    private int testEvery = DEFAULT_TEST_EVERY;
    /**
     * Pooled distances at which the volume part of the score reaches 1.
     * Default {@value #DEFAULT_FULL_VOLUME_QUERIES}.
     */
    @JsonProperty
    private int fullVolumeQueries = DEFAULT_FULL_VOLUME_QUERIES;
    /** PRADA's delta: a Shapiro-Wilk W at or above it is normal-looking traffic. Default {@value #DEFAULT_DELTA}. */
    @DecimalMin(value = "0", inclusive = false)
    @DecimalMax("1")
    @JsonProperty
    private double delta = DEFAULT_DELTA;
    /** The W at which the deviation part of the score reaches 1. Default {@value #DEFAULT_FULL_DEVIATION_W}. */
    @DecimalMin("0")
    @DecimalMax(value = "1", inclusive = false)
    @JsonProperty
    private double fullDeviationW = DEFAULT_FULL_DEVIATION_W;
    /**
     * Completion tokens from which an answer counts as long (their share is reported as evidence, not scored).
     * Default {@value #DEFAULT_HARVEST_COMPLETION_TOKENS}.
     */
    @Min(1)
    @JsonProperty
    private int harvestCompletionTokens = DEFAULT_HARVEST_COMPLETION_TOKENS;
    /**
     * Prompts longer than this carry a document: only their question (last paragraph, else last
     * {@code questionWords} words) is embedded.
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

    public int minWords() {
        return minWords;
    }

    public QueryDistanceConfig minWords(int minWords) {
        this.minWords = minWords;
        return this;
    }

    public int growingSetSize() {
        return growingSetSize;
    }

    public QueryDistanceConfig growingSetSize(int growingSetSize) {
        this.growingSetSize = growingSetSize;
        return this;
    }

    public int maxDistances() {
        return maxDistances;
    }

    public QueryDistanceConfig maxDistances(int maxDistances) {
        this.maxDistances = maxDistances;
        return this;
    }

    public int minQueries() {
        return minQueries;
    }

    public QueryDistanceConfig minQueries(int minQueries) {
        this.minQueries = minQueries;
        return this;
    }

    public int testEvery() {
        return testEvery;
    }

    public QueryDistanceConfig testEvery(int testEvery) {
        this.testEvery = testEvery;
        return this;
    }

    public int fullVolumeQueries() {
        return fullVolumeQueries;
    }

    public QueryDistanceConfig fullVolumeQueries(int fullVolumeQueries) {
        this.fullVolumeQueries = fullVolumeQueries;
        return this;
    }

    public double delta() {
        return delta;
    }

    public QueryDistanceConfig delta(double delta) {
        this.delta = delta;
        return this;
    }

    public double fullDeviationW() {
        return fullDeviationW;
    }

    public QueryDistanceConfig fullDeviationW(double fullDeviationW) {
        this.fullDeviationW = fullDeviationW;
        return this;
    }

    public int harvestCompletionTokens() {
        return harvestCompletionTokens;
    }

    public QueryDistanceConfig harvestCompletionTokens(int harvestCompletionTokens) {
        this.harvestCompletionTokens = harvestCompletionTokens;
        return this;
    }

    public int maxComparedWords() {
        return maxComparedWords;
    }

    public QueryDistanceConfig maxComparedWords(int maxComparedWords) {
        this.maxComparedWords = maxComparedWords;
        return this;
    }

    public int questionWords() {
        return questionWords;
    }

    public QueryDistanceConfig questionWords(int questionWords) {
        this.questionWords = questionWords;
        return this;
    }

    @Override
    public String key() {
        return "detection.queryDistance";
    }

    @Override
    public String detectorName() {
        return QueryDistanceDetector.NAME;
    }

    @Override
    public QueryDistanceDetector create(DetectorContext context) {
        return new QueryDistanceDetector(this);
    }
}
