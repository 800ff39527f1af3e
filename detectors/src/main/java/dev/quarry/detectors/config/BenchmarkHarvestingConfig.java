package dev.quarry.detectors.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.quarry.detectors.detector.BenchmarkHarvestingDetector;
import dev.quarry.detectors.detector.DetectorContext;
import dev.quarry.detectors.detector.DetectorSection;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;

/**
 * Thresholds of {@link dev.quarry.detectors.detector.BenchmarkHarvestingDetector}. See that class
 * for why each default is what it is. Mutable bean bound from YAML and validated when loaded. The
 * reference sets themselves come from the top-level {@code reference.dir}; without them the
 * detector never fires.
 */
@KeyOrder(lower = "watchItems", upper = "fullItems", orEqual = true)
@KeyOrder(lower = "watchItems", upper = "mediumItems", orEqual = true)
@KeyOrder(lower = "evaluationMaxTokens", upper = "harvestMaxTokens")
public class BenchmarkHarvestingConfig implements DetectorSection<BenchmarkHarvestingDetector> {
    public static final int DEFAULT_WATCH_ITEMS = 50;
    public static final int DEFAULT_FULL_ITEMS = 300;
    public static final double DEFAULT_MIN_SHARE = 0.5;
    public static final double DEFAULT_FULL_SHARE = 0.8;
    public static final double DEFAULT_FULL_COVERAGE = 0.25;
    public static final int DEFAULT_EVALUATION_MAX_TOKENS = 5;
    public static final int DEFAULT_HARVEST_MAX_TOKENS = 256;
    public static final int DEFAULT_HARVEST_COMPLETION_TOKENS = 150;
    public static final int DEFAULT_MAX_SOURCES = 8;
    public static final int DEFAULT_MIN_SOURCE_ITEMS = 20;
    public static final int DEFAULT_MULTI_SET_SOURCES = 2;
    public static final double DEFAULT_SINGLE_SET_FACTOR = 0.45;
    public static final double DEFAULT_FULL_REPEAT_RATIO = 2.0;
    public static final double DEFAULT_REPEAT_FACTOR = 0.25;
    public static final int DEFAULT_MEDIUM_ITEMS = 100;
    public static final double DEFAULT_BELOW_FLOOR_CAP = 0.29;
    public static final int DEFAULT_FEW_SHOT_LABEL_LINES = 3;
    public static final double DEFAULT_HARNESS_FACTOR = 0.25;
    public static final double DEFAULT_FULL_HARNESS_SHARE = 0.5;
    public static final double DEFAULT_FULL_FOLLOW_UP_SHARE = 0.2;
    public static final double DEFAULT_FOLLOW_UP_FACTOR = 0.25;
    public static final int DEFAULT_SUSTAINED_HOURS = 4;
    public static final double DEFAULT_INTERLEAVED_SET_SHARE = 0.05;
    public static final double DEFAULT_ONE_RUN_CAP = 0.29;
    public static final double DEFAULT_INSTRUCTION_WALK_ALPHA = 0.001;
    public static final double DEFAULT_INSTRUCTION_WALK_COVERAGE = 0.05;

