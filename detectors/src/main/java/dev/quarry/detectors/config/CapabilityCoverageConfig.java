package dev.quarry.detectors.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.quarry.detectors.detector.CapabilityCoverageDetector;
import dev.quarry.detectors.detector.DetectorContext;
import dev.quarry.detectors.detector.DetectorSection;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * Thresholds of {@link dev.quarry.detectors.detector.CapabilityCoverageDetector}. See that class
 * for why each default is what it is. Mutable bean bound from YAML and validated when loaded.
 */
@KeyOrder(lower = "minQueries", upper = "fullVolumeQueries", orEqual = true)
@KeyOrder(lower = "humanPromptsPerHour", upper = "fullPromptsPerHour")
@KeyOrder(lower = "mmdZ", upper = "fullMmdZ")
@KeyOrder(lower = "productTaskShare", upper = "fullTaskShare")
@KeyOrder(lower = "slowStyleFloor", upper = "fullInstructionScore")
@KeyOrder(lower = "slowStyleFloor", upper = "slowFullStyle")
@KeyOrder(lower = "slowMinActiveHours", upper = "slowFullActiveHours")
@KeyOrder(lower = "slowRepertoireShare", upper = "slowFullRepertoireShare")
public class CapabilityCoverageConfig implements DetectorSection<CapabilityCoverageDetector> {
    public static final int DEFAULT_LSH_PLANES = 10;
    public static final long DEFAULT_LSH_SEED = 0x0C0F_E4A6L;
    public static final int DEFAULT_WINDOW_PROMPTS = 32;
    public static final int DEFAULT_MIN_WORDS = 4;
    public static final int DEFAULT_MIN_MAX_TOKENS = 16;
    public static final int DEFAULT_MIN_QUERIES = 64;
    public static final int DEFAULT_FULL_VOLUME_QUERIES = 512;
    public static final double DEFAULT_HUMAN_PROMPTS_PER_HOUR = 60;
    public static final double DEFAULT_FULL_PROMPTS_PER_HOUR = 240;
    public static final double DEFAULT_FULL_BUCKET_SHARE = 0.8;
    public static final double DEFAULT_FULL_INSTRUCTION_SCORE = 0.6;
    public static final double DEFAULT_MMD_Z = 3;
    public static final double DEFAULT_FULL_MMD_Z = 30;
    public static final int DEFAULT_TASK_WORDS = 4;
    public static final double DEFAULT_PRODUCT_TASK_SHARE = 0.15;
    public static final double DEFAULT_FULL_TASK_SHARE = 0.4;
    public static final double DEFAULT_ORPHAN_SHARE = 0.2;
    public static final double DEFAULT_FULL_ORPHAN_SHARE = 0.6;
    public static final int DEFAULT_CONVERSATION_WARMUP_MINUTES = 30;
    public static final int DEFAULT_SLOW_WINDOW_PROMPTS = 16;
    public static final double DEFAULT_SLOW_STYLE_FLOOR = 0.3;
    public static final double DEFAULT_SLOW_FULL_STYLE = 0.5;
    public static final int DEFAULT_BLEND_MIN_PROMPTS = 6;
    public static final double DEFAULT_BLEND_COMPONENT_STYLE = 0.9;
    public static final double DEFAULT_BLEND_REST_STYLE = 0.5;
    public static final int DEFAULT_SLOW_MIN_ACTIVE_HOURS = 4;
    public static final int DEFAULT_SLOW_FULL_ACTIVE_HOURS = 8;
    public static final double DEFAULT_SLOW_FOLLOW_UP_SHARE = 0.2;
    public static final double DEFAULT_SLOW_REPERTOIRE_SHARE = 0.5;
    public static final double DEFAULT_SLOW_FULL_REPERTOIRE_SHARE = 0.75;
    public static final int DEFAULT_OWN_BASELINE_WINDOWS = 8;
    public static final double DEFAULT_OWN_RISE_SDS = 3.0;
    public static final double DEFAULT_OWN_RISE_MARGIN = 0.2;

