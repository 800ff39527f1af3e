package dev.quarry.dashboard.sink;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quarry.detectors.alert.Alert;
import dev.quarry.detectors.alert.DetectorFinding;
import dev.quarry.detectors.alert.Subject;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The Slack incoming-webhook message of an alert version: {@code text} (the notification and
 * fallback line) and {@code blocks} (a header, a section with the summary, a section of fields,
 * a context line with the alert id). Everything taken from the alert (summary, client and cluster
 * ids, model names, detector names) may be attacker-controlled and is escaped as Slack's
 * {@code mrkdwn} requires ({@code &}, {@code <}, {@code >}), so it can neither link nor mention
 * ({@code <!channel>}); texts are cut to Slack's block limits. Stateless and thread-safe.
 */
public final class SlackMessage {
    /** Slack's limit for a section's text is 3,000 characters; a field's 2,000; a header's 150. */
    static final int MAX_SECTION_CHARS = 3000;
    static final int MAX_FIELD_CHARS = 2000;
    static final int MAX_HEADER_CHARS = 150;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SlackMessage() {}

    /** The message's JSON. */
    public static String of(Alert alert) {
        ObjectNode message = MAPPER.createObjectNode();
        String severity = alert.severity().wireName().toUpperCase(Locale.ROOT);
        String subject = describe(alert.subject());
        message.put("text", cut("Quarry " + severity + " alert on " + escape(subject) + ": " + escape(alert.summary()),
                MAX_SECTION_CHARS));
        ArrayNode blocks = message.putArray("blocks");

        ObjectNode header = blocks.addObject().put("type", "header");
        // plain_text is shown as written: no mrkdwn, so no escaping (Slack escapes it itself).
        header.putObject("text").put("type", "plain_text")
                .put("text", cut("Quarry " + severity + " alert, version " + alert.version(), MAX_HEADER_CHARS));

        blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn")
                .put("text", cut(escape(alert.summary()), MAX_SECTION_CHARS));

        ArrayNode fields = blocks.addObject().put("type", "section").putArray("fields");
        field(fields, "Subject", escape(subject));
        field(fields, "Severity", alert.severity().wireName() + " (score " + alert.score() + ")");
        field(fields, "Detectors", escape(alert.detectors().stream().map(DetectorFinding::name)
                .collect(Collectors.joining(", "))));
        field(fields, "Events seen", Long.toString(alert.eventsSeen()));

        ObjectNode context = blocks.addObject().put("type", "context");
        context.putArray("elements").addObject().put("type", "mrkdwn")
                .put("text", cut("alert_id " + escape(alert.alertId()) + ", version " + alert.version(), MAX_FIELD_CHARS));
        return message.toString();
    }

    /** Escapes text for Slack {@code mrkdwn}: {@code &}, {@code <} and {@code >} as HTML entities. */
    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static void field(ArrayNode fields, String title, String escapedValue) {
        fields.addObject().put("type", "mrkdwn").put("text", cut("*" + title + "*\n" + escapedValue, MAX_FIELD_CHARS));
    }

    private static String describe(Subject subject) {
        return switch (subject.kind()) {
            case Subject.CLUSTER -> "cluster " + subject.clusterId() + " (" + (subject.members() == null ? 0 : subject.members().size()) + " listed members)";
            case Subject.ENDPOINT -> "endpoint serving " + subject.model();
            default -> "client " + subject.clientId();
        };
    }

    /**
     * At most {@code max} characters, ending in an ellipsis when cut; never inside an escape
     * ({@code &amp;}) or a surrogate pair.
     */
    static String cut(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = max - 1;
        int amp = text.lastIndexOf('&', end);
        if (amp >= 0 && amp > end - 5 && text.indexOf(';', amp) >= end) {
            end = amp;
        }
        if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "\u2026";
    }
}
