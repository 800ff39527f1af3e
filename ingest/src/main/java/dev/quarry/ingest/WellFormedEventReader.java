package dev.quarry.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The fast path of {@link EventParser}: reads a contract record straight from Jackson's token
 * stream into an {@link InferenceEvent}, without building a JSON tree first, when the record is
 * an ordinary valid one. It gives up ({@code null}) at anything else: an unknown field at any
 * level (top-level extensions included), a null, a number that needs more than a {@code long}, a
 * value out of range, an unpaired surrogate, a missing field, a syntax error. The caller then
 * parses the record again on the tree path ({@link EventValidator}), which alone says why a record
 * is invalid, so every dead-letter reason is the tree path's, whatever this class accepts.
 *
 * <p>Invariant: when this returns an event, the tree path returns an equal one for the same
 * record. It keeps it by accepting a subset of what the tree path accepts and converting values
 * the same way (numbers through {@link BigDecimal}, as {@code USE_BIG_DECIMAL_FOR_FLOATS} makes the
 * tree do; strings as Jackson decodes them); {@code WellFormedEventReaderTest} checks it on the
 * contract's examples, generated traffic and mutated records. Stateless; thread-safe.
 */
final class WellFormedEventReader {
    private static final BigDecimal BIAS_MIN = BigDecimal.valueOf(-100);
    private static final BigDecimal BIAS_MAX = BigDecimal.valueOf(100);

    private WellFormedEventReader() {}

    /** Thrown to give up; carries no stack trace, as giving up is an ordinary outcome. */
    private static final class GiveUp extends RuntimeException {
        private static final GiveUp INSTANCE = new GiveUp();

        private GiveUp() {
            super("not an ordinary valid record", null, false, false);
        }
    }

    /**
     * The event of the record {@code p} reads, or {@code null} when it is not an ordinary valid
     * record (then nothing about the record may be concluded). Reads {@code p} to its end.
     */
    static InferenceEvent read(JsonParser p) {
        try {
            return readEvent(p);
        } catch (IOException | RuntimeException e) {
            // GiveUp, a syntax error, a number beyond range: all are the tree path's to judge.
            return null;
        }
    }