    /**
     * Signed random hyperplanes of the LSH bucketing (bucket ids 0 .. 2^planes - 1, at most 12).
     * Default {@value #DEFAULT_LSH_PLANES}.
     */
    @Min(1)
    @Max(12)
    @JsonProperty
    private int lshPlanes = DEFAULT_LSH_PLANES;
    /** Seed of the hyperplanes; changing it invalidates stored bucket sets. Default {@value #DEFAULT_LSH_SEED}. */
    @JsonProperty
    private long lshSeed = DEFAULT_LSH_SEED;
    /**
     * Prompts per tumbling window (block) over which coverage, rate and the MMD test are computed.
     * Default {@value #DEFAULT_WINDOW_PROMPTS}.
     */
    @Min(4)
    @JsonProperty
    private int windowPrompts = DEFAULT_WINDOW_PROMPTS;
    /** Prompts with fewer words are not counted ("thanks", "go on"). Default {@value #DEFAULT_MIN_WORDS}. */
    @Min(1)
    @JsonProperty
    private int minWords = DEFAULT_MIN_WORDS;
    /**
     * Requests with {@code max_tokens} at or below this harvest no output (evaluation runs) and are skipped.
     * Default {@value #DEFAULT_MIN_MAX_TOKENS}.
     */
    @Min(0)
    @JsonProperty
    private int minMaxTokens = DEFAULT_MIN_MAX_TOKENS;
    /** Counted prompts before the detector scores a client. Default {@value #DEFAULT_MIN_QUERIES}. */
    @Min(1)
    @JsonProperty
    private int minQueries = DEFAULT_MIN_QUERIES;
    /**
     * Counted prompts at which the volume part of the score reaches 1.
     * Default {@value #DEFAULT_FULL_VOLUME_QUERIES}.
     */
    @JsonProperty
    private int fullVolumeQueries = DEFAULT_FULL_VOLUME_QUERIES;
    /**
     * Prompts per event-time hour within a window at or below which the pace is human (rate part 0).
     * Default {@value #DEFAULT_HUMAN_PROMPTS_PER_HOUR}.
     */
    @DecimalMin("0")
    @JsonProperty
    private double humanPromptsPerHour = DEFAULT_HUMAN_PROMPTS_PER_HOUR;
    /**
     * Prompts per event-time hour within a window at which the rate part of the score reaches 1.
     * Default {@value #DEFAULT_FULL_PROMPTS_PER_HOUR}.
     */
    @JsonProperty
    private double fullPromptsPerHour = DEFAULT_FULL_PROMPTS_PER_HOUR;
    /**
     * Share of a window's prompts in distinct LSH buckets at which the breadth part reaches 1.
     * Default {@value #DEFAULT_FULL_BUCKET_SHARE}.
     */
    @DecimalMin(value = "0", inclusive = false)
    @DecimalMax("1")
    @JsonProperty
    private double fullBucketShare = DEFAULT_FULL_BUCKET_SHARE;
    /**
     * Mean per-request distillation score of a window at which the instruction part reaches 1.
     * Default {@value #DEFAULT_FULL_INSTRUCTION_SCORE}.
     */
    @DecimalMin(value = "0", inclusive = false)
    @DecimalMax("1")
    @JsonProperty
    private double fullInstructionScore = DEFAULT_FULL_INSTRUCTION_SCORE;
    /**
     * MMD^2 in units of its null standard deviation below which a window does not differ from benign chat.
     * Default {@value #DEFAULT_MMD_Z}.
     */
    @DecimalMin("0")
    @JsonProperty
    private double mmdZ = DEFAULT_MMD_Z;
    /**
     * MMD^2 in null standard deviations at which the distribution-shift part reaches 1.
     * Default {@value #DEFAULT_FULL_MMD_Z}.
     */
    @JsonProperty
    private double fullMmdZ = DEFAULT_FULL_MMD_Z;
    /**
     * Words a prompt's opening instruction is read from ("write a product description", "translate
     * the following text"): four, so that questions that share only "what is the" still differ.
     * Default {@value #DEFAULT_TASK_WORDS}.
     */
    @Min(1)
    @JsonProperty
    private int taskWords = DEFAULT_TASK_WORDS;
    /**
     * Share of a window's prompts with distinct openers at or below which the window is one task:
     * a product phrases its task in a few ways (one per feature or template), so up to about 5 of
     * 32 prompts; the task part of the score is 0 there.
     * Default {@value #DEFAULT_PRODUCT_TASK_SHARE}.
     */
    @DecimalMin("0")
    @DecimalMax("1")
    @JsonProperty
    private double productTaskShare = DEFAULT_PRODUCT_TASK_SHARE;
    /**
     * Share of distinct openers at which the task part reaches 1: 13 of 32 prompts opening
     * differently is no longer one product's handful of templates.
     * Default {@value #DEFAULT_FULL_TASK_SHARE}.
     */
    @DecimalMax("1")
    @JsonProperty
    private double fullTaskShare = DEFAULT_FULL_TASK_SHARE;
    /**
     * Share of a window's prompts that are steps of conversations the client never opened (earlier
     * assistant or tool turns under a first message it never sent) at or below which they are
     * ordinary: a conversation resumed after a restart, or one of more than the 1,024 to 2,048
     * remembered. One in five is more than a product sees from those.
     * Default {@value #DEFAULT_ORPHAN_SHARE}.
     */
    @DecimalMin("0")
    @DecimalMax("1")
    @JsonProperty
    private double orphanShare = DEFAULT_ORPHAN_SHARE;
    /**
     * Share of unopened steps at which they count as a relabelling harvest in full (harvest style
     * and task spread both 1): most of the window is someone else's trajectories.
     * Default {@value #DEFAULT_FULL_ORPHAN_SHARE}.
     */
    @DecimalMin("0")
    @DecimalMax("1")
    @JsonProperty
    private double fullOrphanShare = DEFAULT_FULL_ORPHAN_SHARE;
    /**
     * Minutes of event time after a client's first request during which no step counts as unopened:
     * conversations already running when Quarry started watching end within about half an hour
     * (agent tasks take minutes, chat sessions rarely longer). Default
     * {@value #DEFAULT_CONVERSATION_WARMUP_MINUTES}.
     */
    @Min(0)
    @JsonProperty
    private int conversationWarmupMinutes = DEFAULT_CONVERSATION_WARMUP_MINUTES;
    /**
     * Windows of its own history a client needs before a window can have risen above it: eight
     * windows of {@code windowPrompts} are a working day of a product at a few hundred requests,
     * enough for a mean and a spread. Default {@value #DEFAULT_OWN_BASELINE_WINDOWS}.
     */
    @Min(2)
    @JsonProperty
    private int ownBaselineWindows = DEFAULT_OWN_BASELINE_WINDOWS;
    /**
     * A window's score without pace has risen above the client's own history when it exceeds the
     * mean of its earlier ordinary windows by this many of their standard deviations: the
     * three-sigma limit of a Shewhart control chart (Shewhart 1931; Montgomery, Introduction to
     * Statistical Quality Control), which a window varying as before crosses about once in 700.
     * Default {@value #DEFAULT_OWN_RISE_SDS}.
     */
    @DecimalMin("0")
    @JsonProperty
    private double ownRiseSds = DEFAULT_OWN_RISE_SDS;
    /**
     * The least rise, in score, that counts, whatever the spread: a client whose windows were
     * all alike has a spread near 0, and a rise smaller than a fifth of the score's range is no
     * change of behaviour. Default {@value #DEFAULT_OWN_RISE_MARGIN}.
     */
    @DecimalMin("0")
    @DecimalMax("1")
    @JsonProperty
    private double ownRiseMargin = DEFAULT_OWN_RISE_MARGIN;

