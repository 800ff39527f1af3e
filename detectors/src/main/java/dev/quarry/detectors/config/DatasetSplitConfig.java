package dev.quarry.detectors.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;

/**
 * Thresholds of the dataset-split side: accounts that share no infrastructure but split one
 * public dataset between them, found by their joint, disjoint coverage of its items. See
 * {@link dev.quarry.detectors.cluster.DatasetSplitDetector} for why each default is what it is.
 * Mutable bean bound from YAML and validated when loaded.
 */
@KeyOrder(lower = "minUnion", upper = "fullUnion")
@KeyOrder(lower = "minMembers", upper = "maxParticipants", orEqual = true)
@KeyOrder(lower = "memberAlpha", upper = "maxMemberAlpha", orEqual = true)
public class DatasetSplitConfig {
    public static final boolean DEFAULT_ENABLED = true;
    public static final int DEFAULT_MIN_ITEMS = 10;
    public static final int DEFAULT_MIN_MEMBERS = 3;
    public static final double DEFAULT_MAX_OVERLAP_RATIO = 0.5;
    public static final double DEFAULT_WHOLE_SET_SHARE = 0.5;
    public static final double DEFAULT_RERUN_PROMPTS_PER_ITEM = 1.5;
    public static final double DEFAULT_MEMBER_ALPHA = 1e-3;
    public static final double DEFAULT_ALPHA = 1e-6;
    public static final double DEFAULT_MAX_MEMBER_ALPHA = 0.05;
    public static final double DEFAULT_MIN_COVERAGE_GAIN = 2.0;
    public static final int DEFAULT_MIN_UNION = 100;
    public static final int DEFAULT_FULL_UNION = 2000;
    public static final int DEFAULT_RESCORE_EVERY = 25;
    public static final int DEFAULT_MAX_PARTICIPANTS = 2000;
    public static final double DEFAULT_DECLARED_TENANT_FACTOR = 0.25;
    public static final int DEFAULT_LISTED_MEMBERS = 200;
    public static final int DEFAULT_GROUP_SEARCH_MAX_PARTICIPANTS = 400;
    public static final int DEFAULT_GROUP_SEARCH_MIN_MEMBERS = 20;
    public static final Duration DEFAULT_PERIOD = Duration.ofDays(7);

