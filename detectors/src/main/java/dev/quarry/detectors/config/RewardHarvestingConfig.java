package dev.quarry.detectors.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.quarry.detectors.detector.DetectorContext;
import dev.quarry.detectors.detector.DetectorSection;
import dev.quarry.detectors.detector.RewardHarvestingDetector;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;

/**
 * Thresholds of {@link dev.quarry.detectors.detector.RewardHarvestingDetector}. See that class for
 * why each default is what it is. Mutable bean bound from YAML and validated when loaded.
 */
@KeyOrder(lower = "watchTasks", upper = "fullTasks")
@KeyOrder(lower = "minReturnShare", upper = "fullReturnShare")
@KeyOrder(lower = "minSwitchShare", upper = "fullSwitchShare")
public class RewardHarvestingConfig implements DetectorSection<RewardHarvestingDetector> {
    public static final int DEFAULT_MIN_JUDGED_REQUESTS = 30;
    public static final int DEFAULT_WATCH_TASKS = 100;
    public static final int DEFAULT_FULL_TASKS = 5000;
    public static final double DEFAULT_FULL_SHARE = 0.5;
    public static final Duration DEFAULT_RETURN_AFTER = Duration.ofHours(2);
    public static final double DEFAULT_MIN_RETURN_SHARE = 0.1;
    public static final double DEFAULT_FULL_RETURN_SHARE = 0.4;
    public static final int DEFAULT_NOVEL_HOUR_TASKS = 2;
    public static final int DEFAULT_FULL_NOVEL_HOURS = 6;
    public static final int DEFAULT_MIN_SET_TASKS = 10;
    public static final double DEFAULT_MIN_SWITCH_SHARE = 0.05;
    public static final double DEFAULT_FULL_SWITCH_SHARE = 0.25;

    /**
     * Judging requests below which a client is not reported (a person comparing two drafts now and then).
     * Default {@value #DEFAULT_MIN_JUDGED_REQUESTS}.
     */
    @Min(1)
    @JsonProperty
    private int minJudgedRequests = DEFAULT_MIN_JUDGED_REQUESTS;
    /**
     * Distinct judged tasks at which the volume ramp starts: above the 80 questions of MT-bench and
     * of the Vicuna set (Zheng et al. 2023), so an evaluation on either scores 0 on volume.
     * Default {@value #DEFAULT_WATCH_TASKS}.
     */
    @Min(1)
    @JsonProperty
    private int watchTasks = DEFAULT_WATCH_TASKS;
    /**
     * Distinct judged tasks at which the volume part reaches 1 (log ramp from {@link #watchTasks}):
     * several times the largest judge benchmarks (AlpacaEval's 805 instructions, WildBench's 1,024,
     * Arena-Hard's 500), which stay at or below 0.6 of the ramp.
     * Default {@value #DEFAULT_FULL_TASKS}.
     */
    @JsonProperty
    private int fullTasks = DEFAULT_FULL_TASKS;
    /**
     * Share of the client's requests that judge at which the share part reaches 1.
     * Default {@value #DEFAULT_FULL_SHARE}.
     */
    @DecimalMin(value = "0", inclusive = false)
    @DecimalMax("1")
    @JsonProperty
    private double fullShare = DEFAULT_FULL_SHARE;
    /**
     * A task judged again at least this long after its first judgement is a return: another run
     * over a fixed question set. Candidates of one harvested task are judged within minutes.
     * Default {@code PT2H}.
     */
    @NotNull
    @DurationMin(millis = 0, message = "must not be a negative duration")
    @JsonProperty
    private Duration returnAfter = DEFAULT_RETURN_AFTER;
    /**
     * Share of judged requests that are returns at which novelty starts to fall (1 below it).
     * Default {@value #DEFAULT_MIN_RETURN_SHARE}.
     */
    @DecimalMin("0")
    @DecimalMax("1")
    @JsonProperty
    private double minReturnShare = DEFAULT_MIN_RETURN_SHARE;
    /**
     * Share of judged requests that are returns at which novelty is 0 (a second run over a fixed set is 0.5).
     * Default {@value #DEFAULT_FULL_RETURN_SHARE}.
     */
    @DecimalMax("1")
    @JsonProperty
    private double fullReturnShare = DEFAULT_FULL_RETURN_SHARE;
    /**
     * Estimated new judged tasks in one clock hour at which that hour counts as an hour of new
     * tasks: two, so a harvester throttled to a trickle between its busy hours still counts while
     * a single comparison in an hour does not. Hours are the evidence, not the count: a judge run
     * over a fixed set is new only in its first burst, however fast it goes.
     * Default {@value #DEFAULT_NOVEL_HOUR_TASKS}.
     */
    @Min(1)
    @JsonProperty
    private int novelHourTasks = DEFAULT_NOVEL_HOUR_TASKS;
    /**
     * Hours of new tasks at which the sustained part reaches 1; one hour (an evaluation run is a
     * burst) counts half. Six is three times the longest benchmark run: harvesting campaigns run
     * for days and weeks (Anthropic 2026), a scheduled job or an operator's shift for hours each
     * day, while a judge benchmark run, even AlpacaEval's 805 instructions at a few seconds each,
     * takes an hour or two.
     * Default {@value #DEFAULT_FULL_NOVEL_HOURS}.
     */
    @Min(2)
    @JsonProperty
    private int fullNovelHours = DEFAULT_FULL_NOVEL_HOURS;
    /**
     * Distinct judged tasks a public reference set must supply before it counts as one of the
     * sources of the client's judged tasks (an occasional pasted benchmark question does not).
     * Default {@value #DEFAULT_MIN_SET_TASKS}.
     */
    @Min(1)
    @JsonProperty
    private int minSetTasks = DEFAULT_MIN_SET_TASKS;
    /**
     * Share of consecutive matched tasks that change source set at which interleaving starts to
     * count. An evaluation harness runs one benchmark after another, so its changes are (sets - 1)
     * over thousands of tasks; UltraFeedback (Cui et al. 2023) sampled its instructions from six
     * public sets pooled together, and two sets mixed 9:1 already change source on 18% of steps.
     * Default {@value #DEFAULT_MIN_SWITCH_SHARE}.
     */
    @DecimalMin("0")
    @DecimalMax("1")
    @JsonProperty
    private double minSwitchShare = DEFAULT_MIN_SWITCH_SHARE;
    /**
     * Share of source changes at which interleaving counts fully.
     * Default {@value #DEFAULT_FULL_SWITCH_SHARE}.
     */
    @DecimalMax("1")
    @JsonProperty
    private double fullSwitchShare = DEFAULT_FULL_SWITCH_SHARE;