    /**
     * Distinct matched benchmark and instruction-set items below which nothing is reported (a
     * student asks a few dozen). Items of conversation sets are not counted.
     * Default {@value #DEFAULT_WATCH_ITEMS}.
     */
    @Min(1)
    @JsonProperty
    private int watchItems = DEFAULT_WATCH_ITEMS;
    /**
     * Distinct matched benchmark items at which the volume part of the score reaches 1.
     * Default {@value #DEFAULT_FULL_ITEMS}.
     */
    @JsonProperty
    private int fullItems = DEFAULT_FULL_ITEMS;
    /**
     * Share of a client's prompts that repeat reference items below which nothing is reported.
     * Default {@value #DEFAULT_MIN_SHARE}.
     */
    @DecimalMin("0")
    @DecimalMax("1")
    @JsonProperty
    private double minShare = DEFAULT_MIN_SHARE;
    /** Share at which the share part of the score reaches 1. Default {@value #DEFAULT_FULL_SHARE}. */
    @DecimalMin(value = "0", inclusive = false)
    @DecimalMax("1")
    @JsonProperty
    private double fullShare = DEFAULT_FULL_SHARE;
    /**
     * Coverage of one dataset (distinct items / its size) that counts as full volume on its own.
     * Default {@value #DEFAULT_FULL_COVERAGE}.
     */
    @DecimalMin(value = "0", inclusive = false)
    @DecimalMax("1")
    @JsonProperty
    private double fullCoverage = DEFAULT_FULL_COVERAGE;
    /**
     * A matched request whose {@code max_tokens} is at most this asks for an answer letter, not an
     * answer: the mark of an evaluation harness.
     * Default {@value #DEFAULT_EVALUATION_MAX_TOKENS}.
     */
    @Min(0)
    @JsonProperty
    private int evaluationMaxTokens = DEFAULT_EVALUATION_MAX_TOKENS;
    /**
     * A matched request asking for at least this many {@code max_tokens} asks for a worked answer.
     * Default {@value #DEFAULT_HARVEST_MAX_TOKENS}.
     */
    @JsonProperty
    private int harvestMaxTokens = DEFAULT_HARVEST_MAX_TOKENS;
    /**
     * Without {@code max_tokens}, a matched request whose answer has this many tokens harvested one.
     * Default {@value #DEFAULT_HARVEST_COMPLETION_TOKENS}.
     */
    @Min(1)
    @JsonProperty
    private int harvestCompletionTokens = DEFAULT_HARVEST_COMPLETION_TOKENS;
    /**
     * Datasets whose matched item ids are kept per client (the ones with most matches stay).
     * Default {@value #DEFAULT_MAX_SOURCES}.
     */
    @Min(1)
    @JsonProperty
    private int maxSources = DEFAULT_MAX_SOURCES;
    /**
     * Distinct items of one set at which the set counts as walked. 20 is a quarter of MT-bench's
     * 80 questions, the smallest set harvesters walk (the same quarter as {@link #fullCoverage});
     * a student pastes a handful.
     * Default {@value #DEFAULT_MIN_SOURCE_ITEMS}.
     */
    @Min(1)
    @JsonProperty
    private int minSourceItems = DEFAULT_MIN_SOURCE_ITEMS;
    /**
     * Walked sets at which a benchmark walk counts as harvesting breadth. 2: the hard negative, an
     * evaluation run, walks one benchmark (one lm-evaluation-harness task, one HELM scenario).
     * Default {@value #DEFAULT_MULTI_SET_SOURCES}.
     */
    @Min(1)
    @JsonProperty
    private int multiSetSources = DEFAULT_MULTI_SET_SOURCES;
    /**
     * Factor of a walk of fewer than {@link #multiSetSources} benchmark sets without repeats. 0.45:
     * chosen below {@code fusion.medium} (0.5), so that one benchmark walked with worked answers -
     * a chain-of-thought evaluation run looks the same - is at most a low alert on its own.
     * Default {@value #DEFAULT_SINGLE_SET_FACTOR}.
     */
    @DecimalMin("0")
    @DecimalMax("1")
    @JsonProperty
    private double singleSetFactor = DEFAULT_SINGLE_SET_FACTOR;
    /**
     * Matched prompts per distinct item at which the benchmark part of a walk counts as repeated
     * evaluation runs. 2: a second pass over the same items (another model, seed or checkpoint);
     * a harvester gains nothing from asking a temperature-0 item again. The discount ramps from
     * ratio 1.
     * Default {@value #DEFAULT_FULL_REPEAT_RATIO}.
     */
    @DecimalMin(value = "1", inclusive = false)
    @JsonProperty
    private double fullRepeatRatio = DEFAULT_FULL_REPEAT_RATIO;
    /**
     * Factor the walk keeps at {@link #fullRepeatRatio} or more re-runs per item (chosen, not
     * measured): as {@link #harnessFactor}, under 0.29, so that a suite compared over several
     * models or runs on several sets stays where support, which at most doubles a specific
     * finding (fusion: {@code 1 - (1 - S)(1 - min(G, S))}), cannot lift it to {@code medium}.
     * Default {@value #DEFAULT_REPEAT_FACTOR}.
     */
    @DecimalMin("0")
    @DecimalMax("1")
    @JsonProperty
    private double repeatFactor = DEFAULT_REPEAT_FACTOR;

