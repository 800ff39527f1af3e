package dev.quarry.detectors.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.quarry.detectors.detector.DetectorContext;
import dev.quarry.detectors.detector.DetectorSection;
import dev.quarry.detectors.detector.EmbeddingExtractionDetector;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * Thresholds of {@link dev.quarry.detectors.detector.EmbeddingExtractionDetector}. See that class
 * for why each default is what it is. Mutable bean bound from YAML and validated when loaded.
 */
@KeyOrder(lower = "minInputs", upper = "fullInputs")
@KeyOrder(lower = "minEfficiency", upper = "fullEfficiency")
@KeyOrder(lower = "minRepeatShare", upper = "fullRepeatShare")
@KeyOrder(lower = "minPublicShare", upper = "fullPublicShare")
@KeyOrder(lower = "minSwitchShare", upper = "fullSwitchShare")
public class EmbeddingExtractionConfig implements DetectorSection<EmbeddingExtractionDetector> {
    public static final int DEFAULT_LSH_PLANES = 10;
    public static final long DEFAULT_LSH_SEED = 0x4234_4221L;
    public static final int DEFAULT_MIN_WORDS = 8;
    public static final int DEFAULT_MIN_INPUTS = 1000;
    public static final int DEFAULT_FULL_INPUTS = 20000;
    public static final int DEFAULT_WINDOW_INPUTS = 256;
    public static final double DEFAULT_MIN_EFFICIENCY = 0.5;
    public static final double DEFAULT_FULL_EFFICIENCY = 0.7;
    public static final double DEFAULT_MIN_REPEAT_SHARE = 0.2;
    public static final double DEFAULT_FULL_REPEAT_SHARE = 0.6;
    public static final int DEFAULT_MIN_PUBLIC_INPUTS = 50;
    public static final double DEFAULT_MIN_PUBLIC_SHARE = 0.04;
    public static final double DEFAULT_FULL_PUBLIC_SHARE = 0.15;
    public static final int DEFAULT_MIN_SET_INPUTS = 5;
    public static final int DEFAULT_MIN_PUBLIC_SETS = 3;
    public static final double DEFAULT_MIN_SWITCH_SHARE = 0.04;
    public static final double DEFAULT_FULL_SWITCH_SHARE = 0.25;

