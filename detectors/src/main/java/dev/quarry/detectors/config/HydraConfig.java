package dev.quarry.detectors.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Thresholds of the cross-client ("hydra") cluster path: which shared attributes link accounts,
 * when a link key is too common to mean anything, how often clients report to the cluster side,
 * and how {@link dev.quarry.detectors.cluster.HydraClusterDetector} scores a cluster. See those
 * classes for why each default is what it is. Mutable bean bound from YAML.
 */
public class HydraConfig {
    /** Turns the whole cluster path (link keys, union-find, cluster alerts) on or off. */
    @JsonProperty
    public boolean enabled = true;
    /**
     * Distinct clients after which a strong key ({@code pay:}, {@code org:}) stops linking: a
     * payment instrument behind thousands of keys is a marketplace or reseller, not one owner.
     */
    @JsonProperty
    public int maxMembersStrongKey = 5000;
    /**
     * Distinct clients after which a combined weak key ({@code net-tls:}, {@code net-tpl:},
     * {@code tls-tpl:}) stops linking: a cloud /24 with a popular SDK is shared by strangers.
     */
    @JsonProperty
    public int maxMembersWeakKey = 64;
    /** Link keys a client announces at most (rotating proxies would otherwise announce forever). */
    @JsonProperty
    public int maxKeysPerClient = 32;
    /** MinHash slots of the prompt signature watched for template marks (recurring minima). */
    @JsonProperty
    public int templateSlots = 6;
    /** Distinct fingerprinted prompts a client needs before its template marks are trusted. */
    @JsonProperty
    public int minTemplatePrompts = 30;
    /** Guaranteed share of a client's prompts a slot value needs to be a template mark. */
    @JsonProperty
    public double templateMarkShare = 0.3;
    /** A client reports a summary to the cluster side every this many of its events... */
    @JsonProperty
    public int summaryEvery = 25;
    /** ... and also when its fused score moved by this much since its last summary. */
    @JsonProperty
    public double summaryScoreDelta = 0.1;
    /** Members with a summary a cluster needs before it is scored at all. */
    @JsonProperty
    public int minMembers = 5;
    /** Members at which the size part of the score reaches 1. */
    @JsonProperty
    public int fullMembers = 20;
    /** Pooled events at which the volume part of the score reaches 1 (it starts at 0.5). */
    @JsonProperty
    public long fullPooledEvents = 2000;
    /** Share of members carrying the cluster's top template mark below which nothing is reported. */
    @JsonProperty
    public double minSharedTemplate = 0.5;
    /**
     * Factor on the score of a cluster linked through an organisation key ({@code org:}): one
     * tenant's declared keys, which may share a template by design. 0.25 keeps the strongest such
     * cluster on the watch list, below {@code fusion.medium}.
     */
    @JsonProperty
    public double declaredTenantFactor = 0.25;
    /** Weight of the members' own mean fused score in the cluster score. */
    @JsonProperty
    public double memberScoreWeight = 0.25;
    /** Member ids, link keys and templates kept per cluster as evidence. */
    @JsonProperty
    public int evidenceMembers = 32;
}