    /**
     * Prompts per slow window: the windows of a client below human pace, scored without pace or
     * volume. Half the main window, so that an account sending a few prompts an hour closes one
     * within a working day. Default {@value #DEFAULT_SLOW_WINDOW_PROMPTS}.
     */
    @Min(4)
    @JsonProperty
    private int slowWindowPrompts = DEFAULT_SLOW_WINDOW_PROMPTS;
    /**
     * Mean request score of a slow window at or below which it is not a harvest (the slow path's
     * style part is 0 there, 1 at {@code slowFullStyle}): without pace to go on, the slow
     * path wants clearly harvest-style wording, above what ordinary questions, homework and
     * tutoring requests score. Default {@value #DEFAULT_SLOW_STYLE_FLOOR}.
     */
    @DecimalMin("0")
    @DecimalMax("1")
    @JsonProperty
    private double slowStyleFloor = DEFAULT_SLOW_STYLE_FLOOR;

    /**
     * Mean request score of a slow window at which its style part is full. The floor already
     * keeps ordinary questions, homework and tutoring out; above it, a window of self-contained
     * instructions that demand a worked, explained answer is a harvest's wording however it is
     * phrased, and persistence, breadth, task spread and the absence of follow-ups carry the rest.
     * Half the request score's range, under the main window's {@code fullInstructionScore}, where
     * wording stands beside pace. Default {@value #DEFAULT_SLOW_FULL_STYLE}.
     */
    @DecimalMin("0")
    @DecimalMax("1")
    @JsonProperty
    private double slowFullStyle = DEFAULT_SLOW_FULL_STYLE;

