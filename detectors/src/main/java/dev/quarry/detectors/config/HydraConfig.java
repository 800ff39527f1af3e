package dev.quarry.detectors.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;

/**
 * Thresholds of the cross-client ("hydra") cluster path: which shared attributes link accounts,
 * when a link key is too common to mean anything, how often clients report to the cluster side,
 * and how {@link dev.quarry.detectors.cluster.HydraClusterDetector} scores a cluster. See those
 * classes for why each default is what it is. Template marks are read from the first
 * {@link #templateSlots} slots of the shared prompt signatures ({@code detection.signatures}).
 * Mutable bean bound from YAML and validated when loaded.
 */
@KeyOrder(lower = "minMembers", upper = "fullMembers", orEqual = true)
public class HydraConfig implements SignatureUser {
    public static final boolean DEFAULT_ENABLED = true;
    public static final int DEFAULT_MAX_MEMBERS_STRONG_KEY = 5000;
    public static final int DEFAULT_MAX_MEMBERS_WEAK_KEY = 64;
    public static final int DEFAULT_MAX_KEYS_PER_CLIENT = 32;
    public static final double DEFAULT_MAX_CHANCE_AGREEMENTS = 0.1;
    public static final int DEFAULT_MIN_POPULATION = 200;
    public static final int DEFAULT_TEMPLATE_SLOTS = 6;
    public static final int DEFAULT_MIN_TEMPLATE_PROMPTS = 30;
    public static final double DEFAULT_TEMPLATE_MARK_SHARE = 0.3;
    public static final int DEFAULT_SUMMARY_EVERY = 25;
    public static final double DEFAULT_SUMMARY_SCORE_DELTA = 0.1;
    public static final int DEFAULT_MIN_MEMBERS = 5;
    public static final int DEFAULT_FULL_MEMBERS = 20;
    public static final long DEFAULT_FULL_POOLED_EVENTS = 2000;
    public static final double DEFAULT_MIN_SHARED_TEMPLATE = 0.5;
    public static final double DEFAULT_DECLARED_TENANT_FACTOR = 0.25;
    public static final double DEFAULT_MEMBER_SCORE_WEIGHT = 0.25;
    public static final int DEFAULT_EVIDENCE_MEMBERS = 32;
    public static final Duration DEFAULT_ORDER_HEARTBEAT = Duration.ofSeconds(1);
    public static final Duration DEFAULT_ORDER_IDLE_TIMEOUT = Duration.ofMinutes(5);
    public static final int DEFAULT_ORDER_MAX_BUFFERED = 100_000;

