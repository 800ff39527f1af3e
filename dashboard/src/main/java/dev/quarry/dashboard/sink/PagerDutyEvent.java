package dev.quarry.dashboard.sink;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quarry.detectors.alert.Alert;
import dev.quarry.detectors.alert.DetectorFinding;
import dev.quarry.detectors.alert.Severity;
import dev.quarry.detectors.alert.Subject;
import java.time.Instant;

/**
 * The PagerDuty Events API v2 event of an alert version: {@code event_action: trigger} with
 * {@code dedup_key} = {@code alert_id}, so every version of one alert updates one PagerDuty
 * incident and a repeated delivery is merged by PagerDuty. Severity maps critical to
 * {@code critical}, high to {@code error}, medium to {@code warning}, low to {@code info}. The
 * summary is cut to PagerDuty's 1,024 characters; evidence stays out (it can be large and hold
 * prompt text), the detectors' names, groups and scores go to {@code custom_details}. Stateless
 * and thread-safe.
 */
public final class PagerDutyEvent {
    /** PagerDuty's limit for {@code payload.summary}. */
    static final int MAX_SUMMARY_CHARS = 1024;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private PagerDutyEvent() {}

    /** The event's JSON, for the integration of {@code routingKey}. */
    public static String of(Alert alert, String routingKey) {
        ObjectNode event = MAPPER.createObjectNode();
        event.put("routing_key", routingKey);
        event.put("event_action", "trigger");
        event.put("dedup_key", alert.alertId());
        event.put("client", "Quarry");
        ObjectNode payload = event.putObject("payload");
        payload.put("summary", SlackMessage.cut("[" + alert.severity().wireName() + "] " + alert.summary(), MAX_SUMMARY_CHARS));
        payload.put("source", "quarry/" + alert.subject().kind() + "/" + alert.subject().key());
        payload.put("severity", severity(alert.severity()));
        payload.put("timestamp", Instant.ofEpochMilli(alert.ts()).toString());
        payload.put("component", alert.subject().kind());
        payload.put("group", alert.detectors().isEmpty() ? "none" : alert.detectors().get(0).group().wireName());
        payload.put("class", alert.detectors().isEmpty() ? "none" : alert.detectors().get(0).name());
        ObjectNode details = payload.putObject("custom_details");
        details.put("alert_id", alert.alertId());
        details.put("version", alert.version());
        details.put("score", alert.score());
        details.put("subject_kind", alert.subject().kind());
        details.put("subject", alert.subject().key());
        if (Subject.CLUSTER.equals(alert.subject().kind()) && alert.subject().members() != null) {
            details.put("listed_members", alert.subject().members().size());
        }
        details.put("events_seen", alert.eventsSeen());
        details.put("first_seen", Instant.ofEpochMilli(alert.firstTs()).toString());
        ArrayNode detectors = details.putArray("detectors");
        for (DetectorFinding f : alert.detectors()) {
            detectors.addObject().put("name", f.name()).put("group", f.group().wireName()).put("score", f.score());
        }
        return event.toString();
    }

    /** PagerDuty's severity of a Quarry severity. */
    public static String severity(Severity severity) {
        return switch (severity) {
            case CRITICAL -> "critical";
            case HIGH -> "error";
            case MEDIUM -> "warning";
            case LOW -> "info";
        };
    }
}