    public double slowFullStyle() {
        return slowFullStyle;
    }

    public CapabilityCoverageConfig slowFullStyle(double slowFullStyle) {
        this.slowFullStyle = slowFullStyle;
        return this;
    }

    /**
     * Requests under one system prompt (one request shape) in a window at which they form a
     * component of the key's traffic whose harvest style is judged on its own: a reseller's or
     * proxy's own job blended into its customers' chat. Chosen, not measured: about a sixth of a
     * 32-prompt window, so that one or two long-form requests among chat are not a component.
     * Default {@value #DEFAULT_BLEND_MIN_PROMPTS}.
     */
    @Min(2)
    @JsonProperty
    private int blendMinPrompts = DEFAULT_BLEND_MIN_PROMPTS;
    /**
     * Mean style of a component (each request's score over {@code fullInstructionScore}, capped
     * at 1, as the window's) at or above which the component is a harvest: nearly every request
     * under that system prompt reads as a distillation request. A content product's one system
     * prompt scores about 0.7 on generated traffic, a templated harvest 1.0.
     * Default {@value #DEFAULT_BLEND_COMPONENT_STYLE}.
     */
    @DecimalMin("0")
    @DecimalMax("1")
    @JsonProperty
    private double blendComponentStyle = DEFAULT_BLEND_COMPONENT_STYLE;
    /**
     * Mean style of the rest of the window at or below which the rest is ordinary traffic (0.5:
     * a raw request score of {@code slowStyleFloor}, 0.3, over {@code fullInstructionScore}, 0.6,
     * below homework and tutoring). Only a harvest component blended into ordinary traffic
     * replaces the window's style: a pipeline whose every component is instruction-like is judged
     * as a whole. Default {@value #DEFAULT_BLEND_REST_STYLE}.
     */
    @DecimalMin("0")
    @DecimalMax("1")
    @JsonProperty
    private double blendRestStyle = DEFAULT_BLEND_REST_STYLE;

    public int blendMinPrompts() {
        return blendMinPrompts;
    }

    public CapabilityCoverageConfig blendMinPrompts(int blendMinPrompts) {
        this.blendMinPrompts = blendMinPrompts;
        return this;
    }

    public double blendComponentStyle() {
        return blendComponentStyle;
    }

    public CapabilityCoverageConfig blendComponentStyle(double blendComponentStyle) {
        this.blendComponentStyle = blendComponentStyle;
        return this;
    }

    public double blendRestStyle() {
        return blendRestStyle;
    }

    public CapabilityCoverageConfig blendRestStyle(double blendRestStyle) {
        this.blendRestStyle = blendRestStyle;
        return this;
    }
    /**
     * Distinct event-time hours with counted prompts, over a run of consecutive slow windows, at
     * or below which the run is one sitting (a study session, an afternoon's work) and the slow
     * path scores 0. Default {@value #DEFAULT_SLOW_MIN_ACTIVE_HOURS}.
     */
    @Min(1)
    @JsonProperty
    private int slowMinActiveHours = DEFAULT_SLOW_MIN_ACTIVE_HOURS;
    /**
     * Distinct active hours at which the persistence part of the slow path reaches 1: a working
     * day of coming back hour after hour with new tasks. At most 64. Default
     * {@value #DEFAULT_SLOW_FULL_ACTIVE_HOURS}.
     */
    @Max(64)
    @JsonProperty
    private int slowFullActiveHours = DEFAULT_SLOW_FULL_ACTIVE_HOURS;

