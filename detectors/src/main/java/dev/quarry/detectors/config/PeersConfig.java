package dev.quarry.detectors.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.quarry.detectors.alert.EvidenceGroup;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Peer statistics by client shape: how a client is classified (product front-end, personal key,
 * batch job; {@link dev.quarry.detectors.peers.ShapeClassifier}), how the single peer-statistics
 * partition pools clients of one shape ({@link dev.quarry.detectors.peers.PeerStatistics}), and
 * when fusion holds a finding that is ordinary for the client's shape at {@code low}
 * ({@link dev.quarry.detectors.peers.PeerContext}). See those classes for why each default is what
 * it is. Mutable bean bound from YAML and validated when loaded.
 */
public class PeersConfig {
    public static final boolean DEFAULT_ENABLED = true;
    public static final int DEFAULT_MIN_EVENTS = 30;
    public static final double DEFAULT_PRODUCT_SYSTEM_SHARE = 0.6;
    public static final int DEFAULT_PRODUCT_MIN_SOURCES = 3;
    public static final double DEFAULT_BATCH_ACTIVE_HOUR_SHARE = 0.75;
    public static final int DEFAULT_BATCH_MIN_SPAN_HOURS = 3;
    public static final double DEFAULT_BATCH_MAX_GAP_CV = 1.0;
    public static final int DEFAULT_SAMPLE_EVERY = 25;
    public static final Duration DEFAULT_WINDOW = Duration.ofHours(6);
    public static final Duration DEFAULT_GRACE = Duration.ofHours(1);
    public static final Duration DEFAULT_READ_LAG = Duration.ofHours(1);
    public static final int DEFAULT_MAX_CLIENTS_PER_SHAPE = 4096;
    public static final int DEFAULT_MIN_PEERS = 20;
    public static final double DEFAULT_ORDINARY_PERCENTILE = 0.75;
    public static final double DEFAULT_MAX_HELD_SCORE = 0.7;
    /**
     * The groups peer context holds at {@code low} by default: breadth only. Provenance can be
     * named too, but is not by default: harvesters and evaluation runs alike repeat public items
     * in nearly all their prompts, so among heavy keys the shape's upper quartile of that share
     * sits near 1, and what a percentile rule holds is a key that mixes public items with other
     * prompts, which is how a harvester blends in (Blacklight's adaptive attacker, Li et al. 2022).
     * A key that mixes for a legitimate reason (students pasting items among their own questions)
     * is told by {@code benchmarkHarvesting}'s own share and follow-up factors.
     */
    public static final List<EvidenceGroup> DEFAULT_HELD_GROUPS = List.of(EvidenceGroup.CAPABILITY_SWEEP);
    /**
     * Evidence of extraction itself, which peer context never holds back whatever its shape's
     * peers do: the output layer probed, the hidden reasoning demanded, the provider's watermark
     * fed back, grading signals harvested, accounts acting as one, an embedding model's space
     * harvested, an endpoint that stopped watermarking.
     */
    public static final Set<EvidenceGroup> NEVER_HELD = Set.of(EvidenceGroup.LOGIT_PROBING,
            EvidenceGroup.REASONING_EXTRACTION, EvidenceGroup.WATERMARK_ECHO, EvidenceGroup.REWARD_HARVESTING,
            EvidenceGroup.COORDINATION, EvidenceGroup.EMBEDDING_EXTRACTION, EvidenceGroup.ENDPOINT_HEALTH);