    /**
     * Turns the side on or off (it also needs reference sets: {@code --reference-dir}).
     * Default {@value #DEFAULT_ENABLED}.
     */
    @JsonProperty
    private boolean enabled = DEFAULT_ENABLED;
    /**
     * Distinct items of one set a client needs to take part (below it, a student's homework).
     * Default {@value #DEFAULT_MIN_ITEMS}.
     */
    @Min(1)
    @JsonProperty
    private int minItems = DEFAULT_MIN_ITEMS;
    /** Near-disjoint participants a split needs. Default {@value #DEFAULT_MIN_MEMBERS}. */
    @Min(2)
    @JsonProperty
    private int minMembers = DEFAULT_MIN_MEMBERS;
    /**
     * Items a participant shares with the others, over what an independent client would share,
     * up to which it counts as disjoint (others' random draws land on a split's items too).
     * Default {@value #DEFAULT_MAX_OVERLAP_RATIO}.
     */
    @DecimalMin("0")
    @DecimalMax(value = "1", inclusive = false)
    @JsonProperty
    private double maxOverlapRatio = DEFAULT_MAX_OVERLAP_RATIO;
    /**
     * Share of the set a client holds from which it is a whole-set run, left out of the test.
     * Default {@value #DEFAULT_WHOLE_SET_SHARE}.
     */
    @DecimalMin(value = "0", inclusive = false)
    @DecimalMax("1")
    @JsonProperty
    private double wholeSetShare = DEFAULT_WHOLE_SET_SHARE;
    /**
     * Prompts per distinct item of the set from which a client is re-running an evaluation (each
     * item asked again for another model, epoch or run, as HELM's and lm-evaluation-harness's
     * leaderboards do) and is left out of the test: a split's member takes its part once. Halfway
     * between one pass (1) and the smallest re-run (2). Default
     * {@value #DEFAULT_RERUN_PROMPTS_PER_ITEM}.
     */
    @DecimalMin(value = "1", inclusive = false)
    @JsonProperty
    private double rerunPromptsPerItem = DEFAULT_RERUN_PROMPTS_PER_ITEM;
    /**
     * A participant is a member when the binomial lower tail of the items it shares with the others,
     * against what an independent client drawing from the set would share, is at most this.
     * Default {@value #DEFAULT_MEMBER_ALPHA}.
     */
    @DecimalMin(value = "0", inclusive = false)
    @DecimalMax(value = "1", inclusive = false)
    @JsonProperty
    private double memberAlpha = DEFAULT_MEMBER_ALPHA;
    /**
     * The loosest member threshold tested: the fleet test runs at {@code memberAlpha}, then at ten
     * times it and so on up to this, each at {@code alpha} divided by the number of thresholds
     * (Bonferroni). Members of a split of a large set into small parts are each only mildly
     * significant, but all at once. Default {@value #DEFAULT_MAX_MEMBER_ALPHA}.
     */
    @DecimalMin(value = "0", inclusive = false)
    @DecimalMax(value = "1", inclusive = false)
    @JsonProperty
    private double maxMemberAlpha = DEFAULT_MAX_MEMBER_ALPHA;
    /**
     * Items the members hold together, over the largest member's, below which no split is
     * reported: a split covers much more than any of its members.
     * Default {@value #DEFAULT_MIN_COVERAGE_GAIN}.
     */
    @DecimalMin("1")
    @JsonProperty
    private double minCoverageGain = DEFAULT_MIN_COVERAGE_GAIN;
    /**
     * Significance of the fleet: the binomial upper tail of the member count among the
     * participants, each a member by chance with probability {@code memberAlpha}.
     * Default {@value #DEFAULT_ALPHA}.
     */
    @DecimalMin(value = "0", inclusive = false)
    @DecimalMax(value = "1", inclusive = false)
    @JsonProperty
    private double alpha = DEFAULT_ALPHA;
    /**
     * Items the members hold together where the score starts (0.5, {@code fusion.medium}).
     * Default {@value #DEFAULT_MIN_UNION}.
     */
    @Min(1)
    @JsonProperty
    private int minUnion = DEFAULT_MIN_UNION;
    /** Items held together at which the score reaches 1. Default {@value #DEFAULT_FULL_UNION}. */
    @JsonProperty
    private int fullUnion = DEFAULT_FULL_UNION;
    /**
     * A set is rescored every this many of its item claims (and when a participant joins).
     * Default {@value #DEFAULT_RESCORE_EVERY}.
     */
    @Min(1)
    @JsonProperty
    private int rescoreEvery = DEFAULT_RESCORE_EVERY;
    /**
     * Participants tracked per set; later ones are not (counted as {@code participants_dropped}).
     * Default {@value #DEFAULT_MAX_PARTICIPANTS}.
     */
    @JsonProperty
    private int maxParticipants = DEFAULT_MAX_PARTICIPANTS;
    /**
     * Factor on a split whose members all declare one organisation: one tenant sharding its own
     * evaluation over several keys. 0.25 keeps it on the watch list.
     * Default {@value #DEFAULT_DECLARED_TENANT_FACTOR}.
     */
    @DecimalMin("0")
    @DecimalMax("1")
    @JsonProperty
    private double declaredTenantFactor = DEFAULT_DECLARED_TENANT_FACTOR;
    /**
     * The period over which clients' items are compared: a client with no item of a set for this
     * long leaves the set (its items are forgotten, its participant slot freed), so a split is
     * found among accounts active in the same period and the state holds one period's clients.
     * Default {@code P7D}.
     */
    @NotNull
    @DurationMin(minutes = 1, message = "must be at least a minute")
    @JsonProperty
    private Duration period = DEFAULT_PERIOD;
    /** Member ids listed in the evidence and in the fleet alert's subject. Default {@value #DEFAULT_LISTED_MEMBERS}. */
    @Min(1)
    @JsonProperty
    private int listedMembers = DEFAULT_LISTED_MEMBERS;
    /**
     * Participants, those holding most items, that the group search (a split hidden among many
     * independent users of the set) looks at: it costs a bitmap intersection per pair.
     * Default {@value #DEFAULT_GROUP_SEARCH_MAX_PARTICIPANTS}.
     */
    @Min(2)
    @JsonProperty
    private int groupSearchMaxParticipants = DEFAULT_GROUP_SEARCH_MAX_PARTICIPANTS;
    /**
     * Members a split found by the group search needs. The search is for fleets of many small
     * accounts (the reported campaigns ran tens to thousands of accounts under per-account limits);
     * a few clients walking a set in order (an evaluation run, a harvester) can be disjoint without
     * coordination, which the search's random-draw null does not model.
     * Default {@value #DEFAULT_GROUP_SEARCH_MIN_MEMBERS}.
     */
    @Min(2)
    @JsonProperty
    private int groupSearchMinMembers = DEFAULT_GROUP_SEARCH_MIN_MEMBERS;