    /**
     * Share of a slow window's requests that continue a conversation the client opened (they
     * carry its earlier assistant or tool turns) at which the slow path scores 0, linear from 0:
     * a harvest collects single-turn pairs, people follow up, and one request in five continuing a
     * conversation is a person's or an app's. Default {@value #DEFAULT_SLOW_FOLLOW_UP_SHARE}.
     */
    @DecimalMin(value = "0", inclusive = false)
    @DecimalMax("1")
    @JsonProperty
    private double slowFollowUpShare = DEFAULT_SLOW_FOLLOW_UP_SHARE;

    /**
     * The slow path's task repertoire: distinct instruction openers among a slow window's prompts,
     * as a share of them, from which the window's task spread counts even when the openers are
     * not new to the client. A capability sweep crosses a repertoire of task kinds (explain,
     * compare, critique, plan, ...) with topics and domains, so after a while its openers recur,
     * yet any 16 of its prompts hold a dozen different ones; a product fills one or a few brief
     * templates, a handful per window. Half the window (8 different tasks in 16 prompts) is more
     * than a product's brief set; full at {@code slowFullRepertoireShare}. Default {@value #DEFAULT_SLOW_REPERTOIRE_SHARE}.
     */
    @DecimalMin("0")
    @DecimalMax("1")
    @JsonProperty
    private double slowRepertoireShare = DEFAULT_SLOW_REPERTOIRE_SHARE;

    /**
     * Repertoire share at which the slow window's task spread is full (12 different tasks in 16
     * prompts). Default {@value #DEFAULT_SLOW_FULL_REPERTOIRE_SHARE}.
     */
    @DecimalMin("0")
    @DecimalMax("1")
    @JsonProperty
    private double slowFullRepertoireShare = DEFAULT_SLOW_FULL_REPERTOIRE_SHARE;

    public double slowRepertoireShare() {
        return slowRepertoireShare;
    }

    public CapabilityCoverageConfig slowRepertoireShare(double slowRepertoireShare) {
        this.slowRepertoireShare = slowRepertoireShare;
        return this;
    }

    public double slowFullRepertoireShare() {
        return slowFullRepertoireShare;
    }

    public CapabilityCoverageConfig slowFullRepertoireShare(double slowFullRepertoireShare) {
        this.slowFullRepertoireShare = slowFullRepertoireShare;
        return this;
    }

    public double slowFollowUpShare() {
        return slowFollowUpShare;
    }

    public CapabilityCoverageConfig slowFollowUpShare(double slowFollowUpShare) {
        this.slowFollowUpShare = slowFollowUpShare;
        return this;
    }

    public int slowWindowPrompts() {
        return slowWindowPrompts;
    }

    public CapabilityCoverageConfig slowWindowPrompts(int slowWindowPrompts) {
        this.slowWindowPrompts = slowWindowPrompts;
        return this;
    }

    public double slowStyleFloor() {
        return slowStyleFloor;
    }

    public CapabilityCoverageConfig slowStyleFloor(double slowStyleFloor) {
        this.slowStyleFloor = slowStyleFloor;
        return this;
    }

    public int slowMinActiveHours() {
        return slowMinActiveHours;
    }

    public CapabilityCoverageConfig slowMinActiveHours(int slowMinActiveHours) {
        this.slowMinActiveHours = slowMinActiveHours;
        return this;
    }

    public int slowFullActiveHours() {
        return slowFullActiveHours;
    }

    public CapabilityCoverageConfig slowFullActiveHours(int slowFullActiveHours) {
        this.slowFullActiveHours = slowFullActiveHours;
        return this;
    }

    public int lshPlanes() {
        return lshPlanes;
    }

    public CapabilityCoverageConfig lshPlanes(int lshPlanes) {
        this.lshPlanes = lshPlanes;
        return this;
    }

    public long lshSeed() {
        return lshSeed;
    }

    public CapabilityCoverageConfig lshSeed(long lshSeed) {
        this.lshSeed = lshSeed;
        return this;
    }

    public int windowPrompts() {
        return windowPrompts;
    }

    public CapabilityCoverageConfig windowPrompts(int windowPrompts) {
        this.windowPrompts = windowPrompts;
        return this;
    }

    public int minWords() {
        return minWords;
    }

    public CapabilityCoverageConfig minWords(int minWords) {
        this.minWords = minWords;
        return this;
    }

    public int minMaxTokens() {
        return minMaxTokens;
    }

