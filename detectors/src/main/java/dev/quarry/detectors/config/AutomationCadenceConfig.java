package dev.quarry.detectors.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.quarry.detectors.detector.AutomationCadenceDetector;
import dev.quarry.detectors.detector.DetectorContext;
import dev.quarry.detectors.detector.DetectorSection;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;

/**
 * Thresholds of {@link dev.quarry.detectors.detector.AutomationCadenceDetector}. See that class
 * for why each default is what it is. Mutable bean bound from YAML and validated when loaded.
 */
@KeyOrder(lower = "minGaps", upper = "gapWindow", orEqual = true)
@KeyOrder(lower = "regularCv", upper = "irregularCv")
@KeyOrder(lower = "humanActiveHours", upper = "fullActiveHours")
public class AutomationCadenceConfig implements DetectorSection<AutomationCadenceDetector> {
    public static final double DEFAULT_MAX_SCORE = 0.3;
    public static final int DEFAULT_GAP_WINDOW = 64;
    public static final int DEFAULT_MIN_GAPS = 20;
    public static final double DEFAULT_REGULAR_CV = 0.3;
    public static final double DEFAULT_IRREGULAR_CV = 1.0;
    public static final Duration DEFAULT_MIN_SPAN = Duration.ofHours(24);
    public static final int DEFAULT_HUMAN_ACTIVE_HOURS = 16;
    public static final int DEFAULT_FULL_ACTIVE_HOURS = 22;
    public static final double DEFAULT_PARALLEL_SHARE = 0.2;
    public static final double DEFAULT_CONSTANT_PARAMS_SHARE = 0.95;
    public static final double DEFAULT_REPORT_AUTOMATION = 0.4;

    /**
     * The detector's score never exceeds this. Automation is not distillation (a batch job is
     * automated too), so keep it below {@code fusion.medium}: it can only add to other detectors.
     * Default {@value #DEFAULT_MAX_SCORE}.
     */
    @DecimalMin("0")
    @DecimalMax("1")
    @JsonProperty
    private double maxScore = DEFAULT_MAX_SCORE;
    /** Recent inter-arrival gaps kept per client. Default {@value #DEFAULT_GAP_WINDOW}. */
    @Min(4)
    @JsonProperty
    private int gapWindow = DEFAULT_GAP_WINDOW;
    /** Gaps of at least a second needed before regularity is judged. Default {@value #DEFAULT_MIN_GAPS}. */
    @Min(4)
    @JsonProperty
    private int minGaps = DEFAULT_MIN_GAPS;
    /**
     * Robust coefficient of variation of gaps at or below which arrivals count as fully regular.
     * Default {@value #DEFAULT_REGULAR_CV}.
     */
    @DecimalMin("0")
    @JsonProperty
    private double regularCv = DEFAULT_REGULAR_CV;
    /**
     * ... at or above which they count as human (a Poisson process has about 1.2).
     * Default {@value #DEFAULT_IRREGULAR_CV}.
     */
    @JsonProperty
    private double irregularCv = DEFAULT_IRREGULAR_CV;
    /** Event time a client must span before its hours of activity are judged. Default {@code PT24H}. */
    @NotNull
    @DurationMin(millis = 0, message = "must not be a negative duration")
    @JsonProperty
    private Duration minSpan = DEFAULT_MIN_SPAN;
    /**
     * Active hours of the day (out of 24) up to which activity looks human.
     * Default {@value #DEFAULT_HUMAN_ACTIVE_HOURS}.
     */
    @Min(0)
    @JsonProperty
    private int humanActiveHours = DEFAULT_HUMAN_ACTIVE_HOURS;
    /**
     * Active hours of the day at which round-the-clock activity counts fully.
     * Default {@value #DEFAULT_FULL_ACTIVE_HOURS}.
     */
    @Max(24)
    @JsonProperty
    private int fullActiveHours = DEFAULT_FULL_ACTIVE_HOURS;
    /**
     * Share of requests in the same second as the previous one at which parallelism counts fully.
     * Default {@value #DEFAULT_PARALLEL_SHARE}.
     */
    @DecimalMin(value = "0", inclusive = false)
    @DecimalMax("1")
    @JsonProperty
    private double parallelShare = DEFAULT_PARALLEL_SHARE;
    /**
     * Share of requests with the one most common (temperature, top_p, max_tokens, n) at which that
     * counts fully. The part is counted from a share of 0.8, so this must be above 0.8.
     * Default {@value #DEFAULT_CONSTANT_PARAMS_SHARE}.
     */
    @DecimalMin(value = "0.8", inclusive = false)
    @DecimalMax("1")
    @JsonProperty
    private double constantParamsShare = DEFAULT_CONSTANT_PARAMS_SHARE;
    /**
     * Automation level (0-1, before the cap) below which nothing is reported.
     * Default {@value #DEFAULT_REPORT_AUTOMATION}.
     */
    @DecimalMin("0")
    @DecimalMax("1")
    @JsonProperty
    private double reportAutomation = DEFAULT_REPORT_AUTOMATION;

    public double maxScore() {
        return maxScore;
    }

    public AutomationCadenceConfig maxScore(double maxScore) {
        this.maxScore = maxScore;
        return this;
    }

    public int gapWindow() {
        return gapWindow;
    }

    public AutomationCadenceConfig gapWindow(int gapWindow) {
        this.gapWindow = gapWindow;
        return this;
    }

    public int minGaps() {
        return minGaps;
    }

    public AutomationCadenceConfig minGaps(int minGaps) {
        this.minGaps = minGaps;
        return this;
    }

    public double regularCv() {
        return regularCv;
    }

    public AutomationCadenceConfig regularCv(double regularCv) {
        this.regularCv = regularCv;
        return this;
    }

    public double irregularCv() {
        return irregularCv;
    }

    public AutomationCadenceConfig irregularCv(double irregularCv) {
        this.irregularCv = irregularCv;
        return this;
    }

    public Duration minSpan() {
        return minSpan;
    }

    public AutomationCadenceConfig minSpan(Duration minSpan) {
        this.minSpan = minSpan;
        return this;
    }

    public int humanActiveHours() {
        return humanActiveHours;
    }

    public AutomationCadenceConfig humanActiveHours(int humanActiveHours) {
        this.humanActiveHours = humanActiveHours;
        return this;
    }

    public int fullActiveHours() {
        return fullActiveHours;
    }

    public AutomationCadenceConfig fullActiveHours(int fullActiveHours) {
        this.fullActiveHours = fullActiveHours;
        return this;
    }

    public double parallelShare() {
        return parallelShare;
    }

    public AutomationCadenceConfig parallelShare(double parallelShare) {
        this.parallelShare = parallelShare;
        return this;
    }

    public double constantParamsShare() {
        return constantParamsShare;
    }

    public AutomationCadenceConfig constantParamsShare(double constantParamsShare) {
        this.constantParamsShare = constantParamsShare;
        return this;
    }

    public double reportAutomation() {
        return reportAutomation;
    }

    public AutomationCadenceConfig reportAutomation(double reportAutomation) {
        this.reportAutomation = reportAutomation;
        return this;
    }

    @Override
    public String key() {
        return "detection.automationCadence";
    }

    @Override
    public String detectorName() {
        return AutomationCadenceDetector.NAME;
    }

    @Override
    public AutomationCadenceDetector create(DetectorContext context) {
        return new AutomationCadenceDetector(this);
    }
}
