package dev.quarry.detectors.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Thresholds of {@link dev.quarry.detectors.detector.EmbeddingExtractionDetector}. See that class
 * for why each default is what it is. Mutable bean bound from YAML.
 */
public class EmbeddingExtractionConfig {
    /**
     * Signed random hyperplanes of the LSH (2^planes buckets), as B4B buckets embeddings: 10 (1,024
     * buckets) lets one domain fill a part of the space while a broad corpus fills all of it, and
     * keeps the bucket bitmap within 2 KiB per client.
     */
    @JsonProperty
    public int lshPlanes = 10;
    /** Seed of the hyperplanes: fixed, so buckets are the same on every machine and in replay. */
    @JsonProperty
    public long lshSeed = 0x4234_4221L;
    /**
     * Inputs of fewer words are not counted into coverage: the default (lexical, hashing) encoder's
     * vectors of a few words are near-random, so a search box's short queries would scatter over
     * the space like a broad corpus. 8 words: about one sentence.
     */
    @JsonProperty
    public int minWords = 8;
    /** Counted inputs below which a client is not reported (stealing an encoder takes many thousands). */
    @JsonProperty
    public int minInputs = 1000;
    /** Distinct counted inputs at which the volume part reaches 1 (log scale from {@link #minInputs}). */
    @JsonProperty
    public int fullInputs = 20000;
    /** Counted inputs per growth window: new buckets per window show whether coverage still grows (evidence). */
    @JsonProperty
    public int windowInputs = 256;
    /**
     * Coverage efficiency (distinct buckets over those uniform draws would fill with as many
     * distinct inputs) from which the coverage part starts. Measured on the tests' composed
     * traffic with the hashing encoder: a one-vocabulary knowledge base of 2,000-15,000 chunks
     * 0.16-0.56, creeping up with volume; a broad corpus 0.62 at 1,000 inputs, 0.67 at 4,000,
     * 0.9 at 20,000.
     */
    @JsonProperty
    public double minEfficiency = 0.5;
    /** Coverage efficiency at which the coverage part reaches 1. */
    @JsonProperty
    public double fullEfficiency = 0.7;
    /** Share of inputs that repeat an earlier one from which the score falls (re-indexing, popular queries). */
    @JsonProperty
    public double minRepeatShare = 0.2;
    /** Share of inputs that repeat an earlier one at which the score is 0. */
    @JsonProperty
    public double fullRepeatShare = 0.6;
}
