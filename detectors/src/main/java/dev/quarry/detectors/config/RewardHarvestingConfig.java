package dev.quarry.detectors.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;

/**
 * Thresholds of {@link dev.quarry.detectors.detector.RewardHarvestingDetector}. See that class for
 * why each default is what it is. Mutable bean bound from YAML.
 */
public class RewardHarvestingConfig {
    /** Judging requests below which a client is not reported (a person comparing two drafts now and then). */
    @JsonProperty
    public int minJudgedRequests = 30;
    /**
     * Distinct judged tasks at which the volume ramp starts: above the 80 questions of MT-bench and
     * of the Vicuna set (Zheng et al. 2023), so an evaluation on either scores 0 on volume.
     */
    @JsonProperty
    public int watchTasks = 100;
    /**
     * Distinct judged tasks at which the volume part reaches 1 (log ramp from {@link #watchTasks}):
     * several times the largest judge benchmarks (AlpacaEval's 805 instructions, WildBench's 1,024,
     * Arena-Hard's 500), which stay at or below 0.6 of the ramp.
     */
    @JsonProperty
    public int fullTasks = 5000;
    /** Share of the client's requests that judge at which the share part reaches 1. */
    @JsonProperty
    public double fullShare = 0.5;
    /**
     * A task judged again at least this long after its first judgement is a return: another run
     * over a fixed question set. Candidates of one harvested task are judged within minutes.
     */
    @JsonProperty
    public Duration returnAfter = Duration.ofHours(2);
    /** Share of judged requests that are returns at which novelty starts to fall (1 below it). */
    @JsonProperty
    public double minReturnShare = 0.1;
    /** Share of judged requests that are returns at which novelty is 0 (a second run over a fixed set is 0.5). */
    @JsonProperty
    public double fullReturnShare = 0.4;
    /** Estimated new judged tasks on one UTC day at which that day counts as a day of new tasks. */
    @JsonProperty
    public int novelDayTasks = 20;
    /**
     * Days of new tasks at which the sustained part reaches 1; one day (a benchmark run) counts
     * half. Harvesting campaigns run for weeks (Anthropic 2026); an evaluation run is a burst.
     */
    @JsonProperty
    public int fullNovelDays = 5;
}