    public int minJudgedRequests() {
        return minJudgedRequests;
    }

    public RewardHarvestingConfig minJudgedRequests(int minJudgedRequests) {
        this.minJudgedRequests = minJudgedRequests;
        return this;
    }

    public int watchTasks() {
        return watchTasks;
    }

    public RewardHarvestingConfig watchTasks(int watchTasks) {
        this.watchTasks = watchTasks;
        return this;
    }

    public int fullTasks() {
        return fullTasks;
    }

    public RewardHarvestingConfig fullTasks(int fullTasks) {
        this.fullTasks = fullTasks;
        return this;
    }

    public double fullShare() {
        return fullShare;
    }

    public RewardHarvestingConfig fullShare(double fullShare) {
        this.fullShare = fullShare;
        return this;
    }

    public Duration returnAfter() {
        return returnAfter;
    }

    public RewardHarvestingConfig returnAfter(Duration returnAfter) {
        this.returnAfter = returnAfter;
        return this;
    }

    public double minReturnShare() {
        return minReturnShare;
    }

    public RewardHarvestingConfig minReturnShare(double minReturnShare) {
        this.minReturnShare = minReturnShare;
        return this;
    }

    public double fullReturnShare() {
        return fullReturnShare;
    }

    public RewardHarvestingConfig fullReturnShare(double fullReturnShare) {
        this.fullReturnShare = fullReturnShare;
        return this;
    }

    public int novelHourTasks() {
        return novelHourTasks;
    }

    public RewardHarvestingConfig novelHourTasks(int novelHourTasks) {
        this.novelHourTasks = novelHourTasks;
        return this;
    }

    public int fullNovelHours() {
        return fullNovelHours;
    }

    public RewardHarvestingConfig fullNovelHours(int fullNovelHours) {
        this.fullNovelHours = fullNovelHours;
        return this;
    }

    public int minSetTasks() {
        return minSetTasks;
    }

    public RewardHarvestingConfig minSetTasks(int minSetTasks) {
        this.minSetTasks = minSetTasks;
        return this;
    }

    public double minSwitchShare() {
        return minSwitchShare;
    }

    public RewardHarvestingConfig minSwitchShare(double minSwitchShare) {
        this.minSwitchShare = minSwitchShare;
        return this;
    }

    public double fullSwitchShare() {
        return fullSwitchShare;
    }

    public RewardHarvestingConfig fullSwitchShare(double fullSwitchShare) {
        this.fullSwitchShare = fullSwitchShare;
        return this;
    }

    @Override
    public String key() {
        return "detection.rewardHarvesting";
    }

    @Override
    public String detectorName() {
        return RewardHarvestingDetector.NAME;
    }

    @Override
    public RewardHarvestingDetector create(DetectorContext context) {
        return new RewardHarvestingDetector(this, context.reference());
    }
}