    /**
     * Signed random hyperplanes of the LSH (2^planes buckets), as B4B buckets embeddings: 10 (1,024
     * buckets) lets one domain fill a part of the space while a broad corpus fills all of it, and
     * keeps the bucket bitmap within 2 KiB per client.
     * Default {@value #DEFAULT_LSH_PLANES}.
     */
    @Min(2)
    @Max(16)
    @JsonProperty
    private int lshPlanes = DEFAULT_LSH_PLANES;
    /**
     * Seed of the hyperplanes: fixed, so buckets are the same on every machine and in replay.
     * Default {@value #DEFAULT_LSH_SEED}.
     */
    @JsonProperty
    private long lshSeed = DEFAULT_LSH_SEED;
    /**
     * Inputs of fewer words are not counted into coverage: the default (lexical, hashing) encoder's
     * vectors of a few words are near-random, so a search box's short queries would scatter over
     * the space like a broad corpus. 8 words: about one sentence.
     * Default {@value #DEFAULT_MIN_WORDS}.
     */
    @Min(0)
    @JsonProperty
    private int minWords = DEFAULT_MIN_WORDS;
    /**
     * Counted inputs below which a client is not reported (stealing an encoder takes many thousands).
     * Default {@value #DEFAULT_MIN_INPUTS}.
     */
    @Min(1)
    @JsonProperty
    private int minInputs = DEFAULT_MIN_INPUTS;
    /**
     * Distinct counted inputs at which the volume part reaches 1 (log scale from {@link #minInputs}).
     * Default {@value #DEFAULT_FULL_INPUTS}.
     */
    @JsonProperty
    private int fullInputs = DEFAULT_FULL_INPUTS;
    /**
     * Counted inputs per growth window: new buckets per window show whether coverage still grows (evidence).
     * Default {@value #DEFAULT_WINDOW_INPUTS}.
     */
    @Min(16)
    @JsonProperty
    private int windowInputs = DEFAULT_WINDOW_INPUTS;
    /**
     * Coverage efficiency (distinct buckets over those uniform draws would fill with as many
     * distinct inputs) from which the coverage part starts. Measured on the tests' composed
     * traffic with the hashing encoder: a one-vocabulary knowledge base of 2,000-15,000 chunks
     * 0.16-0.56, creeping up with volume; a broad corpus 0.62 at 1,000 inputs, 0.67 at 4,000,
     * 0.9 at 20,000.
     * Default {@value #DEFAULT_MIN_EFFICIENCY}.
     */
    @DecimalMin("0")
    @JsonProperty
    private double minEfficiency = DEFAULT_MIN_EFFICIENCY;
    /** Coverage efficiency at which the coverage part reaches 1. Default {@value #DEFAULT_FULL_EFFICIENCY}. */
    @JsonProperty
    private double fullEfficiency = DEFAULT_FULL_EFFICIENCY;
    /**
     * Share of inputs that repeat an earlier one from which the score falls (re-indexing, popular queries).
     * Default {@value #DEFAULT_MIN_REPEAT_SHARE}.
     */
    @DecimalMin("0")
    @DecimalMax("1")
    @JsonProperty
    private double minRepeatShare = DEFAULT_MIN_REPEAT_SHARE;
    /**
     * Share of inputs that repeat an earlier one at which the score is 0.
     * Default {@value #DEFAULT_FULL_REPEAT_SHARE}.
     */
    @DecimalMax("1")
    @JsonProperty
    private double fullRepeatShare = DEFAULT_FULL_REPEAT_SHARE;
    /**
     * Inputs repeating an item of a public benchmark or instruction set (the reference index of
     * {@code benchmark_harvesting}) below which the public-provenance sign does not count. A
     * surrogate query set drawn from public corpora (StolenEncoder; Dziedzic et al. 2022) shows
     * in its first few hundred inputs; a user pasting a homework question now and then does not
     * reach fifty. Default {@value #DEFAULT_MIN_PUBLIC_INPUTS}.
     */
    @Min(1)
    @JsonProperty
    private int minPublicInputs = DEFAULT_MIN_PUBLIC_INPUTS;
    /**
     * Share of the client's embedding inputs that repeat public items at which the provenance
     * sign starts (0 below). A search box whose users paste a benchmark question now and then
     * stays around 1%; an index of one's own documents at 0.
     * Default {@value #DEFAULT_MIN_PUBLIC_SHARE}.
     */
    @DecimalMin("0")
    @DecimalMax("1")
    @JsonProperty
    private double minPublicShare = DEFAULT_MIN_PUBLIC_SHARE;
    /**
     * Share of inputs repeating public items at which the provenance sign is full: one input in
     * seven, though most of a surrogate corpus may come from sets the index does not hold.
     * Default {@value #DEFAULT_FULL_PUBLIC_SHARE}.
     */
    @DecimalMax("1")
    @JsonProperty
    private double fullPublicShare = DEFAULT_FULL_PUBLIC_SHARE;
    /**
     * Matched inputs a public set must supply before it counts as one of the client's sources.
     * Default {@value #DEFAULT_MIN_SET_INPUTS}.
     */
    @Min(1)
    @JsonProperty
    private int minSetInputs = DEFAULT_MIN_SET_INPUTS;
    /**
     * Public sets (each with {@link #minSetInputs}) the matched inputs must come from: a surrogate
     * corpus spans domains; a benchmark that bundles another's items (AlpacaEval holds the Vicuna
     * questions) is two sets. Default {@value #DEFAULT_MIN_PUBLIC_SETS}.
     */
    @Min(2)
    @JsonProperty
    private int minPublicSets = DEFAULT_MIN_PUBLIC_SETS;
    /**
     * Share of consecutive matched inputs that change set at which interleaving starts to count:
     * embedding public datasets one after another (a contamination study, few-shot retrieval over
     * one set) changes set once per set, a pooled corpus on most steps. Default {@value #DEFAULT_MIN_SWITCH_SHARE}.
     */
    @DecimalMin("0")
    @DecimalMax("1")
    @JsonProperty
    private double minSwitchShare = DEFAULT_MIN_SWITCH_SHARE;
    /** Share of set changes at which interleaving counts fully. Default {@value #DEFAULT_FULL_SWITCH_SHARE}. */
    @DecimalMax("1")
    @JsonProperty
    private double fullSwitchShare = DEFAULT_FULL_SWITCH_SHARE;

