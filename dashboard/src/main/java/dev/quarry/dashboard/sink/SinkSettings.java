package dev.quarry.dashboard.sink;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.quarry.detectors.alert.Severity;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

/**
 * One entry of {@code sinks.destinations}: where alert versions at or above {@code minSeverity} go,
 * and how hard to try. Which keys a type needs (a webhook's {@code url} and {@code secret}, an OCSF
 * sink's {@code topic} or {@code file}, ...) and the rule that a URL is {@code https} unless it
 * names a loopback host are checked on the whole section ({@link ValidSinks}). {@code secret} is
 * never logged; give it through the environment ({@code secret: ${QUARRY_WEBHOOK_SECRET}}).
 * Mutable bean bound from YAML and validated when loaded; not thread-safe.
 */
public class SinkSettings {
    public static final Severity DEFAULT_MIN_SEVERITY = Severity.MEDIUM;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_ATTEMPTS = 6;
    public static final Duration DEFAULT_BASE_DELAY = Duration.ofSeconds(1);
    public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(30);
    public static final String DEFAULT_START_FROM = "latest";
    /** Where a {@code pagerduty} sink sends events when it names no {@code url}. */
    public static final String PAGERDUTY_EVENTS_URL = "https://events.pagerduty.com/v2/enqueue";

    /**
     * The sink's name: its metrics ({@code quarry.sink.<name>.delivered}), its consumer group
     * ({@code sinks.groupPrefix} + name) and its dead letters carry it. Unique among the sinks.
     */
    @NotNull
    @Pattern(regexp = "[a-z0-9][a-z0-9_-]{0,63}",
            message = "must be 1 to 64 lower-case letters, digits, '_' or '-', starting with a letter or digit")
    @JsonProperty
    private String name;

    /** {@code webhook}, {@code slack}, {@code pagerduty} or {@code ocsf}. */
    @NotNull
    @JsonProperty
    private SinkType type;

    /**
     * Where an HTTP sink POSTs: {@code https}, or {@code http} to a loopback host only. Empty: none
     * (a {@code pagerduty} sink then uses {@value #PAGERDUTY_EVENTS_URL}). A Slack webhook URL is a
     * secret too and is never logged. Default empty.
     */
    @NotNull
    @JsonProperty
    private String url = "";

    /** A webhook's HMAC-SHA256 key, or a PagerDuty integration's routing key. Never logged. Default empty. */
    @NotNull
    @JsonProperty
    private String secret = "";

    /** Lowest severity delivered. Default {@code medium}. */
    @NotNull
    @JsonProperty
    private Severity minSeverity = DEFAULT_MIN_SEVERITY;

    /**
     * Where the sink starts the first time it runs (its consumer group has no offset yet):
     * {@code latest}, only versions published from then on, so a new pager sink does not page for
     * the topic's history; or {@code earliest}, every version the topic still holds (to fill a
     * SIEM). Afterwards it resumes where it stopped. Default {@value #DEFAULT_START_FROM}.
     */
    @NotNull
    @Pattern(regexp = "latest|earliest", message = "must be latest or earliest")
    @JsonProperty
    private String startFrom = DEFAULT_START_FROM;

    /** {@code ocsf}: the Kafka topic the findings go to; empty: none. Default empty. */
    @NotNull
    @JsonProperty
    private String topic = "";

    /** {@code ocsf}: the JSONL file the findings are appended to; empty: none. Default empty. */
    @NotNull
    @JsonProperty
    private String file = "";

    /** How long one HTTP attempt (connect, send, answer) or one Kafka write may take. Default {@code PT10S}. */
    @NotNull
    @DurationMin(millis = 100, message = "must be at least 100 milliseconds")
    @JsonProperty
    private Duration timeout = DEFAULT_TIMEOUT;

    /**
     * Attempts per alert version, the first included, before the sink gives up on it and writes it
     * to the dead-letter topic. Default {@value #DEFAULT_MAX_ATTEMPTS}.
     */
    @Min(1)
    @Max(100)
    @JsonProperty
    private int maxAttempts = DEFAULT_MAX_ATTEMPTS;

    /** Wait before the second attempt; it doubles after each failure up to {@code maxDelay}. Default {@code PT1S}. */
    @NotNull
    @DurationMin(millis = 1, message = "must be at least one millisecond")
    @JsonProperty
    private Duration baseDelay = DEFAULT_BASE_DELAY;

    /** Longest wait between two attempts; not below {@code baseDelay}. Default {@code PT30S}. */
    @NotNull
    @DurationMin(millis = 1, message = "must be at least one millisecond")
    @DurationMax(hours = 1, message = "must be at most one hour")
    @JsonProperty
    private Duration maxDelay = DEFAULT_MAX_DELAY;

    public String name() {
        return name;
    }

    public SinkSettings name(String name) {
        this.name = name;
        return this;
    }

    public SinkType type() {
        return type;
    }

    public SinkSettings type(SinkType type) {
        this.type = type;
        return this;
    }

    public String url() {
        return url;
    }

    public SinkSettings url(String url) {
        this.url = url;
        return this;
    }

    public String secret() {
        return secret;
    }

    public SinkSettings secret(String secret) {
        this.secret = secret;
        return this;
    }

    public Severity minSeverity() {
        return minSeverity;
    }

    public SinkSettings minSeverity(Severity minSeverity) {
        this.minSeverity = minSeverity;
        return this;
    }

    public String startFrom() {
        return startFrom;
    }

    public SinkSettings startFrom(String startFrom) {
        this.startFrom = startFrom;
        return this;
    }

    public String topic() {
        return topic;
    }

    public SinkSettings topic(String topic) {
        this.topic = topic;
        return this;
    }

    public String file() {
        return file;
    }

    public SinkSettings file(String file) {
        this.file = file;
        return this;
    }

    public Duration timeout() {
        return timeout;
    }

    public SinkSettings timeout(Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    public SinkSettings maxAttempts(int maxAttempts) {
        this.maxAttempts = maxAttempts;
        return this;
    }

    public Duration baseDelay() {
        return baseDelay;
    }

    public SinkSettings baseDelay(Duration baseDelay) {
        this.baseDelay = baseDelay;
        return this;
    }

    public Duration maxDelay() {
        return maxDelay;
    }

    public SinkSettings maxDelay(Duration maxDelay) {
        this.maxDelay = maxDelay;
        return this;
    }

    /** The URL an HTTP sink POSTs to: {@code url}, or PagerDuty's own for a {@code pagerduty} sink without one. */
    public String endpoint() {
        if (type == SinkType.PAGERDUTY && (url == null || url.isBlank())) {
            return PAGERDUTY_EVENTS_URL;
        }
        return url;
    }

    /** The wait before attempt {@code attempt + 1} after {@code attempt} failed: base doubled per failure, capped. */
    public Duration delayAfter(int attempt) {
        int doublings = Math.min(Math.max(attempt - 1, 0), 30);
        long millis = baseDelay.toMillis();
        long cap = maxDelay.toMillis();
        for (int i = 0; i < doublings && millis < cap; i++) {
            millis *= 2;
        }
        return Duration.ofMillis(Math.min(millis, cap));
    }
}