    /** Classify clients, pool peer statistics by shape and use them in fusion. Default {@value #DEFAULT_ENABLED}. */
    @JsonProperty
    private boolean enabled = DEFAULT_ENABLED;
    /** Events a client needs before it has a shape (before that: {@code unknown}, no peer context). Default {@value #DEFAULT_MIN_EVENTS}. */
    @Min(1)
    @JsonProperty
    private int minEvents = DEFAULT_MIN_EVENTS;
    /**
     * Lower bound of the share of a client's system-prompted requests that carry one and the same
     * system prompt (a Boyer-Moore majority vote's margin) for a product front-end.
     * Default {@value #DEFAULT_PRODUCT_SYSTEM_SHARE}.
     */
    @DecimalMin("0")
    @DecimalMax("1")
    @JsonProperty
    private double productSystemShare = DEFAULT_PRODUCT_SYSTEM_SHARE;
    /**
     * Distinct source addresses or user agents (up to 8 are counted) that make an organisation's
     * key a product with end users behind it. Default {@value #DEFAULT_PRODUCT_MIN_SOURCES}.
     */
    @Min(2)
    @JsonProperty
    private int productMinSources = DEFAULT_PRODUCT_MIN_SOURCES;
    /** Share of the clock hours of its span a batch job is active in. Default {@value #DEFAULT_BATCH_ACTIVE_HOUR_SHARE}. */
    @DecimalMin("0")
    @DecimalMax("1")
    @JsonProperty
    private double batchActiveHourShare = DEFAULT_BATCH_ACTIVE_HOUR_SHARE;
    /** Clock hours a client must span before it can be a batch job. Default {@value #DEFAULT_BATCH_MIN_SPAN_HOURS}. */
    @Min(1)
    @JsonProperty
    private int batchMinSpanHours = DEFAULT_BATCH_MIN_SPAN_HOURS;
    /**
     * Largest coefficient of variation of a batch job's gaps between requests (a Poisson stream
     * has 1; people's bursts and pauses far more). Default {@value #DEFAULT_BATCH_MAX_GAP_CV}.
     */
    @DecimalMin("0")
    @JsonProperty
    private double batchMaxGapCv = DEFAULT_BATCH_MAX_GAP_CV;
    /** A classified client sends a peer sample every this many events. Default {@value #DEFAULT_SAMPLE_EVERY}. */
    @Min(1)
    @JsonProperty
    private int sampleEvery = DEFAULT_SAMPLE_EVERY;
    /** Event time a client's latest sample counts for its shape's statistics. Default 6 hours. */
    @NotNull
    @JsonProperty
    private Duration window = DEFAULT_WINDOW;
    /**
     * How far behind the latest hour the published boundary stays, so samples from slower
     * partitions still count. Default 1 hour.
     */
    @NotNull
    @JsonProperty
    private Duration grace = DEFAULT_GRACE;
    /**
     * How far behind in event time the statistics a client is compared with may be published: an
     * event at time T reads the snapshot of the newest boundary at or before T - grace - readLag,
     * so which snapshot it reads depends on event time only, as long as the statistics side runs
     * no further than this behind the client step. An hour is minutes of a replay and far more
     * than the live path's seconds. Default 1 hour.
     */
    @NotNull
    @JsonProperty
    private Duration readLag = DEFAULT_READ_LAG;
    /**
     * Clients per shape the statistics are computed over: the ones with the smallest hash of their
     * id (a uniform sample that does not depend on arrival order). Default {@value #DEFAULT_MAX_CLIENTS_PER_SHAPE}.
     */
    @Min(10)
    @JsonProperty
    private int maxClientsPerShape = DEFAULT_MAX_CLIENTS_PER_SHAPE;
    /** Clients of a shape its statistics need before they have any effect (bootstrap). Default {@value #DEFAULT_MIN_PEERS}. */
    @Min(2)
    @JsonProperty
    private int minPeers = DEFAULT_MIN_PEERS;
    /**
     * A finding is ordinary for its shape when the client's quantity is at or below this
     * percentile of its peers'. Default {@value #DEFAULT_ORDINARY_PERCENTILE}.
     */
    @DecimalMin("0")
    @DecimalMax("1")
    @JsonProperty
    private double ordinaryPercentile = DEFAULT_ORDINARY_PERCENTILE;
    /** Findings scoring this much or more are never held, however ordinary for the shape. Default {@value #DEFAULT_MAX_HELD_SCORE}. */
    @DecimalMin("0")
    @DecimalMax("1")
    @JsonProperty
    private double maxHeldScore = DEFAULT_MAX_HELD_SCORE;
    /**
     * Evidence groups a finding of which, ordinary for the client's shape, is held at {@code low}:
     * {@code capability_sweep} (compared by breadth; the default) and {@code provenance} (by the
     * share of prompts that repeat public items; not by default, see {@link #DEFAULT_HELD_GROUPS}).
     * Any other group is ignored: only these two have a compared quantity, and evidence of
     * extraction ({@link #NEVER_HELD}) is never held.
     */
    @NotNull
    @JsonProperty
    private List<EvidenceGroup> heldGroups = new ArrayList<>(DEFAULT_HELD_GROUPS);