    public int lshPlanes() {
        return lshPlanes;
    }

    public EmbeddingExtractionConfig lshPlanes(int lshPlanes) {
        this.lshPlanes = lshPlanes;
        return this;
    }

    public long lshSeed() {
        return lshSeed;
    }

    public EmbeddingExtractionConfig lshSeed(long lshSeed) {
        this.lshSeed = lshSeed;
        return this;
    }

    public int minWords() {
        return minWords;
    }

    public EmbeddingExtractionConfig minWords(int minWords) {
        this.minWords = minWords;
        return this;
    }

    public int minInputs() {
        return minInputs;
    }

    public EmbeddingExtractionConfig minInputs(int minInputs) {
        this.minInputs = minInputs;
        return this;
    }

    public int fullInputs() {
        return fullInputs;
    }

    public EmbeddingExtractionConfig fullInputs(int fullInputs) {
        this.fullInputs = fullInputs;
        return this;
    }

    public int windowInputs() {
        return windowInputs;
    }

    public EmbeddingExtractionConfig windowInputs(int windowInputs) {
        this.windowInputs = windowInputs;
        return this;
    }

    public double minEfficiency() {
        return minEfficiency;
    }

    public EmbeddingExtractionConfig minEfficiency(double minEfficiency) {
        this.minEfficiency = minEfficiency;
        return this;
    }

    public double fullEfficiency() {
        return fullEfficiency;
    }

    public EmbeddingExtractionConfig fullEfficiency(double fullEfficiency) {
        this.fullEfficiency = fullEfficiency;
        return this;
    }

    public double minRepeatShare() {
        return minRepeatShare;
    }

    public EmbeddingExtractionConfig minRepeatShare(double minRepeatShare) {
        this.minRepeatShare = minRepeatShare;
        return this;
    }

    public double fullRepeatShare() {
        return fullRepeatShare;
    }

    public EmbeddingExtractionConfig fullRepeatShare(double fullRepeatShare) {
        this.fullRepeatShare = fullRepeatShare;
        return this;
    }

    public int minPublicInputs() {
        return minPublicInputs;
    }

    public EmbeddingExtractionConfig minPublicInputs(int minPublicInputs) {
        this.minPublicInputs = minPublicInputs;
        return this;
    }

    public double minPublicShare() {
        return minPublicShare;
    }

    public EmbeddingExtractionConfig minPublicShare(double minPublicShare) {
        this.minPublicShare = minPublicShare;
        return this;
    }

    public double fullPublicShare() {
        return fullPublicShare;
    }

    public EmbeddingExtractionConfig fullPublicShare(double fullPublicShare) {
        this.fullPublicShare = fullPublicShare;
        return this;
    }

    public int minSetInputs() {
        return minSetInputs;
    }

    public EmbeddingExtractionConfig minSetInputs(int minSetInputs) {
        this.minSetInputs = minSetInputs;
        return this;
    }

    public int minPublicSets() {
        return minPublicSets;
    }

    public EmbeddingExtractionConfig minPublicSets(int minPublicSets) {
        this.minPublicSets = minPublicSets;
        return this;
    }

    public double minSwitchShare() {
        return minSwitchShare;
    }

    public EmbeddingExtractionConfig minSwitchShare(double minSwitchShare) {
        this.minSwitchShare = minSwitchShare;
        return this;
    }

    public double fullSwitchShare() {
        return fullSwitchShare;
    }

    public EmbeddingExtractionConfig fullSwitchShare(double fullSwitchShare) {
        this.fullSwitchShare = fullSwitchShare;
        return this;
    }

    @Override
    public String key() {
        return "detection.embeddingExtraction";
    }

    @Override
    public String detectorName() {
        return EmbeddingExtractionDetector.NAME;
    }

    @Override
    public EmbeddingExtractionDetector create(DetectorContext context) {
        return new EmbeddingExtractionDetector(this, context.reference());
    }
}