    private static InferenceEvent readEvent(JsonParser p) throws IOException {
        expect(p.nextToken(), JsonToken.START_OBJECT);
        String eventId = null;
        long ts = -1;
        String clientId = null;
        String orgId = null;
        String ip = null;
        String userAgent = null;
        String tls = null;
        String payment = null;
        Endpoint endpoint = null;
        String model = null;
        InferenceRequest request = null;
        InferenceResponse response = null;
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            JsonToken t = p.nextToken();
            switch (name) {
                case "event_id" -> eventId = length(text(p, t), 128);
                case "ts" -> ts = ts(p, t);
                case "client_id" -> clientId = length(text(p, t), 256);
                case "org_id" -> orgId = text(p, t);
                case "ip" -> ip = text(p, t);
                case "user_agent" -> userAgent = text(p, t);
                case "tls_fingerprint" -> tls = text(p, t);
                case "payment_fingerprint" -> payment = text(p, t);
                case "endpoint" -> endpoint = Endpoint.fromWireName(text(p, t)).orElseThrow(() -> GiveUp.INSTANCE);
                case "model" -> model = text(p, t);
                case "request" -> request = request(p, t);
                case "response" -> response = response(p, t);
                default -> throw GiveUp.INSTANCE;
            }
        }
        expect(p.currentToken(), JsonToken.END_OBJECT);
        if (p.nextToken() != null || eventId == null || ts < 0 || clientId == null || endpoint == null
                || model == null || model.isEmpty() || request == null || response == null) {
            throw GiveUp.INSTANCE;
        }
        return new InferenceEvent(eventId, ts, clientId, orgId, ip, userAgent, tls, payment, endpoint, model,
                request, response, new LinkedHashMap<>());
    }

    private static InferenceRequest request(JsonParser p, JsonToken t) throws IOException {
        expect(t, JsonToken.START_OBJECT);
        List<Message> messages = null;
        String prompt = null;
        Double temperature = null;
        Double topP = null;
        Integer maxTokens = null;
        Integer n = null;
        Long seed = null;
        Boolean logprobs = null;
        Integer topLogprobs = null;
        TreeMap<Integer, Double> logitBias = null;
        Boolean stream = null;
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            JsonToken v = p.nextToken();
            switch (name) {
                case "messages" -> messages = messages(p, v);
                case "prompt" -> prompt = text(p, v);
                case "temperature" -> temperature = number(p, v, BigDecimal.ZERO, null);
                case "top_p" -> topP = number(p, v, BigDecimal.ZERO, BigDecimal.ONE);
                case "max_tokens" -> maxTokens = (int) integer(p, v, 0, Integer.MAX_VALUE);
                case "n" -> n = (int) integer(p, v, 1, Integer.MAX_VALUE);
                case "seed" -> seed = integer(p, v, Long.MIN_VALUE, Long.MAX_VALUE);
                case "logprobs" -> logprobs = bool(v);
                case "top_logprobs" -> topLogprobs = (int) integer(p, v, 0, 20);
                case "logit_bias" -> logitBias = logitBias(p, v);
                case "stream" -> stream = bool(v);
                default -> throw GiveUp.INSTANCE;
            }
        }
        if (messages == null && prompt == null) {
            throw GiveUp.INSTANCE;
        }
        return new InferenceRequest(messages, prompt, temperature, topP, maxTokens, n, seed, logprobs, topLogprobs,
                logitBias, stream);
    }

    private static List<Message> messages(JsonParser p, JsonToken t) throws IOException {
        expect(t, JsonToken.START_ARRAY);
        List<Message> out = new ArrayList<>();
        for (JsonToken m = p.nextToken(); m != JsonToken.END_ARRAY; m = p.nextToken()) {
            expect(m, JsonToken.START_OBJECT);
            String role = null;
            String content = null;
            for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
                JsonToken v = p.nextToken();
                switch (name) {
                    case "role" -> role = text(p, v);
                    case "content" -> content = text(p, v);
                    default -> throw GiveUp.INSTANCE;
                }
            }
            if (role == null || content == null || !isRole(role)) {
                throw GiveUp.INSTANCE;
            }
            out.add(new Message(role, content));
        }
        return out;
    }

    private static boolean isRole(String role) {
        return switch (role) {
            case "system", "user", "assistant", "tool", "developer" -> true;
            default -> false;
        };
    }

    private static TreeMap<Integer, Double> logitBias(JsonParser p, JsonToken t) throws IOException {
        expect(t, JsonToken.START_OBJECT);
        TreeMap<Integer, Double> out = new TreeMap<>();
        for (String key = p.nextFieldName(); key != null; key = p.nextFieldName()) {
            int token = tokenId(key);
            double bias = number(p, p.nextToken(), BIAS_MIN, BIAS_MAX);
            if (out.put(token, bias) != null) {
                throw GiveUp.INSTANCE;
            }
        }
        return out;
    }

    /** The token id a logit_bias key names: decimal digits that fit an int. */
    private static int tokenId(String key) {
        if (key.isEmpty()) {
            throw GiveUp.INSTANCE;
        }
        long v = 0;
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < '0' || c > '9') {
                throw GiveUp.INSTANCE;
            }
            v = v * 10 + (c - '0');
            if (v > Integer.MAX_VALUE) {
                throw GiveUp.INSTANCE;
            }
        }
        return (int) v;
    }

    private static InferenceResponse response(JsonParser p, JsonToken t) throws IOException {
        expect(t, JsonToken.START_OBJECT);
        Integer status = null;
        String text = null;
        int[] tokenIds = null;
        String finishReason = null;
        Integer promptTokens = null;
        Integer completionTokens = null;
        Integer reasoningTokens = null;
        Long latencyMs = null;
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            JsonToken v = p.nextToken();
            switch (name) {
                case "status" -> status = (int) integer(p, v, Integer.MIN_VALUE, Integer.MAX_VALUE);
                case "text" -> text = text(p, v);
                case "token_ids" -> tokenIds = tokenIds(p, v);
                case "finish_reason" -> finishReason = text(p, v);
                case "prompt_tokens" -> promptTokens = (int) integer(p, v, 0, Integer.MAX_VALUE);
                case "completion_tokens" -> completionTokens = (int) integer(p, v, 0, Integer.MAX_VALUE);
                case "reasoning_tokens" -> reasoningTokens = (int) integer(p, v, 0, Integer.MAX_VALUE);
                case "latency_ms" -> latencyMs = integer(p, v, 0, Long.MAX_VALUE);
                default -> throw GiveUp.INSTANCE;
            }
        }
        if (status == null) {
            throw GiveUp.INSTANCE;
        }
        return new InferenceResponse(status, text, tokenIds, finishReason, promptTokens, completionTokens,
                reasoningTokens, latencyMs);
    }

    private static int[] tokenIds(JsonParser p, JsonToken t) throws IOException {
        expect(t, JsonToken.START_ARRAY);
        int[] out = new int[16];
        int n = 0;
        for (JsonToken v = p.nextToken(); v != JsonToken.END_ARRAY; v = p.nextToken()) {
            if (n == out.length) {
                out = java.util.Arrays.copyOf(out, n * 2);
            }
            out[n++] = (int) integer(p, v, 0, Integer.MAX_VALUE);
        }
        return java.util.Arrays.copyOf(out, n);
    }

    private static long ts(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_STRING) {
            OptionalLong millis = Rfc3339.parseMillis(text(p, t));
            if (millis.isEmpty()) {
                throw GiveUp.INSTANCE;
            }
            return millis.getAsLong();
        }
        return integer(p, t, 0, Long.MAX_VALUE);
    }

    private static String text(JsonParser p, JsonToken t) throws IOException {
        expect(t, JsonToken.VALUE_STRING);
        String s = p.getText();
        if (Utf8.hasUnpairedSurrogate(s)) {
            throw GiveUp.INSTANCE;
        }
        return s;
    }

    private static String length(String s, int max) {
        int chars = s.codePointCount(0, s.length());
        if (chars < 1 || chars > max) {
            throw GiveUp.INSTANCE;
        }
        return s;
    }

    private static Boolean bool(JsonToken t) {
        if (t == JsonToken.VALUE_TRUE) {
            return Boolean.TRUE;
        }
        if (t == JsonToken.VALUE_FALSE) {
            return Boolean.FALSE;
        }
        throw GiveUp.INSTANCE;
    }

    /** An integer that fits a long, in [min, max]; bigger ones are left to the tree path. */
    private static long integer(JsonParser p, JsonToken t, long min, long max) throws IOException {
        expect(t, JsonToken.VALUE_NUMBER_INT);
        JsonParser.NumberType type = p.getNumberType();
        if (type != JsonParser.NumberType.INT && type != JsonParser.NumberType.LONG) {
            throw GiveUp.INSTANCE;
        }
        long v = p.getLongValue();
        if (v < min || v > max) {
            throw GiveUp.INSTANCE;
        }
        return v;
    }

    /**
     * A finite number in [min, max] (max null: unbounded), compared exactly. The tree path holds
     * a fraction as a {@link BigDecimal} and an integer as an int or long node; the double each
     * gives is that of the same value here.
     */
    private static double number(JsonParser p, JsonToken t, BigDecimal min, BigDecimal max) throws IOException {
        BigDecimal v;
        double d;
        if (t == JsonToken.VALUE_NUMBER_FLOAT) {
            v = p.getDecimalValue();
            d = v.doubleValue();
        } else if (t == JsonToken.VALUE_NUMBER_INT) {
            JsonParser.NumberType type = p.getNumberType();
            if (type != JsonParser.NumberType.INT && type != JsonParser.NumberType.LONG) {
                throw GiveUp.INSTANCE;
            }
            long l = p.getLongValue();
            v = BigDecimal.valueOf(l);
            d = (double) l;
        } else {
            throw GiveUp.INSTANCE;
        }
        if (v.compareTo(min) < 0 || (max != null && v.compareTo(max) > 0) || Double.isInfinite(d)) {
            throw GiveUp.INSTANCE;
        }
        return d;
    }

    private static void expect(JsonToken actual, JsonToken wanted) {
        if (actual != wanted) {
            throw GiveUp.INSTANCE;
        }
    }
}
