package dev.quarry.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

/**
 * Checks a parsed JSON object against contract v1 (and its JSON schema) and builds the event.
 * Fields are checked in a fixed order, the order of the contract's table, so that a record with
 * several faults always reports the same first one whatever the order of its keys. Stateless;
 * thread-safe.
 */
final class EventValidator {
    private static final Set<String> TOP_LEVEL = Set.of("event_id", "ts", "client_id", "org_id",
            "ip", "user_agent", "tls_fingerprint", "payment_fingerprint", "endpoint", "model",
            "request", "response");
    private static final Set<String> ROLES =
            Set.of("system", "user", "assistant", "tool", "developer");
    private static final String ROLE_LIST = "system, user, assistant, tool, developer";
    private static final String ENDPOINT_LIST =
            "chat.completions, completions, responses, embeddings";
    private static final BigInteger INT_MIN = BigInteger.valueOf(Integer.MIN_VALUE);
    private static final BigInteger INT_MAX = BigInteger.valueOf(Integer.MAX_VALUE);
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);
    private static final BigDecimal ZERO = BigDecimal.ZERO;
    private static final BigDecimal ONE = BigDecimal.ONE;
    private static final BigDecimal BIAS_MIN = BigDecimal.valueOf(-100);
    private static final BigDecimal BIAS_MAX = BigDecimal.valueOf(100);

    private EventValidator() {}

    /**
     * The event the object describes.
     *
     * @throws InvalidRecord at the first contract violation
     */
    static InferenceEvent toEvent(ObjectNode o) {
        String eventId = text(required(o, "event_id", "event_id"), "event_id");
        checkLength(eventId, "event_id", 128);
        long ts = ts(required(o, "ts", "ts"));
        String clientId = text(required(o, "client_id", "client_id"), "client_id");
        checkLength(clientId, "client_id", 256);
        String orgId = optionalText(o, "org_id", "org_id");
        String ip = optionalText(o, "ip", "ip");
        String userAgent = optionalText(o, "user_agent", "user_agent");
        String tls = optionalText(o, "tls_fingerprint", "tls_fingerprint");
        String payment = optionalText(o, "payment_fingerprint", "payment_fingerprint");
        Endpoint endpoint = endpoint(required(o, "endpoint", "endpoint"));
        String model = text(required(o, "model", "model"), "model");
        if (model.isEmpty()) {
            throw new InvalidRecord("model: must not be empty");
        }
        InferenceRequest request = request(object(required(o, "request", "request"), "request"));
        InferenceResponse response =
                response(object(required(o, "response", "response"), "response"));
        Map<String, JsonNode> extensions = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> f : o.properties()) {
            if (!TOP_LEVEL.contains(f.getKey())) {
                checkUnicode(f.getKey(), f.getValue());
                extensions.put(f.getKey(), f.getValue());
            }
        }
        return new InferenceEvent(eventId, ts, clientId, orgId, ip, userAgent, tls, payment,
                endpoint, model, request, response, extensions);
    }

    private static long ts(JsonNode n) {
        if (n.isTextual()) {
            OptionalLong millis = Rfc3339.parseMillis(n.textValue());
            if (millis.isEmpty()) {
                throw new InvalidRecord("ts: not RFC 3339 or epoch millis");
            }
            return millis.getAsLong();
        }
        if (n.isIntegralNumber()) {
            BigInteger v = n.bigIntegerValue();
            if (v.signum() < 0) {
                throw new InvalidRecord("ts: epoch millis must be >= 0");
            }
            if (v.compareTo(LONG_MAX) > 0) {
                throw new InvalidRecord("ts: epoch millis must be <= " + Long.MAX_VALUE);
            }
            return v.longValue();
        }
        throw Reasons.typeError("ts", "RFC 3339 string or integer epoch millis", n);
    }

    private static Endpoint endpoint(JsonNode n) {
        String name = text(n, "endpoint");
        return Endpoint.fromWireName(name).orElseThrow(() -> new InvalidRecord(
                "endpoint: " + Reasons.quote(name) + " is not one of " + ENDPOINT_LIST));
    }

    private static InferenceRequest request(ObjectNode r) {
        List<Message> messages = r.has("messages") ? messages(r.get("messages")) : null;
        String prompt = optionalText(r, "prompt", "request.prompt");
        if (messages == null && prompt == null) {
            throw new InvalidRecord("request: needs messages or prompt");
        }
        Double temperature = optionalNumber(r, "temperature", ZERO, null);
        Double topP = optionalNumber(r, "top_p", ZERO, ONE);
        Integer maxTokens = optionalInt(r, "max_tokens", "request.max_tokens", 0);
        Integer n = optionalInt(r, "n", "request.n", 1);
        Long seed = r.has("seed")
                ? integer(r.get("seed"), "request.seed", LONG_MIN, LONG_MAX, false).longValue()
                : null;
        Boolean logprobs = optionalBoolean(r, "logprobs");
        Integer topLogprobs = r.has("top_logprobs")
                ? integer(r.get("top_logprobs"), "request.top_logprobs", BigInteger.ZERO,
                        BigInteger.valueOf(20), true).intValue()
                : null;
        TreeMap<Integer, Double> logitBias = r.has("logit_bias")
                ? logitBias(r.get("logit_bias"))
                : null;
        Boolean stream = optionalBoolean(r, "stream");
        return new InferenceRequest(messages, prompt, temperature, topP, maxTokens, n, seed,
                logprobs, topLogprobs, logitBias, stream);
    }

    private static List<Message> messages(JsonNode n) {
        if (!n.isArray()) {
            throw Reasons.typeError("request.messages", "array", n);
        }
        List<Message> out = new ArrayList<>(n.size());
        for (int i = 0; i < n.size(); i++) {
            String path = "request.messages[" + i + "]";
            ObjectNode m = object(n.get(i), path);
            String role = text(required(m, "role", path + ".role"), path + ".role");
            if (!ROLES.contains(role)) {
                throw new InvalidRecord(path + ".role: " + Reasons.quote(role)
                        + " is not one of " + ROLE_LIST);
            }
            String content = text(required(m, "content", path + ".content"), path + ".content");
            out.add(new Message(role, content));
        }
        return out;
    }

    private static TreeMap<Integer, Double> logitBias(JsonNode n) {
        if (!n.isObject()) {
            throw Reasons.typeError("request.logit_bias", "object", n);
        }
        TreeMap<Integer, Double> out = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : n.properties()) {
            String key = e.getKey();
            Integer token = tokenId(key);
            if (token == null) {
                throw new InvalidRecord(
                        "request.logit_bias: key " + Reasons.quote(key) + " is not a token id");
            }
            String path = "request.logit_bias[" + Reasons.quote(key) + "]";
            double bias = number(e.getValue(), path, BIAS_MIN, BIAS_MAX);
            if (out.put(token, bias) != null) {
                throw new InvalidRecord("request.logit_bias: key " + Reasons.quote(key)
                        + " repeats token " + token);
            }
        }
        return out;
    }

    /** The token id a logit_bias key names (decimal digits that fit an int), or null. */
    private static Integer tokenId(String key) {
        if (key.isEmpty()) {
            return null;
        }
        long v = 0;
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
            v = v * 10 + (c - '0');
            if (v > Integer.MAX_VALUE) {
                return null;
            }
        }
        return (int) v;
    }

    private static InferenceResponse response(ObjectNode r) {
        int status = integer(required(r, "status", "response.status"), "response.status",
                INT_MIN, INT_MAX, false).intValue();
        String text = optionalText(r, "text", "response.text");
        int[] tokenIds = r.has("token_ids") ? tokenIds(r.get("token_ids")) : null;
        String finishReason = optionalText(r, "finish_reason", "response.finish_reason");
        Integer promptTokens = optionalInt(r, "prompt_tokens", "response.prompt_tokens", 0);
        Integer completionTokens =
                optionalInt(r, "completion_tokens", "response.completion_tokens", 0);
        Integer reasoningTokens =
                optionalInt(r, "reasoning_tokens", "response.reasoning_tokens", 0);
        Long latencyMs = r.has("latency_ms")
                ? integer(r.get("latency_ms"), "response.latency_ms", BigInteger.ZERO, LONG_MAX,
                        false).longValue()
                : null;
        return new InferenceResponse(status, text, tokenIds, finishReason, promptTokens,
                completionTokens, reasoningTokens, latencyMs);
    }

    private static int[] tokenIds(JsonNode n) {
        if (!n.isArray()) {
            throw Reasons.typeError("response.token_ids", "array", n);
        }
        int[] out = new int[n.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = integer(n.get(i), "response.token_ids[" + i + "]", BigInteger.ZERO, INT_MAX,
                    false).intValue();
        }
        return out;
    }

    // --- field primitives --------------------------------------------------------------------

    private static JsonNode required(ObjectNode o, String field, String path) {
        JsonNode n = o.get(field);
        if (n == null) {
            throw new InvalidRecord("missing " + path);
        }
        return n;
    }

    private static ObjectNode object(JsonNode n, String path) {
        if (!n.isObject()) {
            throw Reasons.typeError(path, "object", n);
        }
        return (ObjectNode) n;
    }

    private static String text(JsonNode n, String path) {
        if (!n.isTextual()) {
            throw Reasons.typeError(path, "string", n);
        }
        if (Utf8.hasUnpairedSurrogate(n.textValue())) {
            throw unpairedSurrogate(path);
        }
        return n.textValue();
    }

    /** Rejects an unknown field whose name or any string inside has an unpaired surrogate. */
    private static void checkUnicode(String extension, JsonNode value) {
        if (Utf8.hasUnpairedSurrogate(extension)) {
            throw new InvalidRecord("field name " + Reasons.quote(extension)
                    + ": unpaired surrogate in string");
        }
        if (hasUnpairedSurrogate(value)) {
            throw unpairedSurrogate(Reasons.inert(extension, 40));
        }
    }

    private static boolean hasUnpairedSurrogate(JsonNode n) {
        if (n.isTextual()) {
            return Utf8.hasUnpairedSurrogate(n.textValue());
        }
        if (n.isObject()) {
            for (Map.Entry<String, JsonNode> f : n.properties()) {
                if (Utf8.hasUnpairedSurrogate(f.getKey()) || hasUnpairedSurrogate(f.getValue())) {
                    return true;
                }
            }
        } else if (n.isArray()) {
            for (JsonNode item : n) {
                if (hasUnpairedSurrogate(item)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static InvalidRecord unpairedSurrogate(String path) {
        // JSON can escape half a surrogate pair (I-JSON forbids it); UTF-8 cannot encode it, so
        // the event could not be written back or forwarded.
        return new InvalidRecord(path + ": unpaired surrogate in string");
    }

    private static String optionalText(ObjectNode o, String field, String path) {
        JsonNode n = o.get(field);
        return n == null ? null : text(n, path);
    }

    private static void checkLength(String s, String path, int max) {
        int chars = s.codePointCount(0, s.length());
        if (chars < 1 || chars > max) {
            throw new InvalidRecord(path + ": must be 1-" + max + " characters, got " + chars);
        }
    }

    private static Boolean optionalBoolean(ObjectNode o, String field) {
        JsonNode n = o.get(field);
        if (n == null) {
            return null;
        }
        if (!n.isBoolean()) {
            throw Reasons.typeError("request." + field, "boolean", n);
        }
        return n.booleanValue();
    }

    /** An int field with a contract minimum and no contract maximum. */
    private static Integer optionalInt(ObjectNode o, String field, String path, int min) {
        JsonNode n = o.get(field);
        return n == null
                ? null
                : integer(n, path, BigInteger.valueOf(min), INT_MAX, false).intValue();
    }

    /**
     * An integer in [min, max]. {@code contractMax} says whether max is the contract's bound
     * (reported as a range) or only the width of the Java field (reported on its own).
     */
    private static BigInteger integer(JsonNode n, String path, BigInteger min, BigInteger max,
            boolean contractMax) {
        if (!n.isIntegralNumber()) {
            throw Reasons.typeError(path, "integer", n);
        }
        BigInteger v = n.bigIntegerValue();
        if (v.compareTo(min) < 0 || v.compareTo(max) > 0) {
            if (contractMax) {
                throw new InvalidRecord(path + ": must be in [" + min + ", " + max + "]");
            }
            throw new InvalidRecord(v.compareTo(min) < 0
                    ? path + ": must be >= " + min
                    : path + ": must be <= " + max);
        }
        return v;
    }

    private static Double optionalNumber(ObjectNode o, String field, BigDecimal min,
            BigDecimal max) {
        JsonNode n = o.get(field);
        return n == null ? null : number(n, "request." + field, min, max);
    }

    /** A finite number in [min, max] (max null: unbounded), compared exactly, not as doubles. */
    private static double number(JsonNode n, String path, BigDecimal min, BigDecimal max) {
        if (!n.isNumber()) {
            throw Reasons.typeError(path, "number", n);
        }
        BigDecimal v = n.decimalValue();
        if (v.compareTo(min) < 0 || (max != null && v.compareTo(max) > 0)) {
            throw new InvalidRecord(max == null
                    ? path + ": must be >= " + min.toPlainString()
                    : path + ": must be in [" + min.toPlainString() + ", "
                            + max.toPlainString() + "]");
        }
        double d = n.doubleValue();
        if (Double.isInfinite(d)) {
            throw new InvalidRecord(path + ": too large for a double");
        }
        return d;
    }
}