    public boolean enabled() {
        return enabled;
    }

    public PeersConfig enabled(boolean enabled) {
        this.enabled = enabled;
        return this;
    }

    public int minEvents() {
        return minEvents;
    }

    public PeersConfig minEvents(int minEvents) {
        this.minEvents = minEvents;
        return this;
    }

    public double productSystemShare() {
        return productSystemShare;
    }

    public PeersConfig productSystemShare(double productSystemShare) {
        this.productSystemShare = productSystemShare;
        return this;
    }

    public int productMinSources() {
        return productMinSources;
    }

    public PeersConfig productMinSources(int productMinSources) {
        this.productMinSources = productMinSources;
        return this;
    }

    public double batchActiveHourShare() {
        return batchActiveHourShare;
    }

    public PeersConfig batchActiveHourShare(double batchActiveHourShare) {
        this.batchActiveHourShare = batchActiveHourShare;
        return this;
    }

    public int batchMinSpanHours() {
        return batchMinSpanHours;
    }

    public PeersConfig batchMinSpanHours(int batchMinSpanHours) {
        this.batchMinSpanHours = batchMinSpanHours;
        return this;
    }

    public double batchMaxGapCv() {
        return batchMaxGapCv;
    }

    public PeersConfig batchMaxGapCv(double batchMaxGapCv) {
        this.batchMaxGapCv = batchMaxGapCv;
        return this;
    }

    public int sampleEvery() {
        return sampleEvery;
    }

    public PeersConfig sampleEvery(int sampleEvery) {
        this.sampleEvery = sampleEvery;
        return this;
    }

    public Duration window() {
        return window;
    }

    public PeersConfig window(Duration window) {
        this.window = window;
        return this;
    }

    public Duration grace() {
        return grace;
    }

    public Duration readLag() {
        return readLag;
    }

    public PeersConfig readLag(Duration readLag) {
        this.readLag = readLag;
        return this;
    }

    public PeersConfig grace(Duration grace) {
        this.grace = grace;
        return this;
    }

    public int maxClientsPerShape() {
        return maxClientsPerShape;
    }

    public PeersConfig maxClientsPerShape(int maxClientsPerShape) {
        this.maxClientsPerShape = maxClientsPerShape;
        return this;
    }

    public int minPeers() {
        return minPeers;
    }

    public PeersConfig minPeers(int minPeers) {
        this.minPeers = minPeers;
        return this;
    }

    public double ordinaryPercentile() {
        return ordinaryPercentile;
    }

    public PeersConfig ordinaryPercentile(double ordinaryPercentile) {
        this.ordinaryPercentile = ordinaryPercentile;
        return this;
    }

    public double maxHeldScore() {
        return maxHeldScore;
    }

    public PeersConfig maxHeldScore(double maxHeldScore) {
        this.maxHeldScore = maxHeldScore;
        return this;
    }

    public List<EvidenceGroup> heldGroups() {
        return heldGroups;
    }

    public PeersConfig heldGroups(List<EvidenceGroup> heldGroups) {
        this.heldGroups = new ArrayList<>(heldGroups);
        return this;
    }
}