    /**
     * Turns the whole cluster path (link keys, union-find, cluster alerts) on or off.
     * Default {@value #DEFAULT_ENABLED}.
     */
    @JsonProperty
    private boolean enabled = DEFAULT_ENABLED;
    /**
     * Distinct clients after which a strong key ({@code pay:}, {@code org:}) stops linking: a
     * payment instrument behind thousands of keys is a marketplace or reseller, not one owner.
     * Default {@value #DEFAULT_MAX_MEMBERS_STRONG_KEY}.
     */
    @Min(2)
    @JsonProperty
    private int maxMembersStrongKey = DEFAULT_MAX_MEMBERS_STRONG_KEY;
    /**
     * Distinct clients after which a combined weak key ({@code net-tls:}, {@code net-tpl:},
     * {@code tls-tpl:}) stops linking: a cloud /24 with a popular SDK is shared by strangers.
     * Default {@value #DEFAULT_MAX_MEMBERS_WEAK_KEY}.
     */
    @Min(2)
    @JsonProperty
    private int maxMembersWeakKey = DEFAULT_MAX_MEMBERS_WEAK_KEY;
    /**
     * A weak key links its clients only when the clients expected to agree on all its attributes
     * by chance (population x the product of each attribute's frequency outside the key's own
     * clients; Fellegi and Sunter 1969) are at most this many: 0.1 means the agreement is ten times
     * rarer than one client in the whole population, so a stack that more than a tenth of the
     * other clients use never links with a template alone (a key is judged as its members arrive,
     * sometimes before all of a template's carriers have shown it, so the margin is wide).
     * See {@code LinkEvidence}.
     * Default {@value #DEFAULT_MAX_CHANCE_AGREEMENTS}.
     */
    @DecimalMin("0")
    @JsonProperty
    private double maxChanceAgreements = DEFAULT_MAX_CHANCE_AGREEMENTS;
    /**
     * Distinct clients the cluster side must have counted before any weak key links: attribute
     * frequencies from fewer clients are too coarse (a key waiting then is judged again at its next
     * member). Default {@value #DEFAULT_MIN_POPULATION}.
     */
    @Min(1)
    @JsonProperty
    private int minPopulation = DEFAULT_MIN_POPULATION;
    /**
     * Link keys and attributes a client announces at most (rotating proxies would otherwise announce forever).
     * Default {@value #DEFAULT_MAX_KEYS_PER_CLIENT}.
     */
    @Min(1)
    @JsonProperty
    private int maxKeysPerClient = DEFAULT_MAX_KEYS_PER_CLIENT;
    /**
     * MinHash slots of the prompt signature watched for template marks (recurring minima).
     * Default {@value #DEFAULT_TEMPLATE_SLOTS}.
     */
    @Min(1)
    @JsonProperty
    private int templateSlots = DEFAULT_TEMPLATE_SLOTS;
    /**
     * Distinct fingerprinted prompts a client needs before its template marks are trusted.
     * Default {@value #DEFAULT_MIN_TEMPLATE_PROMPTS}.
     */
    @Min(1)
    @JsonProperty
    private int minTemplatePrompts = DEFAULT_MIN_TEMPLATE_PROMPTS;
    /**
     * Guaranteed share of a client's prompts a slot value needs to be a template mark.
     * Default {@value #DEFAULT_TEMPLATE_MARK_SHARE}.
     */
    @DecimalMin(value = "0", inclusive = false)
    @DecimalMax("1")
    @JsonProperty
    private double templateMarkShare = DEFAULT_TEMPLATE_MARK_SHARE;
    /**
     * A client reports a summary to the cluster side every this many of its events...
     * Default {@value #DEFAULT_SUMMARY_EVERY}.
     */
    @Min(1)
    @JsonProperty
    private int summaryEvery = DEFAULT_SUMMARY_EVERY;
    /**
     * ... and also when its fused score moved by this much since its last summary.
     * Default {@value #DEFAULT_SUMMARY_SCORE_DELTA}.
     */
    @DecimalMin("0")
    @DecimalMax("1")
    @JsonProperty
    private double summaryScoreDelta = DEFAULT_SUMMARY_SCORE_DELTA;
    /** Members with a summary a cluster needs before it is scored at all. Default {@value #DEFAULT_MIN_MEMBERS}. */
    @Min(2)
    @JsonProperty
    private int minMembers = DEFAULT_MIN_MEMBERS;
    /** Members at which the size part of the score reaches 1. Default {@value #DEFAULT_FULL_MEMBERS}. */
    @JsonProperty
    private int fullMembers = DEFAULT_FULL_MEMBERS;
    /**
     * Pooled events at which the volume part of the score reaches 1 (it starts at 0.5).
     * Default {@value #DEFAULT_FULL_POOLED_EVENTS}.
     */
    @Min(1)
    @JsonProperty
    private long fullPooledEvents = DEFAULT_FULL_POOLED_EVENTS;
    /**
     * Share of members carrying the cluster's top template mark below which nothing is reported.
     * Default {@value #DEFAULT_MIN_SHARED_TEMPLATE}.
     */
    @DecimalMin("0")
    @DecimalMax("1")
    @JsonProperty
    private double minSharedTemplate = DEFAULT_MIN_SHARED_TEMPLATE;
    /**
     * Factor on the score of a cluster linked through an organisation key ({@code org:}): one
     * tenant's declared keys, which may share a template by design. 0.25 keeps the strongest such
     * cluster on the watch list, below {@code fusion.medium}.
     * Default {@value #DEFAULT_DECLARED_TENANT_FACTOR}.
     */
    @DecimalMin("0")
    @DecimalMax("1")
    @JsonProperty
    private double declaredTenantFactor = DEFAULT_DECLARED_TENANT_FACTOR;
    /**
     * Weight of the members' own mean fused score in the cluster score.
     * Default {@value #DEFAULT_MEMBER_SCORE_WEIGHT}.
     */
    @DecimalMin("0")
    @DecimalMax("1")
    @JsonProperty
    private double memberScoreWeight = DEFAULT_MEMBER_SCORE_WEIGHT;
    /** Member ids, link keys and templates kept per cluster as evidence. Default {@value #DEFAULT_EVIDENCE_MEMBERS}. */
    @Min(1)
    @JsonProperty
    private int evidenceMembers = DEFAULT_EVIDENCE_MEMBERS;
    /**
     * Wall-clock interval at which each partition of the client step tells the cluster side how far
     * its event time has got (a watermark), so that the side can release what it holds in event-time
     * order; also how soon a replay's end of input reaches it. See {@code ClusterMessageOrder}.
     * Default {@code PT1S}.
     */
    @NotNull
    @DurationMin(millis = 10, message = "must be at least 10 ms")
    @JsonProperty
    private Duration orderHeartbeat = DEFAULT_ORDER_HEARTBEAT;
    /**
     * Wall-clock time after which an upstream partition whose watermark has not moved is idle: the
     * cluster side stops waiting for it (what it held is released, counted as early) until it
     * moves again. Fleet alerts are identical between runs only while no partition that still
     * has messages to send stalls for this long. Default {@code PT5M}.
     */
    @NotNull
    @DurationMin(millis = 0, message = "must not be a negative duration")
    @JsonProperty
    private Duration orderIdleTimeout = DEFAULT_ORDER_IDLE_TIMEOUT;
    /**
     * Messages the cluster side holds at most while it waits for every upstream partition; beyond
     * it the oldest are released early, and counted. Default {@value #DEFAULT_ORDER_MAX_BUFFERED}.
     */
    @Min(1)
    @JsonProperty
    private int orderMaxBuffered = DEFAULT_ORDER_MAX_BUFFERED;

