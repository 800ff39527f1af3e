package dev.quarry.dashboard.sink;

import static dev.quarry.dashboard.store.AlertBuilder.anAlert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.detectors.alert.Alert;
import dev.quarry.detectors.alert.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Slack and PagerDuty sinks post what the two services document, to a real HTTP server on
 * 127.0.0.1 standing in for them: Slack's incoming-webhook {@code text} and {@code blocks} with
 * attacker text escaped for {@code mrkdwn}; PagerDuty's Events API v2 trigger.
 */
class SlackAndPagerDutyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Slack: a summary that would mention the channel and hide a link if not escaped. */
    private static final String HOSTILE = "<!channel> see <https://evil.example|your bank> & <@U123>";

    private LocalReceiver receiver;

    @BeforeEach
    void startReceiver() throws Exception {
        receiver = LocalReceiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    @Test
    void slackGetsTextAndBlocksOfDocumentedTypes() throws Exception {
        HttpSink.slack(settings(SinkType.SLACK, "")).deliver(anAlert("al-9").version(2).severity(Severity.HIGH)
                .cluster("hydra-acct-1", "acct-1", "acct-2").summary("12 accounts sweep capabilities").build());

        JsonNode message = JSON.readTree(receiver.requests().get(0).body());
        assertTrue(message.get("text").isTextual());
        assertTrue(message.get("text").asText().contains("HIGH"), message.toString());
        Set<String> blockTypes = Set.of("header", "section", "context", "divider");
        for (JsonNode block : message.get("blocks")) {
            assertTrue(blockTypes.contains(block.get("type").asText()), block.toString());
        }
        JsonNode header = message.get("blocks").get(0);
        assertEquals("plain_text", header.at("/text/type").asText());
        assertTrue(header.at("/text/text").asText().length() <= SlackMessage.MAX_HEADER_CHARS);
        JsonNode summary = message.get("blocks").get(1);
        assertEquals("mrkdwn", summary.at("/text/type").asText());
        assertEquals("12 accounts sweep capabilities", summary.at("/text/text").asText());
        JsonNode fields = message.get("blocks").get(2).get("fields");
        assertTrue(fields.size() <= 10);
        fields.forEach(f -> assertEquals("mrkdwn", f.get("type").asText()));
        assertTrue(fields.get(0).get("text").asText().contains("cluster hydra-acct-1"), fields.toString());
    }

    @Test
    void slackEscapesAttackerTextSoItCanNeitherMentionNorLink() throws Exception {
        HttpSink.slack(settings(SinkType.SLACK, "")).deliver(anAlert("al-1").client("<!here>").summary(HOSTILE).build());

        JsonNode message = JSON.readTree(receiver.requests().get(0).body());
        for (String mrkdwn : List.of(message.get("text").asText(), message.at("/blocks/1/text/text").asText(),
                message.at("/blocks/2/fields/0/text").asText())) {
            assertFalse(mrkdwn.contains("<"), mrkdwn);
            assertFalse(mrkdwn.contains(">"), mrkdwn);
        }
        assertEquals("&lt;!channel&gt; see &lt;https://evil.example|your bank&gt; &amp; &lt;@U123&gt;",
                message.at("/blocks/1/text/text").asText());
        assertTrue(message.at("/blocks/2/fields/0/text").asText().contains("&lt;!here&gt;"));
    }

    @Test
    void slackCutsALongSummaryToTheSectionLimitWithoutSplittingAnEscape() throws Exception {
        String summary = "x".repeat(2996) + "&&&&&&";
        HttpSink.slack(settings(SinkType.SLACK, "")).deliver(anAlert("al-1").summary(summary).build());

        String text = JSON.readTree(receiver.requests().get(0).body()).at("/blocks/1/text/text").asText();
        assertTrue(text.length() <= SlackMessage.MAX_SECTION_CHARS, "length " + text.length());
        assertTrue(text.endsWith("x\u2026"), text.substring(text.length() - 10));
    }

    @Test
    void pagerDutyGetsATriggerKeyedByTheAlertId() throws Exception {
        Alert alert = anAlert("al-42").version(5).severity(Severity.CRITICAL).client("acct-7").summary("logit sweep").build();

        HttpSink.pagerDuty(settings(SinkType.PAGERDUTY, "R0UT1NGKEY0000000000000000000000")).deliver(alert);

        LocalReceiver.Request got = receiver.requests().get(0);
        assertEquals("/v2/enqueue", got.path());
        JsonNode event = JSON.readTree(got.body());
        assertEquals("R0UT1NGKEY0000000000000000000000", event.get("routing_key").asText());
        assertEquals("trigger", event.get("event_action").asText());
        assertEquals("al-42", event.get("dedup_key").asText());
        JsonNode payload = event.get("payload");
        assertEquals("[critical] logit sweep", payload.get("summary").asText());
        assertEquals("quarry/client/acct-7", payload.get("source").asText());
        assertEquals("critical", payload.get("severity").asText());
        assertEquals(Instant.ofEpochMilli(alert.ts()), Instant.parse(payload.get("timestamp").asText()));
        assertEquals(5, payload.at("/custom_details/version").asInt());
        assertEquals("logit_bias_sweep", payload.at("/custom_details/detectors/0/name").asText());
        assertFalse(got.body().contains("distinct_tokens"), "evidence stays out");
    }

    @Test
    void pagerDutySeveritiesAreThoseItDocuments() {
        Map<Severity, String> expected = Map.of(Severity.CRITICAL, "critical", Severity.HIGH, "error",
                Severity.MEDIUM, "warning", Severity.LOW, "info");
        for (Severity s : Severity.values()) {
            assertEquals(expected.get(s), PagerDutyEvent.severity(s));
        }
    }

    @Test
    void pagerDutyCutsTheSummaryToItsLimit() throws Exception {
        HttpSink.pagerDuty(settings(SinkType.PAGERDUTY, "k")).deliver(anAlert("a").summary("s".repeat(5000)).build());

        String summary = JSON.readTree(receiver.requests().get(0).body()).at("/payload/summary").asText();
        assertTrue(summary.length() <= PagerDutyEvent.MAX_SUMMARY_CHARS, "length " + summary.length());
    }

    private SinkSettings settings(SinkType type, String secret) {
        return new SinkSettings().name(type.wireName()).type(type).secret(secret)
                .url(receiver.url(type == SinkType.PAGERDUTY ? "/v2/enqueue" : "/services/T0/B0/x"))
                .timeout(Duration.ofSeconds(5));
    }
}