    /**
     * Distinct matched items below which the score stays under {@link #belowFloorCap}, whatever
     * the coverage, share and answers, and below which a set's coverage never counts as a whole
     * walk. Trying a model takes a few to a few dozen public items; evaluating takes a whole split
     * under a harness's formatting; harvesting walks hundreds to thousands (model leeching, Birch
     * et al. 2023, labels a whole task data set through the API). 100 is twice the upper end of
     * trying, so a developer's handful from several sets, or a quarter of a small set such as
     * MT-bench's 80 questions or Orca's 15 system messages, is at most on the watch list.
     * Default {@value #DEFAULT_MEDIUM_ITEMS}.
     */
    @Min(1)
    @JsonProperty
    private int mediumItems = DEFAULT_MEDIUM_ITEMS;
    /**
     * Highest score below {@link #mediumItems}. 0.29 is the largest provenance score that
     * supporting evidence, which at most doubles it ({@code 1 - (1 - S)^2}, see fusion), keeps
     * under {@code fusion.medium} (0.5): {@code 1 - sqrt(0.5)} = 0.293.
     * Default {@value #DEFAULT_BELOW_FLOOR_CAP}.
     */
    @DecimalMin("0")
    @DecimalMax("1")
    @JsonProperty
    private double belowFloorCap = DEFAULT_BELOW_FLOOR_CAP;
    /**
     * Lines one label must start for a prompt to count as a harness's few-shot prompt: two solved
     * exemplars and the item (lm-evaluation-harness, HELM; see {@code HarnessFormat}).
     * Default {@value #DEFAULT_FEW_SHOT_LABEL_LINES}.
     */
    @Min(2)
    @JsonProperty
    private int fewShotLabelLines = DEFAULT_FEW_SHOT_LABEL_LINES;
    /**
     * Factor the benchmark part of a walk keeps when all its prompts are in few-shot harness form
     * (linear in their share). 0.25: under {@link #belowFloorCap}, so an evaluation suite over
     * several benchmarks in a harness's canonical formatting stays under {@code medium} even beside
     * templates (a harness prompt is one). Chosen, not measured.
     * Default {@value #DEFAULT_HARNESS_FACTOR}.
     */
    @DecimalMin("0")
    @DecimalMax("1")
    @JsonProperty
    private double harnessFactor = DEFAULT_HARNESS_FACTOR;
    /**
     * Share of a client's benchmark prompts in harness form (few-shot form, exemplars as chat
     * turns, or an answer slot) at which {@link #harnessFactor} applies in full, linear from 0. An
     * evaluation suite mixes tasks whose answers it parses with open-ended ones it has a judge
     * score later (HELM's scenarios, simple-evals' MMLU and MATH beside its open-ended sets,
     * AlpacaEval and MT-bench answers generated for a judge), so the client, not each prompt, is
     * judged a harness: half its benchmark prompts in harness form. Chosen, not measured: a
     * harvester that wants the discount can put every prompt in harness form as cheaply as half.
     * Default {@value #DEFAULT_FULL_HARNESS_SHARE}.
     */
    @DecimalMin(value = "0", inclusive = false)
    @DecimalMax("1")
    @JsonProperty
    private double fullHarnessShare = DEFAULT_FULL_HARNESS_SHARE;
    /**
     * Share of a client's prompts that continue a conversation (carry earlier assistant turns) at
     * which {@link #followUpFactor} applies in full, linear from 0. 0.2, as
     * {@code capabilityCoverage.slowFollowUpShare}: one request in five following up is a person's
     * or an app's; harvested pairs are single-turn.
     * Default {@value #DEFAULT_FULL_FOLLOW_UP_SHARE}.
     */
    @DecimalMin(value = "0", inclusive = false)
    @DecimalMax("1")
    @JsonProperty
    private double fullFollowUpShare = DEFAULT_FULL_FOLLOW_UP_SHARE;
    /**
     * Factor the score keeps at {@link #fullFollowUpShare} or more follow-ups: a tutoring app whose
     * students paste exam items and then ask about a step. 0.25: a whole walk keeps a quarter,
     * under the 0.29 at which supporting evidence at its loudest (it at most doubles the specific
     * weight) would lift it to {@code medium}. A tutoring app whose question bank is a public set
     * (all its new questions public items, students following up on a third) reached
     * {@code medium} at 0.5 with the spread of its many students' queries (PRADA) beside it. Not
     * 0: a harvest wrapping its items in invented turns still leaves a quarter of a walk, and
     * other groups (capability sweep, reasoning extraction) see the rest. Chosen, not measured.
     * Default {@value #DEFAULT_FOLLOW_UP_FACTOR}.
     */
    @DecimalMin("0")
    @DecimalMax("1")
    @JsonProperty
    private double followUpFactor = DEFAULT_FOLLOW_UP_FACTOR;
    /**
     * Clock hours (of event time) in which the client asked benchmark items it had not asked
     * before, from which its benchmark walk is more than one evaluation run. An evaluation runs a
     * suite at one time, at a harness's concurrency, and its re-runs for other models or seeds ask
     * the same items again; a judge benchmark run, even AlpacaEval's 805 instructions at a few
     * seconds each, takes an hour or two (the same bound as {@code rewardHarvesting.fullNovelHours}).
     * Harvesting keeps walking new items for days and weeks (Anthropic 2026). 4 is twice that
     * longest run in clock hours, which a run straddling a boundary touches one more of.
     * Default {@value #DEFAULT_SUSTAINED_HOURS}.
     */
    @Min(2)
    @JsonProperty
    private int sustainedHours = DEFAULT_SUSTAINED_HOURS;
    /**
     * Share of consecutive matched prompts that change set at which the walk interleaves its
     * sources: pooled public sets, drawn item by item (UltraFeedback pooled its instructions from
     * six sets, Cui et al. 2023), are not one run either. A harness runs one benchmark after
     * another, so its changes are (sets - 1) over hundreds or thousands of items. 0.05, as
     * {@code rewardHarvesting}'s interleaving ramp starts.
     * Default {@value #DEFAULT_INTERLEAVED_SET_SHARE}.
     */
    @DecimalMin(value = "0", inclusive = false)
    @DecimalMax("1")
    @JsonProperty
    private double interleavedSetShare = DEFAULT_INTERLEAVED_SET_SHARE;
    /**
     * Highest value of the benchmark part of the walk while it is one run: new items in fewer than
     * {@link #sustainedHours} clock hours, sources not interleaved. One pass of a suite over one
     * or several benchmarks, zero-shot, open-ended or in a harness's form, is what evaluating a
     * model takes, so it stays on the watch list: 0.29, as {@link #belowFloorCap}, the largest
     * provenance score that support cannot lift to {@code medium}. Instruction-set items are not
     * capped (nobody evaluates on them).
     * Default {@value #DEFAULT_ONE_RUN_CAP}.
     */
    @DecimalMin("0")
    @DecimalMax("1")
    @JsonProperty
    private double oneRunCap = DEFAULT_ONE_RUN_CAP;
    /**
     * Significance of the one-sided binomial test that a client's prompts are mostly public-set
     * items: its {@code k} such prompts (each item counted at most {@link #fullRepeatRatio} times)
     * of {@code n} prompts are more than {@link #minShare} of them when
     * {@code P(Binomial(n, minShare) >= k)} is at most this.
     * Together with a walked instruction set ({@link #minSourceItems}) over {@link #sustainedHours},
     * it is the instruction walk, which the item floors do not hold back. 0.001: the conventional
     * level for strong evidence, five times below the 0.5% false-alarm rate the detection targets
     * allow over benign clients; all prompts matched, it takes 10.
     * Default {@value #DEFAULT_INSTRUCTION_WALK_ALPHA}.
     */
    @DecimalMin(value = "0", inclusive = false)
    @DecimalMax(value = "1", inclusive = false)
    @JsonProperty
    private double instructionWalkAlpha = DEFAULT_INSTRUCTION_WALK_ALPHA;
    /**
     * Share of an instruction set's items a client must have asked for the set to count as walked
     * in an instruction walk, unless it has asked {@link #mediumItems} of them. A large set of
     * everyday tasks (Code Alpaca's thousands of programming requests, written to imitate what
     * users ask) overlaps a person's own questions by chance, so a few dozen of its items are no
     * walk: such a set is walked at the benchmark floor. A small seed set (Self-Instruct's 175
     * tasks) is told by coverage: a twentieth of it is nine tasks, which nobody asks by chance.
     * 0.05: the floor of {@link #mediumItems} as a share of a 2,000-item set.
     * Default {@value #DEFAULT_INSTRUCTION_WALK_COVERAGE}.
     */
    @DecimalMin("0")
    @DecimalMax("1")
    @JsonProperty
    private double instructionWalkCoverage = DEFAULT_INSTRUCTION_WALK_COVERAGE;