    public boolean enabled() {
        return enabled;
    }

    public DatasetSplitConfig enabled(boolean enabled) {
        this.enabled = enabled;
        return this;
    }

    public int groupSearchMaxParticipants() {
        return groupSearchMaxParticipants;
    }

    public DatasetSplitConfig groupSearchMaxParticipants(int groupSearchMaxParticipants) {
        this.groupSearchMaxParticipants = groupSearchMaxParticipants;
        return this;
    }

    public int groupSearchMinMembers() {
        return groupSearchMinMembers;
    }

    public DatasetSplitConfig groupSearchMinMembers(int groupSearchMinMembers) {
        this.groupSearchMinMembers = groupSearchMinMembers;
        return this;
    }

    public int minItems() {
        return minItems;
    }

    public DatasetSplitConfig minItems(int minItems) {
        this.minItems = minItems;
        return this;
    }

    public int minMembers() {
        return minMembers;
    }

    public DatasetSplitConfig minMembers(int minMembers) {
        this.minMembers = minMembers;
        return this;
    }

    public double maxOverlapRatio() {
        return maxOverlapRatio;
    }

    public DatasetSplitConfig maxOverlapRatio(double maxOverlapRatio) {
        this.maxOverlapRatio = maxOverlapRatio;
        return this;
    }

    public double wholeSetShare() {
        return wholeSetShare;
    }

    public DatasetSplitConfig wholeSetShare(double wholeSetShare) {
        this.wholeSetShare = wholeSetShare;
        return this;
    }

    public double rerunPromptsPerItem() {
        return rerunPromptsPerItem;
    }

    public DatasetSplitConfig rerunPromptsPerItem(double rerunPromptsPerItem) {
        this.rerunPromptsPerItem = rerunPromptsPerItem;
        return this;
    }

    public double memberAlpha() {
        return memberAlpha;
    }

    public DatasetSplitConfig memberAlpha(double memberAlpha) {
        this.memberAlpha = memberAlpha;
        return this;
    }

    public double maxMemberAlpha() {
        return maxMemberAlpha;
    }

    public DatasetSplitConfig maxMemberAlpha(double maxMemberAlpha) {
        this.maxMemberAlpha = maxMemberAlpha;
        return this;
    }

    public double minCoverageGain() {
        return minCoverageGain;
    }

    public DatasetSplitConfig minCoverageGain(double minCoverageGain) {
        this.minCoverageGain = minCoverageGain;
        return this;
    }

    public double alpha() {
        return alpha;
    }

    public DatasetSplitConfig alpha(double alpha) {
        this.alpha = alpha;
        return this;
    }

    public int minUnion() {
        return minUnion;
    }

    public DatasetSplitConfig minUnion(int minUnion) {
        this.minUnion = minUnion;
        return this;
    }

    public int fullUnion() {
        return fullUnion;
    }

    public DatasetSplitConfig fullUnion(int fullUnion) {
        this.fullUnion = fullUnion;
        return this;
    }

    public int rescoreEvery() {
        return rescoreEvery;
    }

    public DatasetSplitConfig rescoreEvery(int rescoreEvery) {
        this.rescoreEvery = rescoreEvery;
        return this;
    }

    public int maxParticipants() {
        return maxParticipants;
    }

    public DatasetSplitConfig maxParticipants(int maxParticipants) {
        this.maxParticipants = maxParticipants;
        return this;
    }

    public double declaredTenantFactor() {
        return declaredTenantFactor;
    }

    public DatasetSplitConfig declaredTenantFactor(double declaredTenantFactor) {
        this.declaredTenantFactor = declaredTenantFactor;
        return this;
    }

    public Duration period() {
        return period;
    }

    public DatasetSplitConfig period(Duration period) {
        this.period = period;
        return this;
    }

    public int listedMembers() {
        return listedMembers;
    }

    public DatasetSplitConfig listedMembers(int listedMembers) {
        this.listedMembers = listedMembers;
        return this;
    }
}
