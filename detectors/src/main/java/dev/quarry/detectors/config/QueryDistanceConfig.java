package dev.quarry.detectors.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.quarry.fingerprint.stats.PradaTest;

/**
 * Thresholds of {@link dev.quarry.detectors.detector.QueryDistanceDetector} (PRADA). See that
 * class for why each default is what it is. Mutable bean bound from YAML.
 */
public class QueryDistanceConfig {
    /** Prompts with fewer words are not embedded ("thanks", "go on"). */
    @JsonProperty
    public int minWords = 4;
    /**
     * Cap of PRADA's growing set: admitted queries kept (int8-quantised, 260 B each, first in,
     * first out) to measure a new query's minimum distance against.
     */
    @JsonProperty
    public int growingSetSize = 128;
    /** Most recent minimum distances the Shapiro-Wilk test runs on. */
    @JsonProperty
    public int maxDistances = 256;
    /** Distances needed, after outlier removal, before the test runs (PRADA waits for about 100). */
    @JsonProperty
    public int minQueries = PradaTest.DEFAULT_MIN_DISTANCES;
    /** Shapiro-Wilk is re-run every this many pooled distances (1: every query). */
    @JsonProperty
    public int testEvery = 4;
    /** Pooled distances at which the volume part of the score reaches 1. */
    @JsonProperty
    public int fullVolumeQueries = 200;
    /** PRADA's delta: a Shapiro-Wilk W at or above it is normal-looking traffic. */
    @JsonProperty
    public double delta = 0.9;
    /** The W at which the deviation part of the score reaches 1. */
    @JsonProperty
    public double fullDeviationW = 0.7;
    /** Completion tokens from which an answer counts as long (their share is reported as evidence, not scored). */
    @JsonProperty
    public int harvestCompletionTokens = 400;
    /**
     * Prompts longer than this carry a document: only their question (last paragraph, else last
     * {@code questionWords} words) is embedded.
     */
    @JsonProperty
    public int maxComparedWords = 64;
    /** Words at the end of a long prompt used in its place when its last paragraph is itself long. */
    @JsonProperty
    public int questionWords = 24;
}