    public int watchItems() {
        return watchItems;
    }

    public BenchmarkHarvestingConfig watchItems(int watchItems) {
        this.watchItems = watchItems;
        return this;
    }

    public int fullItems() {
        return fullItems;
    }

    public BenchmarkHarvestingConfig fullItems(int fullItems) {
        this.fullItems = fullItems;
        return this;
    }

    public double minShare() {
        return minShare;
    }

    public BenchmarkHarvestingConfig minShare(double minShare) {
        this.minShare = minShare;
        return this;
    }

    public double fullShare() {
        return fullShare;
    }

    public BenchmarkHarvestingConfig fullShare(double fullShare) {
        this.fullShare = fullShare;
        return this;
    }

    public double fullCoverage() {
        return fullCoverage;
    }

    public BenchmarkHarvestingConfig fullCoverage(double fullCoverage) {
        this.fullCoverage = fullCoverage;
        return this;
    }

    public int evaluationMaxTokens() {
        return evaluationMaxTokens;
    }

    public BenchmarkHarvestingConfig evaluationMaxTokens(int evaluationMaxTokens) {
        this.evaluationMaxTokens = evaluationMaxTokens;
        return this;
    }

    public int harvestMaxTokens() {
        return harvestMaxTokens;
    }

    public BenchmarkHarvestingConfig harvestMaxTokens(int harvestMaxTokens) {
        this.harvestMaxTokens = harvestMaxTokens;
        return this;
    }

