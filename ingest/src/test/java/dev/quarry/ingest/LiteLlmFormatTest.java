package dev.quarry.ingest;

import static dev.quarry.ingest.FormatFixtures.bytes;
import static dev.quarry.ingest.FormatFixtures.edited;
import static dev.quarry.ingest.FormatFixtures.onlyEvent;
import static dev.quarry.ingest.FormatFixtures.onlyReason;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class LiteLlmFormatTest {
    private static final String FILE = "litellm.jsonl";
    private final LiteLlmFormat format = new LiteLlmFormat(new EventParser());

    @Test
    void mapsChatPayloadFieldByField() {
        InferenceEvent e = onlyEvent(format.parse(bytes(FILE, 0), "s3:1"));
        assertEquals("chatcmpl-7a1", e.eventId());
        assertEquals(1763625600250L, e.tsMillis());
        assertEquals("88dc28d0f030c55ed4ab77ed8faf098196cb1c05df778539800c9f1243fe6b4b", e.clientId());
        assertEquals("org-7", e.orgId());
        assertEquals("203.0.113.9", e.ip());
        assertEquals("OpenAI/Python 1.51.0", e.userAgent());
        assertEquals(Endpoint.CHAT_COMPLETIONS, e.endpoint());
        assertEquals("gpt-4o-mini", e.model());
        InferenceRequest q = e.request();
        assertEquals(List.of(new Message("system", "You are terse."), new Message("user", "Name a prime")), q.messages());
        assertEquals(0.2, q.temperature());
        assertEquals(0.9, q.topP());
        assertEquals(16, q.maxTokens());
        assertEquals(1, q.n());
        assertEquals(42L, q.seed());
        assertEquals(true, q.logprobs());
        assertEquals(5, q.topLogprobs());
        assertEquals(new TreeMap<>(Map.of(1734, 100.0, 50256, -100.0)), q.logitBias());
        assertEquals(false, q.stream());
        InferenceResponse r = e.response();
        assertEquals(200, r.status());
        assertEquals("7", r.text());
        assertEquals("stop", r.finishReason());
        assertEquals(21, r.promptTokens());
        assertEquals(36, r.completionTokens());
        assertEquals(4, r.reasoningTokens());
        assertEquals(840L, r.latencyMs());
        assertNull(r.tokenIds());
    }

    @Test
    void readsTheClientIdFromTheConfiguredField() {
        assertEquals("ci-bot", onlyEvent(new LiteLlmFormat(new EventParser(), "user_api_key_alias")
                .parse(bytes(FILE, 0), "s")).clientId());
        assertEquals("u-42", onlyEvent(new LiteLlmFormat(new EventParser(), "user_api_key_user_id")
                .parse(bytes(FILE, 0), "s")).clientId());
        assertEquals("customer-17", onlyEvent(new LiteLlmFormat(new EventParser(), "end_user")
                .parse(bytes(FILE, 0), "s")).clientId());
        assertThrows(IllegalArgumentException.class, () -> new LiteLlmFormat(new EventParser(), "api_key"));
    }

    @Test
    void takesTheTeamAsOrganisationWithoutAnOrgId() {
        InferenceEvent e = onlyEvent(format.parse(edited(FILE, 0,
                o -> ((ObjectNode) o.get("metadata")).remove("user_api_key_org_id")), "s"));
        assertEquals("team-3", e.orgId());
    }

    @Test
    void splitsAnEmbeddingsInputListIntoOneEventPerItem() {
        List<ParseResult> results = format.parse(bytes(FILE, 1), "s3:2");
        assertEquals(2, results.size());
        InferenceEvent first = Fixtures.valid(results.get(0));
        InferenceEvent second = Fixtures.valid(results.get(1));
        assertEquals("emb-9#0", first.eventId());
        assertEquals("emb-9#1", second.eventId());
        assertEquals("first text", first.request().prompt());
        assertEquals("second text", second.request().prompt());
        assertEquals(Endpoint.EMBEDDINGS, first.endpoint());
        assertEquals(1763625602000L, second.tsMillis());
        assertEquals(100L, first.response().latencyMs());
    }

    @Test
    void skipsCallsThatAreNotInferenceCallsAndSaysWhich() {
        List<ParseResult> results = format.parse(bytes(FILE, 2), "s3:3");
        assertEquals(1, results.size());
        ParseResult.Skipped skipped = assertInstanceOf(ParseResult.Skipped.class, results.get(0));
        assertEquals("call_type 'aimage_generation' is not an inference call the contract models", skipped.reason());
        assertEquals("s3:3", skipped.source());
    }

    @Test
    void takesAFailuresStatusFromItsErrorCode() {
        InferenceEvent e = onlyEvent(format.parse(bytes(FILE, 3), "s"));
        assertEquals(429, e.response().status());
        assertNull(e.response().text());
        assertEquals(500, onlyEvent(format.parse(edited(FILE, 3, o -> o.remove("error_information")), "s"))
                .response().status());
    }

    @Test
    void readsAPromptStringAsACompletionPrompt() {
        InferenceEvent e = onlyEvent(format.parse(edited(FILE, 0, o -> o.put("call_type", "text_completion")
                .put("messages", "The capital of France is")), "s"));
        assertEquals(Endpoint.COMPLETIONS, e.endpoint());
        assertEquals("The capital of France is", e.request().prompt());
    }

    @Test
    void readsAJsonArrayOfPayloads() {
        String batch = "[" + Fixtures.lines("formats/" + FILE).get(0) + "," + Fixtures.lines("formats/" + FILE).get(3) + "]";
        List<ParseResult> results = format.parse(batch.getBytes(StandardCharsets.UTF_8), "batch");
        assertEquals(2, results.size());
        assertEquals("fail-1", Fixtures.valid(results.get(1)).eventId());
    }

    @Test
    void rejectsMalformedPayloadsWithPreciseReasons() {
        assertEquals("not JSON: Unrecognized token 'not': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')",
                onlyReason(format.parse("not json".getBytes(StandardCharsets.UTF_8), "s")));
        assertEquals("missing id", onlyReason(format.parse(edited(FILE, 0, o -> o.remove("id")), "s")));
        assertEquals("missing call_type", onlyReason(format.parse(edited(FILE, 0, o -> o.remove("call_type")), "s")));
        assertEquals("missing startTime", onlyReason(format.parse(edited(FILE, 0, o -> o.remove("startTime")), "s")));
        assertEquals("startTime: expected number (epoch seconds), got string",
                onlyReason(format.parse(edited(FILE, 0, o -> o.put("startTime", "2026-11-20")), "s")));
        assertEquals("startTime: must be >= 0", onlyReason(format.parse(edited(FILE, 0, o -> o.put("startTime", -1)), "s")));
        assertEquals("endTime: earlier than startTime",
                onlyReason(format.parse(edited(FILE, 0, o -> o.put("endTime", 1763625599)), "s")));
        assertEquals("missing metadata.user_api_key_hash (the client id)",
                onlyReason(format.parse(edited(FILE, 0, o -> o.remove("metadata")), "s")));
        assertEquals("metadata: expected object, got string",
                onlyReason(format.parse(edited(FILE, 0, o -> o.put("metadata", "key")), "s")));
        assertEquals("metadata.user_api_key_hash: expected string, got number",
                onlyReason(format.parse(edited(FILE, 0, o -> ((ObjectNode) o.get("metadata")).put("user_api_key_hash", 7)), "s")));
        assertEquals("status: 'ok' is not success or failure",
                onlyReason(format.parse(edited(FILE, 0, o -> o.put("status", "ok")), "s")));
        assertEquals("missing messages", onlyReason(format.parse(edited(FILE, 0, o -> o.remove("messages")), "s")));
        assertEquals("messages: expected array or string, got object",
                onlyReason(format.parse(edited(FILE, 0, o -> o.putObject("messages")), "s")));
        assertEquals("messages[0].role: expected string, got number",
                onlyReason(format.parse(edited(FILE, 0, o -> ((ObjectNode) o.get("messages").get(0)).put("role", 1)), "s")));
    }

    @Test
    void rejectsAConvertedEventTheContractRejectsKeepingTheSourceRecord() {
        byte[] raw = edited(FILE, 0, o -> ((ObjectNode) o.get("model_parameters")).put("top_logprobs", 25));
        ParseResult.Invalid invalid = assertInstanceOf(ParseResult.Invalid.class, format.parse(raw, "gcs:9").get(0));
        assertEquals("converted event: request.top_logprobs: must be in [0, 20]", invalid.deadLetter().reason());
        assertEquals("gcs:9", invalid.deadLetter().source());
        assertEquals(new String(raw, StandardCharsets.UTF_8).substring(0, 200), invalid.deadLetter().raw().substring(0, 200));
        assertTrue(invalid.deadLetter().raw().contains("\"call_type\":\"acompletion\""), "the LiteLLM record, not the converted JSON");
        assertEquals(raw.length, invalid.deadLetter().rawBytes());
    }
}
