package dev.quarry.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One targeted fault per contract rule: a complete valid event with one field changed (or
 * removed) must be rejected with exactly the expected reason.
 */
class EventParserRulesTest {
    // Exact big decimals, so that 1e400, 3.0 and 1.0000000000000000000001 reach the parser as
    // written rather than as Infinity, 3 and 1.0.
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);
    private static final String REMOVE = "<remove>";

    private final EventParser parser = new EventParser();

    /** A valid event that uses every contract field. */
    static ObjectNode fullEvent() {
        InferenceEvent e = EventBuilder.event("e-1").client("key_a").org("org_a").ip("192.0.2.1")
                .userAgent("curl/8").tlsFingerprint("t13d").paymentFingerprint("pay_1")
                .system("be brief").user("hi").temperature(0.5).topP(0.9).maxTokens(16).n(1)
                .seed(7).logprobs(true).topLogprobs(5).bias(1734, 100).stream(false)
                .responseText("hello").tokenIds(1, 2).finishReason("stop").promptTokens(3)
                .completionTokens(2).reasoningTokens(0).latencyMs(12).build();
        try {
            ObjectNode o = (ObjectNode) JSON.readTree(EventJson.toJsonLine(e));
            ((ObjectNode) o.get("request")).put("prompt", "also a prompt");
            return o;
        } catch (Exception ex) {
            throw new AssertionError(ex);
        }
    }

    static Stream<Arguments> faults() {
        String long129 = "\"" + "x".repeat(129) + "\"";
        String long257 = "\"" + "k".repeat(257) + "\"";
        return Stream.of(
                // required fields
                fault("/event_id", REMOVE, "missing event_id"),
                fault("/ts", REMOVE, "missing ts"),
                fault("/client_id", REMOVE, "missing client_id"),
                fault("/endpoint", REMOVE, "missing endpoint"),
                fault("/model", REMOVE, "missing model"),
                fault("/request", REMOVE, "missing request"),
                fault("/response", REMOVE, "missing response"),
                fault("/response/status", REMOVE, "missing response.status"),
                // event_id and client_id
                fault("/event_id", "5", "event_id: expected string, got number"),
                fault("/event_id", "\"\"", "event_id: must be 1-128 characters, got 0"),
                fault("/event_id", long129, "event_id: must be 1-128 characters, got 129"),
                fault("/client_id", "null", "client_id: expected string, got null"),
                fault("/client_id", "\"\"", "client_id: must be 1-256 characters, got 0"),
                fault("/client_id", long257, "client_id: must be 1-256 characters, got 257"),
                // ts
                fault("/ts", "\"yesterday\"", "ts: not RFC 3339 or epoch millis"),
                fault("/ts", "\"2026-11-20 08:15:02Z\"", "ts: not RFC 3339 or epoch millis"),
                fault("/ts", "\"2026-11-20T08:15:02\"", "ts: not RFC 3339 or epoch millis"),
                fault("/ts", "\"2026-11-20T08:15:02+05\"", "ts: not RFC 3339 or epoch millis"),
                fault("/ts", "\"2026-11-20T08:15:02.Z\"", "ts: not RFC 3339 or epoch millis"),
                fault("/ts", "\"2026-02-30T00:00:00Z\"", "ts: not RFC 3339 or epoch millis"),
                fault("/ts", "\"2026-11-20T24:00:00Z\"", "ts: not RFC 3339 or epoch millis"),
                fault("/ts", "\"2026-11-20T12:59:60Z\"", "ts: not RFC 3339 or epoch millis"),
                fault("/ts", "\"+12026-11-20T08:15:02Z\"", "ts: not RFC 3339 or epoch millis"),
                fault("/ts", "\"1763626502500\"", "ts: not RFC 3339 or epoch millis"),
                fault("/ts", "-1", "ts: epoch millis must be >= 0"),
                fault("/ts", "9223372036854775808",
                        "ts: epoch millis must be <= 9223372036854775807"),
                fault("/ts", "1763626502500.0",
                        "ts: expected RFC 3339 string or integer epoch millis, got number"),
                fault("/ts", "true",
                        "ts: expected RFC 3339 string or integer epoch millis, got boolean"),
                // optional strings
                fault("/org_id", "1", "org_id: expected string, got number"),
                fault("/ip", "[]", "ip: expected string, got array"),
                fault("/user_agent", "{}", "user_agent: expected string, got object"),
                fault("/tls_fingerprint", "false", "tls_fingerprint: expected string, got boolean"),
                fault("/payment_fingerprint", "null",
                        "payment_fingerprint: expected string, got null"),
                // endpoint and model
                fault("/endpoint", "\"chat\"", "endpoint: 'chat' is not one of chat.completions, "
                        + "completions, responses, embeddings"),
                fault("/endpoint", "1", "endpoint: expected string, got number"),
                fault("/model", "\"\"", "model: must not be empty"),
                fault("/model", "[\"m\"]", "model: expected string, got array"),
                // request shape and input
                fault("/request", "[]", "request: expected object, got array"),
                fault("/request", "{\"temperature\":1}", "request: needs messages or prompt"),
                fault("/request/messages", "{}", "request.messages: expected array, got object"),
                fault("/request/messages/1", "\"hi\"",
                        "request.messages[1]: expected object, got string"),
                fault("/request/messages/0/role", REMOVE, "missing request.messages[0].role"),
                fault("/request/messages/1/role", "\"wizard\"", "request.messages[1].role: "
                        + "'wizard' is not one of system, user, assistant, tool, developer"),
                fault("/request/messages/0/role", "1",
                        "request.messages[0].role: expected string, got number"),
                fault("/request/messages/1/content", REMOVE,
                        "missing request.messages[1].content"),
                fault("/request/messages/1/content", "null",
                        "request.messages[1].content: expected string, got null"),
                fault("/request/prompt", "1", "request.prompt: expected string, got number"),
                // sampling parameters
                fault("/request/temperature", "-0.1", "request.temperature: must be >= 0"),
                fault("/request/temperature", "\"0.7\"",
                        "request.temperature: expected number, got string"),
                fault("/request/temperature", "1e400",
                        "request.temperature: too large for a double"),
                fault("/request/top_p", "1.5", "request.top_p: must be in [0, 1]"),
                fault("/request/top_p", "-1", "request.top_p: must be in [0, 1]"),
                fault("/request/top_p", "1.0000000000000000000001",
                        "request.top_p: must be in [0, 1]"),
                fault("/request/max_tokens", "-1", "request.max_tokens: must be >= 0"),
                fault("/request/max_tokens", "3.0",
                        "request.max_tokens: expected integer, got number"),
                fault("/request/max_tokens", "\"3\"",
                        "request.max_tokens: expected integer, got string"),
                fault("/request/max_tokens", "2147483648",
                        "request.max_tokens: must be <= 2147483647"),
                fault("/request/n", "0", "request.n: must be >= 1"),
                fault("/request/seed", "1.5", "request.seed: expected integer, got number"),
                fault("/request/seed", "9223372036854775808",
                        "request.seed: must be <= 9223372036854775807"),
                fault("/request/logprobs", "\"true\"",
                        "request.logprobs: expected boolean, got string"),
                fault("/request/stream", "1", "request.stream: expected boolean, got number"),
                fault("/request/top_logprobs", "21", "request.top_logprobs: must be in [0, 20]"),
                fault("/request/top_logprobs", "-1", "request.top_logprobs: must be in [0, 20]"),
                fault("/request/top_logprobs", "5.0",
                        "request.top_logprobs: expected integer, got number"),
                // logit_bias
                fault("/request/logit_bias", "[]",
                        "request.logit_bias: expected object, got array"),
                fault("/request/logit_bias", "{\"abc\":5}",
                        "request.logit_bias: key 'abc' is not a token id"),
                fault("/request/logit_bias", "{\"-1\":5}",
                        "request.logit_bias: key '-1' is not a token id"),
                fault("/request/logit_bias", "{\"2147483648\":5}",
                        "request.logit_bias: key '2147483648' is not a token id"),
                fault("/request/logit_bias", "{\"\":5}",
                        "request.logit_bias: key '' is not a token id"),
                fault("/request/logit_bias", "{\"1.0\":5}",
                        "request.logit_bias: key '1.0' is not a token id"),
                fault("/request/logit_bias", "{\" 12\":5}",
                        "request.logit_bias: key ' 12' is not a token id"),
                fault("/request/logit_bias", "{\"1734\":100.5}",
                        "request.logit_bias['1734']: must be in [-100, 100]"),
                fault("/request/logit_bias", "{\"1734\":-101}",
                        "request.logit_bias['1734']: must be in [-100, 100]"),
                fault("/request/logit_bias", "{\"1734\":\"5\"}",
                        "request.logit_bias['1734']: expected number, got string"),
                fault("/request/logit_bias", "{\"7\":1,\"007\":2}",
                        "request.logit_bias: key '007' repeats token 7"),
                // response
                fault("/response", "\"ok\"", "response: expected object, got string"),
                fault("/response/status", "\"200\"",
                        "response.status: expected integer, got string"),
                fault("/response/status", "200.0",
                        "response.status: expected integer, got number"),
                fault("/response/status", "2147483648",
                        "response.status: must be <= 2147483647"),
                fault("/response/text", "1", "response.text: expected string, got number"),
                fault("/response/token_ids", "\"1,2\"",
                        "response.token_ids: expected array, got string"),
                fault("/response/token_ids", "[1,-2]", "response.token_ids[1]: must be >= 0"),
                fault("/response/token_ids", "[1.5]",
                        "response.token_ids[0]: expected integer, got number"),
                fault("/response/token_ids", "[1,\"2\"]",
                        "response.token_ids[1]: expected integer, got string"),
                fault("/response/token_ids", "[2147483648]",
                        "response.token_ids[0]: must be <= 2147483647"),
                fault("/response/finish_reason", "1",
                        "response.finish_reason: expected string, got number"),
                fault("/response/prompt_tokens", "-1", "response.prompt_tokens: must be >= 0"),
                fault("/response/completion_tokens", "\"1\"",
                        "response.completion_tokens: expected integer, got string"),
                fault("/response/reasoning_tokens", "1.5",
                        "response.reasoning_tokens: expected integer, got number"),
                fault("/response/latency_ms", "-5", "response.latency_ms: must be >= 0"));
    }

    private static Arguments fault(String pointer, String json, String reason) {
        return Arguments.of(pointer, json, reason);
    }

    @Test
    void theUnchangedFullEventIsValid() {
        Fixtures.valid(parser.parse(fullEvent().toString(), "full"));
    }

    @ParameterizedTest(name = "{0} = {1} -> {2}")
    @MethodSource("faults")
    void eachRuleViolationIsRejectedWithItsReason(String pointer, String json, String reason)
            throws Exception {
        ObjectNode event = fullEvent();
        JsonPointer at = JsonPointer.compile(pointer);
        JsonNode parent = event.at(at.head());
        String field = at.last().getMatchingProperty();
        if (REMOVE.equals(json)) {
            ((ObjectNode) parent).remove(field);
        } else if (parent.isArray()) {
            ((ArrayNode) parent).set(Integer.parseInt(field), JSON.readTree(json));
        } else {
            ((ObjectNode) parent).set(field, JSON.readTree(json));
        }
        String line = JSON.writeValueAsString(event);
        assertEquals(reason, Fixtures.invalid(parser.parse(line, "t")).reason(), line);
        assertEquals(reason, Fixtures.invalid(
                parser.parse(line.getBytes(StandardCharsets.UTF_8), "t")).reason(), "as bytes");
    }

    @Test
    void theFirstFaultInContractOrderIsReportedWhateverTheKeyOrder() {
        String a = "{\"event_id\":\"e\",\"ts\":-1,\"endpoint\":\"x\",\"model\":\"m\","
                + "\"request\":{\"prompt\":\"p\"},\"response\":{\"status\":200}}";
        String b = "{\"response\":{\"status\":200},\"request\":{\"prompt\":\"p\"},\"model\":\"m\","
                + "\"endpoint\":\"x\",\"ts\":-1,\"event_id\":\"e\"}";
        assertEquals("ts: epoch millis must be >= 0", Fixtures.invalid(parser.parse(a, "a")).reason());
        assertEquals("ts: epoch millis must be >= 0", Fixtures.invalid(parser.parse(b, "b")).reason());
    }

    @Test
    void hostileTextInAReasonIsShortenedAndEscaped() {
        ObjectNode event = fullEvent();
        ((ObjectNode) event.at("/request/messages/1")).put("role",
                "\u202Ewizard\n" + "z".repeat(100));
        String reason = Fixtures.invalid(parser.parse(event.toString(), "t")).reason();
        assertTrue(reason.startsWith("request.messages[1].role: '\\u202Ewizard\\u000Azzz"), reason);
        assertTrue(reason.contains("…' is not one of"), reason);
        assertTrue(reason.chars().noneMatch(c -> c == '\n' || c == '\u202E'), reason);
    }
}