    public int harvestCompletionTokens() {
        return harvestCompletionTokens;
    }

    public BenchmarkHarvestingConfig harvestCompletionTokens(int harvestCompletionTokens) {
        this.harvestCompletionTokens = harvestCompletionTokens;
        return this;
    }

    public int maxSources() {
        return maxSources;
    }

    public BenchmarkHarvestingConfig maxSources(int maxSources) {
        this.maxSources = maxSources;
        return this;
    }

    public int minSourceItems() {
        return minSourceItems;
    }

    public BenchmarkHarvestingConfig minSourceItems(int minSourceItems) {
        this.minSourceItems = minSourceItems;
        return this;
    }

    public int multiSetSources() {
        return multiSetSources;
    }

    public BenchmarkHarvestingConfig multiSetSources(int multiSetSources) {
        this.multiSetSources = multiSetSources;
        return this;
    }

    public double singleSetFactor() {
        return singleSetFactor;
    }

    public BenchmarkHarvestingConfig singleSetFactor(double singleSetFactor) {
        this.singleSetFactor = singleSetFactor;
        return this;
    }

    public double fullRepeatRatio() {
        return fullRepeatRatio;
    }

    public BenchmarkHarvestingConfig fullRepeatRatio(double fullRepeatRatio) {
        this.fullRepeatRatio = fullRepeatRatio;
        return this;
    }