    public CapabilityCoverageConfig minMaxTokens(int minMaxTokens) {
        this.minMaxTokens = minMaxTokens;
        return this;
    }

    public int minQueries() {
        return minQueries;
    }

    public CapabilityCoverageConfig minQueries(int minQueries) {
        this.minQueries = minQueries;
        return this;
    }

    public int fullVolumeQueries() {
        return fullVolumeQueries;
    }

    public CapabilityCoverageConfig fullVolumeQueries(int fullVolumeQueries) {
        this.fullVolumeQueries = fullVolumeQueries;
        return this;
    }

    public double humanPromptsPerHour() {
        return humanPromptsPerHour;
    }

    public CapabilityCoverageConfig humanPromptsPerHour(double humanPromptsPerHour) {
        this.humanPromptsPerHour = humanPromptsPerHour;
        return this;
    }

    public double fullPromptsPerHour() {
        return fullPromptsPerHour;
    }

    public CapabilityCoverageConfig fullPromptsPerHour(double fullPromptsPerHour) {
        this.fullPromptsPerHour = fullPromptsPerHour;
        return this;
    }

    public double fullBucketShare() {
        return fullBucketShare;
    }

    public CapabilityCoverageConfig fullBucketShare(double fullBucketShare) {
        this.fullBucketShare = fullBucketShare;
        return this;
    }

    public double fullInstructionScore() {
        return fullInstructionScore;
    }

    public CapabilityCoverageConfig fullInstructionScore(double fullInstructionScore) {
        this.fullInstructionScore = fullInstructionScore;
        return this;
    }

    public double mmdZ() {
        return mmdZ;
    }

    public CapabilityCoverageConfig mmdZ(double mmdZ) {
        this.mmdZ = mmdZ;
        return this;
    }

    public double fullMmdZ() {
        return fullMmdZ;
    }

    public CapabilityCoverageConfig fullMmdZ(double fullMmdZ) {
        this.fullMmdZ = fullMmdZ;
        return this;
    }

    public int taskWords() {
        return taskWords;
    }

    public CapabilityCoverageConfig taskWords(int taskWords) {
        this.taskWords = taskWords;
        return this;
    }

    public double productTaskShare() {
        return productTaskShare;
    }

    public CapabilityCoverageConfig productTaskShare(double productTaskShare) {
        this.productTaskShare = productTaskShare;
        return this;
    }

    public double fullTaskShare() {
        return fullTaskShare;
    }

    public CapabilityCoverageConfig fullTaskShare(double fullTaskShare) {
        this.fullTaskShare = fullTaskShare;
        return this;
    }

    public double orphanShare() {
        return orphanShare;
    }

    public CapabilityCoverageConfig orphanShare(double orphanShare) {
        this.orphanShare = orphanShare;
        return this;
    }

    public double fullOrphanShare() {
        return fullOrphanShare;
    }

    public CapabilityCoverageConfig fullOrphanShare(double fullOrphanShare) {
        this.fullOrphanShare = fullOrphanShare;
        return this;
    }

    public int conversationWarmupMinutes() {
        return conversationWarmupMinutes;
    }

    public CapabilityCoverageConfig conversationWarmupMinutes(int conversationWarmupMinutes) {
        this.conversationWarmupMinutes = conversationWarmupMinutes;
        return this;
    }

    public int ownBaselineWindows() {
        return ownBaselineWindows;
    }

    public CapabilityCoverageConfig ownBaselineWindows(int ownBaselineWindows) {
        this.ownBaselineWindows = ownBaselineWindows;
        return this;
    }

    public double ownRiseSds() {
        return ownRiseSds;
    }

    public CapabilityCoverageConfig ownRiseSds(double ownRiseSds) {
        this.ownRiseSds = ownRiseSds;
        return this;
    }

    public double ownRiseMargin() {
        return ownRiseMargin;
    }

    public CapabilityCoverageConfig ownRiseMargin(double ownRiseMargin) {
        this.ownRiseMargin = ownRiseMargin;
        return this;
    }

    @Override
    public String key() {
        return "detection.capabilityCoverage";
    }

    @Override
    public String detectorName() {
        return CapabilityCoverageDetector.NAME;
    }

    @Override
    public CapabilityCoverageDetector create(DetectorContext context) {
        return new CapabilityCoverageDetector(this, context.requestScorer(), context.reference());
    }
}
