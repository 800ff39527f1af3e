package dev.quarry.ingest;

import static dev.quarry.ingest.FormatFixtures.bytes;
import static dev.quarry.ingest.FormatFixtures.edited;
import static dev.quarry.ingest.FormatFixtures.onlyEvent;
import static dev.quarry.ingest.FormatFixtures.onlyReason;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class OpenAiPairFormatTest {
    private static final String FILE = "openai.jsonl";
    private final OpenAiPairFormat format = new OpenAiPairFormat(new EventParser());

    @Test
    void mapsAChatPairFieldByField() {
        InferenceEvent e = onlyEvent(format.parse(bytes(FILE, 0), "pairs:1"));
        assertEquals("call-1", e.eventId());
        assertEquals(1795161600250L, e.tsMillis()); // 2026-11-20T08:00:00.250Z
        assertEquals("key_a", e.clientId());
        assertEquals("org-1", e.orgId());
        assertEquals("198.51.100.4", e.ip());
        assertEquals("curl/8.5", e.userAgent());
        assertEquals(Endpoint.CHAT_COMPLETIONS, e.endpoint());
        assertEquals("gpt-4o", e.model());
        assertEquals(List.of(new Message("developer", "Be brief."), new Message("user", "Capital of France?")),
                e.request().messages());
        assertEquals(0.7, e.request().temperature());
        assertEquals(32, e.request().maxTokens());
        assertEquals(true, e.request().logprobs());
        assertEquals(3, e.request().topLogprobs());
        assertEquals(new TreeMap<>(Map.of(9906, -50.0)), e.request().logitBias());
        assertEquals(200, e.response().status());
        assertEquals("Paris.", e.response().text());
        assertEquals("stop", e.response().finishReason());
        assertEquals(15, e.response().promptTokens());
        assertEquals(2, e.response().completionTokens());
        assertEquals(840L, e.response().latencyMs());
    }

    @Test
    void splitsAnEmbeddingsInputArrayAppendingTheItemIndexToTheId() {
        List<ParseResult> results = format.parse(bytes(FILE, 1), "pairs:2");
        assertEquals(3, results.size());
        for (int i = 0; i < 3; i++) {
            InferenceEvent e = Fixtures.valid(results.get(i));
            assertEquals("call-2#" + i, e.eventId());
            assertEquals(List.of("alpha", "beta", "gamma").get(i), e.request().prompt());
            assertEquals(Endpoint.EMBEDDINGS, e.endpoint());
            assertEquals(1763625660000L, e.tsMillis());
        }
    }

    @Test
    void readsLegacyCompletionLogprobsAsTopLogprobs() {
        InferenceEvent e = onlyEvent(format.parse(bytes(FILE, 2), "s"));
        assertEquals(Endpoint.COMPLETIONS, e.endpoint());
        assertEquals("The capital of France is", e.request().prompt());
        assertEquals(true, e.request().logprobs());
        assertEquals(5, e.request().topLogprobs());
        assertEquals(" Paris", e.response().text());
    }

    @Test
    void readsAResponsesApiPairWithItsInstructionsAsSystemMessage() {
        InferenceEvent e = onlyEvent(format.parse(bytes(FILE, 3), "s"));
        assertEquals(Endpoint.RESPONSES, e.endpoint());
        assertEquals(List.of(new Message("system", "Answer in French."), new Message("user", "Hello")), e.request().messages());
        assertEquals("Bonjour", e.response().text());
        assertEquals(9, e.response().promptTokens());
    }

    @Test
    void readsConfiguredAndNestedFields() {
        OpenAiPairFormat nested = new OpenAiPairFormat(new EventParser(), new OpenAiPairFormat.Fields("meta.request_id",
                "meta.created_at", "meta.api_key_id", "org_id", "ip", "user_agent", "endpoint", "status", "latency_ms",
                "body.req", "body.res"));
        byte[] raw = edited(FILE, 0, o -> {
            ObjectNode meta = o.putObject("meta").put("request_id", "r-9").put("api_key_id", "k-9");
            meta.set("created_at", o.get("timestamp"));
            ObjectNode body = o.putObject("body");
            body.set("req", o.get("request"));
            body.set("res", o.get("response"));
        });
        InferenceEvent e = onlyEvent(nested.parse(raw, "s"));
        assertEquals("r-9", e.eventId());
        assertEquals("k-9", e.clientId());
        assertEquals("Paris.", e.response().text());
        assertThrows(IllegalArgumentException.class, () -> new OpenAiPairFormat.Fields("a..b", "t", "c", "o", "i", "u",
                "e", "s", "l", "q", "r"));
    }

    @Test
    void takesAnErrorResponseWithoutStatusAs500() {
        InferenceEvent e = onlyEvent(format.parse(edited(FILE, 0, o -> {
            o.remove("status");
            o.putObject("response").putObject("error").put("message", "overloaded");
        }), "s"));
        assertEquals(500, e.response().status());
        assertEquals("call-1", e.eventId());
    }

    @Test
    void rejectsMalformedPairsWithPreciseReasons() {
        assertEquals("missing request (the request body)", onlyReason(format.parse(edited(FILE, 0, o -> o.remove("request")), "s")));
        assertEquals("request: expected object, got string", onlyReason(format.parse(edited(FILE, 0, o -> o.put("request", "x")), "s")));
        assertEquals("missing id (the event id)", onlyReason(format.parse(edited(FILE, 1, o -> o.remove("id")), "s")));
        assertEquals("missing timestamp (the time)", onlyReason(format.parse(edited(FILE, 0, o -> o.remove("timestamp")), "s")));
        assertEquals("timestamp: expected RFC 3339 string or integer epoch millis, got number",
                onlyReason(format.parse(edited(FILE, 0, o -> o.put("timestamp", 1.5)), "s")));
        assertEquals("converted event: ts: not RFC 3339 or epoch millis",
                onlyReason(format.parse(edited(FILE, 0, o -> o.put("timestamp", "yesterday")), "s")));
        assertEquals("missing key_id (the client id)", onlyReason(format.parse(edited(FILE, 0, o -> o.remove("key_id")), "s")));
        assertEquals("endpoint: '/v1/images' is not chat.completions, completions, responses or embeddings (or their /v1 paths)",
                onlyReason(format.parse(edited(FILE, 0, o -> o.put("endpoint", "/v1/images")), "s")));
        assertEquals("converted event: response.status: expected integer, got string",
                onlyReason(format.parse(edited(FILE, 0, o -> o.put("status", "ok")), "s")));
        assertEquals("request.input[1]: expected string or array of token ids, got object",
                onlyReason(format.parse(edited(FILE, 1, o -> ((com.fasterxml.jackson.databind.node.ArrayNode) o.get("request")
                        .get("input")).set(1, o.objectNode())), "s")));
    }
}