    public double repeatFactor() {
        return repeatFactor;
    }

    public BenchmarkHarvestingConfig repeatFactor(double repeatFactor) {
        this.repeatFactor = repeatFactor;
        return this;
    }

    public int mediumItems() {
        return mediumItems;
    }

    public BenchmarkHarvestingConfig mediumItems(int mediumItems) {
        this.mediumItems = mediumItems;
        return this;
    }

    public double belowFloorCap() {
        return belowFloorCap;
    }

    public BenchmarkHarvestingConfig belowFloorCap(double belowFloorCap) {
        this.belowFloorCap = belowFloorCap;
        return this;
    }

    public int fewShotLabelLines() {
        return fewShotLabelLines;
    }

    public BenchmarkHarvestingConfig fewShotLabelLines(int fewShotLabelLines) {
        this.fewShotLabelLines = fewShotLabelLines;
        return this;
    }

    public double harnessFactor() {
        return harnessFactor;
    }

    public BenchmarkHarvestingConfig harnessFactor(double harnessFactor) {
        this.harnessFactor = harnessFactor;
        return this;
    }

    public double fullHarnessShare() {
        return fullHarnessShare;
    }

    public BenchmarkHarvestingConfig fullHarnessShare(double fullHarnessShare) {
        this.fullHarnessShare = fullHarnessShare;
        return this;
    }

    public double fullFollowUpShare() {
        return fullFollowUpShare;
    }

    public BenchmarkHarvestingConfig fullFollowUpShare(double fullFollowUpShare) {
        this.fullFollowUpShare = fullFollowUpShare;
        return this;
    }

    public double followUpFactor() {
        return followUpFactor;
    }

    public BenchmarkHarvestingConfig followUpFactor(double followUpFactor) {
        this.followUpFactor = followUpFactor;
        return this;
    }

    public int sustainedHours() {
        return sustainedHours;
    }

    public BenchmarkHarvestingConfig sustainedHours(int sustainedHours) {
        this.sustainedHours = sustainedHours;
        return this;
    }

    public double interleavedSetShare() {
        return interleavedSetShare;
    }

    public BenchmarkHarvestingConfig interleavedSetShare(double interleavedSetShare) {
        this.interleavedSetShare = interleavedSetShare;
        return this;
    }

    public double oneRunCap() {
        return oneRunCap;
    }

    public double instructionWalkAlpha() {
        return instructionWalkAlpha;
    }

    public BenchmarkHarvestingConfig instructionWalkAlpha(double instructionWalkAlpha) {
        this.instructionWalkAlpha = instructionWalkAlpha;
        return this;
    }

    public double instructionWalkCoverage() {
        return instructionWalkCoverage;
    }

    public BenchmarkHarvestingConfig instructionWalkCoverage(double instructionWalkCoverage) {
        this.instructionWalkCoverage = instructionWalkCoverage;
        return this;
    }

    public BenchmarkHarvestingConfig oneRunCap(double oneRunCap) {
        this.oneRunCap = oneRunCap;
        return this;
    }

    @Override
    public String key() {
        return "detection.benchmarkHarvesting";
    }

    @Override
    public String detectorName() {
        return BenchmarkHarvestingDetector.NAME;
    }

    @Override
    public BenchmarkHarvestingDetector create(DetectorContext context) {
        return new BenchmarkHarvestingDetector(this, context.reference());
    }
}
