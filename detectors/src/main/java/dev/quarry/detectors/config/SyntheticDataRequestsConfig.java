package dev.quarry.detectors.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.quarry.detectors.detector.DetectorContext;
import dev.quarry.detectors.detector.DetectorSection;
import dev.quarry.detectors.detector.SyntheticDataRequestsDetector;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;

/**
 * Thresholds of {@link dev.quarry.detectors.detector.SyntheticDataRequestsDetector}. See that
 * class for why each default is what it is. Mutable bean bound from YAML and validated when loaded.
 */
@KeyOrder(lower = "watchFills", upper = "fullFills")
@KeyOrder(lower = "minNewShare", upper = "fullNewShare")
@KeyOrder(lower = "minNewHours", upper = "fullNewHours")
public class SyntheticDataRequestsConfig implements DetectorSection<SyntheticDataRequestsDetector> {
    public static final double DEFAULT_REQUEST_SCORE = 0.5;
    public static final int DEFAULT_MIN_REQUESTS = 20;
    public static final int DEFAULT_WATCH_FILLS = 30;
    public static final int DEFAULT_FULL_FILLS = 1000;
    public static final double DEFAULT_FULL_SHARE = 0.2;
    public static final double DEFAULT_MIN_NEW_SHARE = 0.5;
    public static final double DEFAULT_FULL_NEW_SHARE = 0.8;
    public static final int DEFAULT_NEW_HOUR_REQUESTS = 3;
    public static final int DEFAULT_MIN_NEW_HOURS = 2;
    public static final int DEFAULT_FULL_NEW_HOURS = 6;

    /**
     * Lexicon score (0-1) at which one request counts as asking the model to create training data (a creation verb and a data object with one sweep marker: persona, diversity, taxonomy, stated purpose; or an Evol-Instruct rewrite).
     * Default {@value #DEFAULT_REQUEST_SCORE}.
     */
    @DecimalMin(value = "0", inclusive = false)
    @DecimalMax("1")
    @JsonProperty
    private double requestScore = DEFAULT_REQUEST_SCORE;
    /**
     * Data-creation requests below which a client is not reported (a teacher or a developer asks for a few sets of questions).
     * Default {@value #DEFAULT_MIN_REQUESTS}.
     */
    @Min(1)
    @JsonProperty
    private int minRequests = DEFAULT_MIN_REQUESTS;
    /**
     * Distinct fills (user texts of data-creation requests) where the volume part starts, at 0.3.
     * Default {@value #DEFAULT_WATCH_FILLS}.
     */
    @Min(1)
    @JsonProperty
    private int watchFills = DEFAULT_WATCH_FILLS;
    /**
     * Distinct fills at which the volume part reaches 1 (log scale from watchFills).
     * Default {@value #DEFAULT_FULL_FILLS}.
     */
    @Min(2)
    @JsonProperty
    private int fullFills = DEFAULT_FULL_FILLS;
    /**
     * Share of the client's requests that create data at which the share part reaches 1: a pipeline that has the teacher answer each item it wrote sends half its requests as creation, and some of a pipeline's meta-prompts name no marker.
     * Default {@value #DEFAULT_FULL_SHARE}.
     */
    @DecimalMin(value = "0", inclusive = false)
    @DecimalMax("1")
    @JsonProperty
    private double fullShare = DEFAULT_FULL_SHARE;
    /**
     * Share of data-creation requests whose fill is new to the client at which novelty starts: a second run over the same seeds is at most half new.
     * Default {@value #DEFAULT_MIN_NEW_SHARE}.
     */
    @DecimalMin("0")
    @DecimalMax("1")
    @JsonProperty
    private double minNewShare = DEFAULT_MIN_NEW_SHARE;
    /**
     * Share of new fills at which novelty reaches 1.
     * Default {@value #DEFAULT_FULL_NEW_SHARE}.
     */
    @DecimalMin(value = "0", inclusive = false)
    @DecimalMax("1")
    @JsonProperty
    private double fullNewShare = DEFAULT_FULL_NEW_SHARE;
    /**
     * New fills in one event-time hour that make it an hour of new seeds.
     * Default {@value #DEFAULT_NEW_HOUR_REQUESTS}.
     */
    @Min(1)
    @JsonProperty
    private int newHourRequests = DEFAULT_NEW_HOUR_REQUESTS;
    /**
     * Hours of new seeds up to which persistence stays at 0.4: a test-set run of an hour or two is a burst.
     * Default {@value #DEFAULT_MIN_NEW_HOURS}.
     */
    @Min(0)
    @JsonProperty
    private int minNewHours = DEFAULT_MIN_NEW_HOURS;
    /**
     * Hours of new seeds at which persistence reaches 1.
     * Default {@value #DEFAULT_FULL_NEW_HOURS}.
     */
    @Min(1)
    @JsonProperty
    private int fullNewHours = DEFAULT_FULL_NEW_HOURS;

    public double requestScore() {
        return requestScore;
    }

    public SyntheticDataRequestsConfig requestScore(double requestScore) {
        this.requestScore = requestScore;
        return this;
    }

    public int minRequests() {
        return minRequests;
    }

    public SyntheticDataRequestsConfig minRequests(int minRequests) {
        this.minRequests = minRequests;
        return this;
    }

    public int watchFills() {
        return watchFills;
    }

    public SyntheticDataRequestsConfig watchFills(int watchFills) {
        this.watchFills = watchFills;
        return this;
    }

    public int fullFills() {
        return fullFills;
    }

    public SyntheticDataRequestsConfig fullFills(int fullFills) {
        this.fullFills = fullFills;
        return this;
    }

    public double fullShare() {
        return fullShare;
    }

    public SyntheticDataRequestsConfig fullShare(double fullShare) {
        this.fullShare = fullShare;
        return this;
    }

    public double minNewShare() {
        return minNewShare;
    }

    public SyntheticDataRequestsConfig minNewShare(double minNewShare) {
        this.minNewShare = minNewShare;
        return this;
    }

    public double fullNewShare() {
        return fullNewShare;
    }

    public SyntheticDataRequestsConfig fullNewShare(double fullNewShare) {
        this.fullNewShare = fullNewShare;
        return this;
    }

    public int newHourRequests() {
        return newHourRequests;
    }

    public SyntheticDataRequestsConfig newHourRequests(int newHourRequests) {
        this.newHourRequests = newHourRequests;
        return this;
    }

    public int minNewHours() {
        return minNewHours;
    }

    public SyntheticDataRequestsConfig minNewHours(int minNewHours) {
        this.minNewHours = minNewHours;
        return this;
    }

    public int fullNewHours() {
        return fullNewHours;
    }

    public SyntheticDataRequestsConfig fullNewHours(int fullNewHours) {
        this.fullNewHours = fullNewHours;
        return this;
    }

    @Override
    public String key() {
        return "detection.syntheticDataRequests";
    }

    @Override
    public String detectorName() {
        return SyntheticDataRequestsDetector.NAME;
    }

    @Override
    public SyntheticDataRequestsDetector create(DetectorContext context) {
        return new SyntheticDataRequestsDetector(this);
    }
}
