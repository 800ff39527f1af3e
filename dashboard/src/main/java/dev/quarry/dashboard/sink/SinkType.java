package dev.quarry.dashboard.sink;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Where a sink delivers alert versions, and in which shape (see docs/integrations.md). */
public enum SinkType {
    /** The alert version's JSON, POSTed with an HMAC signature ({@link WebhookSignature}). */
    WEBHOOK,
    /** A Slack incoming-webhook message ({@link SlackMessage}). */
    SLACK,
    /** A PagerDuty Events API v2 trigger ({@link PagerDutyEvent}). */
    PAGERDUTY,
    /** An OCSF 1.3 Detection Finding, to a Kafka topic and/or a JSONL file ({@link OcsfDetectionFinding}). */
    OCSF;

    /** Lower-case name, as in the configuration. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a wire name, case-insensitively.
     *
     * @throws IllegalArgumentException naming the types there are
     */
    @JsonCreator
    public static SinkType fromWireName(String s) {
        for (SinkType t : values()) {
            if (t.wireName().equalsIgnoreCase(s == null ? "" : s.trim())) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown sink type '" + s + "', expected one of "
                + Arrays.stream(values()).map(SinkType::wireName).collect(Collectors.joining(", ")));
    }

    /** Whether this sink POSTs to {@code url}. */
    public boolean http() {
        return this != OCSF;
    }
}
