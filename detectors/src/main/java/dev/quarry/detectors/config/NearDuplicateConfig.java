package dev.quarry.detectors.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Thresholds of {@link dev.quarry.detectors.detector.NearDuplicateDetector} (SEAT, Blacklight).
 * See that class for why each default is what it is. Mutable bean bound from YAML.
 */
public class NearDuplicateConfig {
    /** Prompts with fewer words are not compared ("thanks", "go on"). */
    @JsonProperty
    public int minWords = 4;
    /** Recent queries per client kept (int8 vector + fingerprint) to compare a new query with. */
    @JsonProperty
    public int recentQueries = 48;
    /** Cosine similarity of embeddings at or above which two queries are near-duplicates. */
    @JsonProperty
    public double similarity = 0.8;
    /** Hashes in a query's Blacklight-style fingerprint (the largest of its word 3-gram window hashes). */
    @JsonProperty
    public int fingerprintHashes = 16;
    /**
     * Share of the shorter fingerprint's hashes two queries must have in common to be
     * near-duplicates (8 of 16 for prompts of 18 words or more: a small edit).
     */
    @JsonProperty
    public double fingerprintMatchShare = 0.5;
    /**
     * Prompts longer than this carry a document: only their question (last paragraph, else last
     * {@code questionWords} words) is compared.
     */
    @JsonProperty
    public int maxComparedWords = 64;
    /** Words at the end of a long prompt used in its place when its last paragraph is itself long. */
    @JsonProperty
    public int questionWords = 24;
    /** Compared queries needed before the detector scores a client. */
    @JsonProperty
    public int minQueries = 30;
    /** Compared queries at which the volume part of the score reaches 1. */
    @JsonProperty
    public int fullVolumeQueries = 150;
    /** Near-duplicate share of a client's queries at or below which nothing is reported. */
    @JsonProperty
    public double baseRate = 0.3;
    /** Near-duplicate share at which the rate part of the score reaches 1. */
    @JsonProperty
    public double fullRate = 0.7;
}
