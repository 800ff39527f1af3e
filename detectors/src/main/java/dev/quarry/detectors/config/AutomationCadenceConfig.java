package dev.quarry.detectors.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;

/**
 * Thresholds of {@link dev.quarry.detectors.detector.AutomationCadenceDetector}. See that class
 * for why each default is what it is. Mutable bean bound from YAML.
 */
public class AutomationCadenceConfig {
    /**
     * The detector's score never exceeds this. Automation is not distillation (a batch job is
     * automated too), so keep it below {@code fusion.medium}: it can only add to other detectors.
     */
    @JsonProperty
    public double maxScore = 0.3;
    /** Recent inter-arrival gaps kept per client. */
    @JsonProperty
    public int gapWindow = 64;
    /** Gaps of at least a second needed before regularity is judged. */
    @JsonProperty
    public int minGaps = 20;
    /** Robust coefficient of variation of gaps at or below which arrivals count as fully regular. */
    @JsonProperty
    public double regularCv = 0.3;
    /** ... at or above which they count as human (a Poisson process has about 1.2). */
    @JsonProperty
    public double irregularCv = 1.0;
    /** Event time a client must span before its hours of activity are judged. */
    @JsonProperty
    public Duration minSpan = Duration.ofHours(24);
    /** Active hours of the day (out of 24) up to which activity looks human. */
    @JsonProperty
    public int humanActiveHours = 16;
    /** Active hours of the day at which round-the-clock activity counts fully. */
    @JsonProperty
    public int fullActiveHours = 22;
    /** Share of requests in the same second as the previous one at which parallelism counts fully. */
    @JsonProperty
    public double parallelShare = 0.2;
    /** Share of requests with the one most common (temperature, top_p, max_tokens, n) at which that counts fully. */
    @JsonProperty
    public double constantParamsShare = 0.95;
    /** Automation level (0-1, before the cap) below which nothing is reported. */
    @JsonProperty
    public double reportAutomation = 0.4;
}