    public boolean enabled() {
        return enabled;
    }

    public HydraConfig enabled(boolean enabled) {
        this.enabled = enabled;
        return this;
    }

    public int maxMembersStrongKey() {
        return maxMembersStrongKey;
    }

    public HydraConfig maxMembersStrongKey(int maxMembersStrongKey) {
        this.maxMembersStrongKey = maxMembersStrongKey;
        return this;
    }

    public int maxMembersWeakKey() {
        return maxMembersWeakKey;
    }

    public HydraConfig maxMembersWeakKey(int maxMembersWeakKey) {
        this.maxMembersWeakKey = maxMembersWeakKey;
        return this;
    }

    public double maxChanceAgreements() {
        return maxChanceAgreements;
    }

    public HydraConfig maxChanceAgreements(double maxChanceAgreements) {
        this.maxChanceAgreements = maxChanceAgreements;
        return this;
    }

    public int minPopulation() {
        return minPopulation;
    }

    public HydraConfig minPopulation(int minPopulation) {
        this.minPopulation = minPopulation;
        return this;
    }

    public int maxKeysPerClient() {
        return maxKeysPerClient;
    }

    public HydraConfig maxKeysPerClient(int maxKeysPerClient) {
        this.maxKeysPerClient = maxKeysPerClient;
        return this;
    }

    public int templateSlots() {
        return templateSlots;
    }

    public HydraConfig templateSlots(int templateSlots) {
        this.templateSlots = templateSlots;
        return this;
    }

    public int minTemplatePrompts() {
        return minTemplatePrompts;
    }

    public HydraConfig minTemplatePrompts(int minTemplatePrompts) {
        this.minTemplatePrompts = minTemplatePrompts;
        return this;
    }

    public double templateMarkShare() {
        return templateMarkShare;
    }

    public HydraConfig templateMarkShare(double templateMarkShare) {
        this.templateMarkShare = templateMarkShare;
        return this;
    }

    public int summaryEvery() {
        return summaryEvery;
    }

    public HydraConfig summaryEvery(int summaryEvery) {
        this.summaryEvery = summaryEvery;
        return this;
    }

    public double summaryScoreDelta() {
        return summaryScoreDelta;
    }

    public HydraConfig summaryScoreDelta(double summaryScoreDelta) {
        this.summaryScoreDelta = summaryScoreDelta;
        return this;
    }

    public int minMembers() {
        return minMembers;
    }

    public HydraConfig minMembers(int minMembers) {
        this.minMembers = minMembers;
        return this;
    }

    public int fullMembers() {
        return fullMembers;
    }

    public HydraConfig fullMembers(int fullMembers) {
        this.fullMembers = fullMembers;
        return this;
    }

    public long fullPooledEvents() {
        return fullPooledEvents;
    }

    public HydraConfig fullPooledEvents(long fullPooledEvents) {
        this.fullPooledEvents = fullPooledEvents;
        return this;
    }

    public double minSharedTemplate() {
        return minSharedTemplate;
    }

    public HydraConfig minSharedTemplate(double minSharedTemplate) {
        this.minSharedTemplate = minSharedTemplate;
        return this;
    }

    public double declaredTenantFactor() {
        return declaredTenantFactor;
    }

    public HydraConfig declaredTenantFactor(double declaredTenantFactor) {
        this.declaredTenantFactor = declaredTenantFactor;
        return this;
    }

    public double memberScoreWeight() {
        return memberScoreWeight;
    }

    public HydraConfig memberScoreWeight(double memberScoreWeight) {
        this.memberScoreWeight = memberScoreWeight;
        return this;
    }

    public int evidenceMembers() {
        return evidenceMembers;
    }

    public HydraConfig evidenceMembers(int evidenceMembers) {
        this.evidenceMembers = evidenceMembers;
        return this;
    }

    /** The cluster path, when on, watches the first {@link #templateSlots} slots of each signature. */
    @Override
    public Need signatureNeed() {
        return new Need(enabled ? templateSlots : 1, "detection.hydra.templateSlots (" + templateSlots
                + ") slots of each signature are watched for template marks");
    }

    public Duration orderHeartbeat() {
        return orderHeartbeat;
    }

    public HydraConfig orderHeartbeat(Duration orderHeartbeat) {
        this.orderHeartbeat = orderHeartbeat;
        return this;
    }

    public Duration orderIdleTimeout() {
        return orderIdleTimeout;
    }

    public HydraConfig orderIdleTimeout(Duration orderIdleTimeout) {
        this.orderIdleTimeout = orderIdleTimeout;
        return this;
    }

    public int orderMaxBuffered() {
        return orderMaxBuffered;
    }

    public HydraConfig orderMaxBuffered(int orderMaxBuffered) {
        this.orderMaxBuffered = orderMaxBuffered;
        return this;
    }
}
