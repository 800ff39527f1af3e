package dev.quarry.detectors.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Thresholds of the dataset-split side: accounts that share no infrastructure but split one
 * public dataset between them, found by their joint, disjoint coverage of its items. See
 * {@link dev.quarry.detectors.cluster.DatasetSplitDetector} for why each default is what it is.
 * Mutable bean bound from YAML.
 */
public class DatasetSplitConfig {
    /** Turns the side on or off (it also needs reference sets: {@code --reference-dir}). */
    @JsonProperty
    public boolean enabled = true;
    /** Distinct items of one set a client needs to take part (below it, a student's homework). */
    @JsonProperty
    public int minItems = 10;
    /** Near-disjoint participants a split needs. */
    @JsonProperty
    public int minMembers = 3;
    /**
     * Items a participant shares with the others, over what an independent client would share,
     * up to which it counts as disjoint (others' random draws land on a split's items too).
     */
    @JsonProperty
    public double maxOverlapRatio = 0.5;
    /** Share of the set a client holds from which it is a whole-set run, left out of the test. */
    @JsonProperty
    public double wholeSetShare = 0.5;
    /**
     * A participant is a member when the binomial lower tail of the items it shares with the others,
     * against what an independent client drawing from the set would share, is at most this.
     */
    @JsonProperty
    public double memberAlpha = 1e-3;
    /**
     * Significance of the fleet: the binomial upper tail of the member count among the
     * participants, each a member by chance with probability {@code memberAlpha}.
     */
    @JsonProperty
    public double alpha = 1e-6;
    /** Items the members hold together where the score starts (0.5, {@code fusion.medium}). */
    @JsonProperty
    public int minUnion = 100;
    /** Items held together at which the score reaches 1. */
    @JsonProperty
    public int fullUnion = 2000;
    /** A set is rescored every this many of its item claims (and when a participant joins). */
    @JsonProperty
    public int rescoreEvery = 25;
    /** Participants tracked per set; later ones are not (counted as {@code participants_dropped}). */
    @JsonProperty
    public int maxParticipants = 2000;
    /**
     * Factor on a split whose members all declare one organisation: one tenant sharding its own
     * evaluation over several keys. 0.25 keeps it on the watch list.
     */
    @JsonProperty
    public double declaredTenantFactor = 0.25;
    /** Member ids listed in the evidence and in the fleet alert's subject. */
    @JsonProperty
    public int listedMembers = 200;
}
