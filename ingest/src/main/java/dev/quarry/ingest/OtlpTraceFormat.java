package dev.quarry.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * OpenTelemetry GenAI spans, as OTLP {@code ExportTraceServiceRequest}s in protobuf or in OTLP
 * JSON (told apart by the first byte: JSON starts with <code>{</code>). Each span with a {@code
 * gen_ai.operation.name} of {@code chat}, {@code text_completion}, {@code generate_content} or
 * {@code embeddings} becomes one event, read from the GenAI semantic conventions; every other span
 * (HTTP, database, agent and tool spans) is skipped and counted.
 *
 * <p>OTLP JSON is decoded by protobuf's {@link JsonFormat} after its two departures from the
 * standard protobuf JSON mapping are undone: trace and span ids are hex (not base64) strings, so
 * they are re-encoded first; enums as integers and unknown fields (which receivers must ignore)
 * {@code JsonFormat} accepts as configured. Both encodings therefore give the same spans and the
 * same events.
 *
 * <p>The event id is {@code traceId-spanId} in hex; the time the span's start; the latency its
 * duration; the client the first present of the configured attributes (span, then resource). The
 * status is 200, or for a span with status ERROR the {@code http.response.status_code} attribute,
 * else 500. The mapping table is in {@code docs/formats.md}. Immutable; thread-safe.
 */
public final class OtlpTraceFormat extends ConvertedFormat {
    /** The format's name for protobuf or JSON records, {@value}. */
    public static final String NAME = "otlp";
    /** The format's name for JSON records only (one request per line of a file), {@value}. */
    public static final String JSON_NAME = "otlp-json";

    private static final Map<String, Endpoint> OPERATIONS = Map.of(
            "chat", Endpoint.CHAT_COMPLETIONS, "generate_content", Endpoint.CHAT_COMPLETIONS,
            "text_completion", Endpoint.COMPLETIONS, "embeddings", Endpoint.EMBEDDINGS);
    private static final JsonFormat.Parser JSON = JsonFormat.parser().ignoringUnknownFields();

    /**
     * The attributes read beside the semantic conventions.
     *
     * @param clientIdAttributes the client id is the first of these present, on the span or its resource
     * @param logitBias a JSON object string (or key-value list) of token id to bias
     * @param logprobs a boolean
     * @param topLogprobs an integer
     */
    public record Attributes(List<String> clientIdAttributes, String logitBias, String logprobs,
            String topLogprobs) {
        public Attributes {
            clientIdAttributes = List.copyOf(clientIdAttributes);
            if (clientIdAttributes.isEmpty() || clientIdAttributes.stream().anyMatch(String::isBlank)) {
                throw new IllegalArgumentException("clientIdAttributes needs at least one non-blank name");
            }
            for (String a : new String[] {logitBias, logprobs, topLogprobs}) {
                if (a == null || a.isBlank()) {
                    throw new IllegalArgumentException("attribute names must not be blank");
                }
            }
        }

        /** {@code user.id} then {@code enduser.id}; {@code gen_ai.request.logit_bias}, {@code .logprobs}, {@code .top_logprobs}. */
        public static Attributes defaults() {
            return new Attributes(List.of("user.id", "enduser.id"), "gen_ai.request.logit_bias",
                    "gen_ai.request.logprobs", "gen_ai.request.top_logprobs");
        }
    }

    private final Attributes attributes;
    private final boolean jsonOnly;

    /** The {@value #NAME} format with the default attributes. */
    public OtlpTraceFormat(EventParser parser) {
        this(parser, Attributes.defaults(), false);
    }

    /**
     * @param jsonOnly true for {@value #JSON_NAME}: protobuf records are rejected
     */
    public OtlpTraceFormat(EventParser parser, Attributes attributes, boolean jsonOnly) {
        super(parser);
        this.attributes = Objects.requireNonNull(attributes, "attributes");
        this.jsonOnly = jsonOnly;
    }

    @Override
    public String name() {
        return jsonOnly ? JSON_NAME : NAME;
    }

    @Override
    public List<ParseResult> parse(byte[] raw, String source) {
        return ConvertedRecords.convert(parser, raw, source,
                src -> events(looksLikeJson(raw) ? fromJson(raw) : fromProtobuf(raw), raw, src));
    }

    /** The events, dead letters and skips of a decoded request, one per span. */
    public List<ParseResult> events(ExportTraceServiceRequest request, byte[] raw, String source) {
        List<ParseResult> out = new ArrayList<>();
        for (int r = 0; r < request.getResourceSpansCount(); r++) {
            ResourceSpans rs = request.getResourceSpans(r);
            for (int s = 0; s < rs.getScopeSpansCount(); s++) {
                ScopeSpans ss = rs.getScopeSpans(s);
                for (int i = 0; i < ss.getSpansCount(); i++) {
                    String at = source + " resourceSpans[" + r + "].scopeSpans[" + s + "].spans[" + i + "]";
                    try {
                        out.add(convert(ss.getSpans(i), rs.getResource().getAttributesList(), raw, at));
                    } catch (InvalidRecord e) {
                        out.add(ConvertedRecords.invalid(parser, e.reason(), at, raw));
                    } catch (RuntimeException e) {
                        out.add(ConvertedRecords.invalid(parser, "unreadable: " + e.getClass().getSimpleName(), at, raw));
                    }
                }
            }
        }
        return out;
    }

    private ParseResult convert(Span span, List<KeyValue> resource, byte[] raw, String source) {
        Map<String, AnyValue> attrs = new java.util.HashMap<>();
        for (KeyValue kv : span.getAttributesList()) {
            attrs.put(kv.getKey(), kv.getValue());
        }
        AnyValue operation = attrs.get("gen_ai.operation.name");
        if (operation == null) {
            return new ParseResult.Skipped("span without gen_ai.operation.name", source);
        }
        String op = operation.getStringValue();
        Endpoint endpoint = OPERATIONS.get(op);
        if (endpoint == null) {
            return new ParseResult.Skipped("gen_ai.operation.name " + Reasons.quote(op)
                    + " is not an inference call the contract models", source);
        }
        if (span.getTraceId().size() != 16 || span.getSpanId().size() != 8) {
            throw new InvalidRecord("span: trace id must be 16 bytes and span id 8 bytes");
        }
        if (span.getStartTimeUnixNano() == 0) {
            throw new InvalidRecord("span: missing startTimeUnixNano");
        }
        long ts = Long.divideUnsigned(span.getStartTimeUnixNano(), 1_000_000L);
        String clientId = clientId(attrs, resource);
        String model = text(attrs, "gen_ai.request.model");
        if (model == null) {
            model = text(attrs, "gen_ai.response.model");
        }
        if (model == null) {
            throw new InvalidRecord("missing attribute gen_ai.request.model");
        }
        HexFormat hex = HexFormat.of();
        ContractDraft d = new ContractDraft(json);
        d.put("event_id", hex.formatHex(span.getTraceId().toByteArray()) + "-"
                + hex.formatHex(span.getSpanId().toByteArray()));
        d.root.put("ts", ts);
        d.put("client_id", clientId)
                .put("ip", text(attrs, "client.address"))
                .put("user_agent", text(attrs, "user_agent.original"))
                .put("endpoint", endpoint.wireName())
                .put("model", model);
        d.request("temperature", value(attrs, "gen_ai.request.temperature"));
        d.request("top_p", value(attrs, "gen_ai.request.top_p"));
        d.request("max_tokens", value(attrs, "gen_ai.request.max_tokens"));
        d.request("n", value(attrs, "gen_ai.request.choice.count"));
        d.request("seed", value(attrs, "gen_ai.request.seed"));
        d.request("logprobs", value(attrs, attributes.logprobs()));
        d.request("top_logprobs", value(attrs, attributes.topLogprobs()));
        JsonNode bias = value(attrs, attributes.logitBias());
        d.request("logit_bias", bias != null && bias.isTextual() ? json.read(bias.textValue()
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)) : bias);

        JsonNode input = jsonValue(attrs, "gen_ai.input.messages");
        JsonNode system = jsonValue(attrs, "gen_ai.system_instructions");
        if (endpoint == Endpoint.CHAT_COMPLETIONS) {
            ArrayNode messages = d.messages();
            if (system != null) {
                messages.addObject().put("role", "system").put("content", partsText(system, "gen_ai.system_instructions"));
            }
            if (input != null) {
                semconvMessages(input, messages);
            }
        } else {
            String prompt = input == null ? "" : input.isTextual() ? input.textValue() : allText(input);
            d.request("prompt", TextNode.valueOf(prompt));
        }

        int status = 200;
        if (span.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR) {
            JsonNode http = value(attrs, "http.response.status_code");
            status = http != null && http.canConvertToInt() && http.intValue() >= 100 && http.intValue() <= 599
                    ? http.intValue() : 500;
        }
        d.response("status", IntNode.valueOf(status));
        JsonNode output = jsonValue(attrs, "gen_ai.output.messages");
        if (output != null) {
            d.response("text", TextNode.valueOf(outputText(output)));
        }
        JsonNode reasons = value(attrs, "gen_ai.response.finish_reasons");
        if (reasons != null && reasons.isArray() && !reasons.isEmpty()) {
            d.response("finish_reason", reasons.get(0));
        } else if (reasons != null && reasons.isTextual()) {
            d.response("finish_reason", reasons);
        }
        d.response("prompt_tokens", value(attrs, "gen_ai.usage.input_tokens"));
        d.response("completion_tokens", value(attrs, "gen_ai.usage.output_tokens"));
        if (span.getEndTimeUnixNano() != 0) {
            if (Long.compareUnsigned(span.getEndTimeUnixNano(), span.getStartTimeUnixNano()) < 0) {
                throw new InvalidRecord("span: endTimeUnixNano earlier than startTimeUnixNano");
            }
            d.response("latency_ms", LongNode.valueOf(
                    (span.getEndTimeUnixNano() - span.getStartTimeUnixNano()) / 1_000_000L));
        }
        return d.finish(parser, raw, source);
    }

    private String clientId(Map<String, AnyValue> attrs, List<KeyValue> resource) {
        for (String name : attributes.clientIdAttributes()) {
            String v = text(attrs, name);
            if (v == null) {
                for (KeyValue kv : resource) {
                    if (kv.getKey().equals(name)) {
                        v = kv.getValue().hasStringValue() ? kv.getValue().getStringValue() : null;
                    }
                }
            }
            if (v != null && !v.isEmpty()) {
                return v;
            }
        }
        throw new InvalidRecord("missing attribute " + String.join(" or ", attributes.clientIdAttributes())
                + " (the client id)");
    }

    /** Messages of the GenAI conventions: {@code [{role, parts: [{type: text, content}]}]}, or {@code {role, content}}. */
    private static void semconvMessages(JsonNode input, ArrayNode out) {
        if (input.isTextual()) {
            out.addObject().put("role", "user").put("content", input.textValue());
            return;
        }
        if (!input.isArray()) {
            throw Reasons.typeError("gen_ai.input.messages", "array of messages", input);
        }
        for (int i = 0; i < input.size(); i++) {
            JsonNode m = input.get(i);
            String at = "gen_ai.input.messages[" + i + "]";
            if (!m.isObject()) {
                throw Reasons.typeError(at, "object", m);
            }
            String role = SourceJson.requiredText(m, "role", at + ".role");
            JsonNode parts = SourceJson.field(m, "parts");
            String content = parts != null ? partsText(parts, at + ".parts")
                    : OpenAiBodies.content(SourceJson.field(m, "content"), at + ".content");
            out.addObject().put("role", role).put("content", content);
        }
    }

    /** The text parts of a part list ({@code type} text, text in {@code content}), joined by newlines. */
    private static String partsText(JsonNode parts, String path) {
        if (parts.isTextual()) {
            return parts.textValue();
        }
        if (!parts.isArray()) {
            throw Reasons.typeError(path, "array of parts", parts);
        }
        StringBuilder sb = new StringBuilder();
        for (JsonNode p : parts) {
            JsonNode content = p.isObject() ? SourceJson.field(p, "content") : p;
            boolean text = !p.isObject() || "text".equals(p.path("type").asText("text"));
            if (text && content != null && content.isTextual()) {
                sb.append(sb.length() > 0 ? "\n" : "").append(content.textValue());
            }
        }
        return sb.toString();
    }

    private static String outputText(JsonNode output) {
        if (output.isTextual()) {
            return output.textValue();
        }
        if (output.isArray() && !output.isEmpty() && output.get(0).isObject()) {
            JsonNode first = output.get(0);
            JsonNode parts = SourceJson.field(first, "parts");
            return parts != null ? partsText(parts, "gen_ai.output.messages[0].parts")
                    : OpenAiBodies.content(SourceJson.field(first, "content"), "gen_ai.output.messages[0].content");
        }
        return "";
    }

    private static String allText(JsonNode input) {
        if (input.isArray()) {
            StringBuilder sb = new StringBuilder();
            for (JsonNode m : input) {
                String t = m.isTextual() ? m.textValue()
                        : m.has("parts") ? partsText(m.get("parts"), "gen_ai.input.messages")
                        : m.path("content").asText("");
                sb.append(sb.length() > 0 ? "\n" : "").append(t);
            }
            return sb.toString();
        }
        return "";
    }

    /** A string-valued attribute, or null; another type is a fault. */
    private static String text(Map<String, AnyValue> attrs, String name) {
        AnyValue v = attrs.get(name);
        if (v == null) {
            return null;
        }
        if (!v.hasStringValue()) {
            throw new InvalidRecord("attribute " + name + ": expected string, got " + kind(v));
        }
        return v.getStringValue();
    }

    /** An attribute as JSON, or null when absent or empty. */
    private static JsonNode value(Map<String, AnyValue> attrs, String name) {
        AnyValue v = attrs.get(name);
        return v == null ? null : toJson(v);
    }

    /** An attribute that holds JSON: a string is parsed (per the conventions), a structured value taken as is. */
    private JsonNode jsonValue(Map<String, AnyValue> attrs, String name) {
        AnyValue v = attrs.get(name);
        if (v == null) {
            return null;
        }
        if (v.hasStringValue()) {
            String s = v.getStringValue().strip();
            if (s.startsWith("[") || s.startsWith("{")) {
                try {
                    return json.read(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                } catch (InvalidRecord e) {
                    throw new InvalidRecord("attribute " + name + ": " + e.reason());
                }
            }
            return TextNode.valueOf(v.getStringValue());
        }
        return toJson(v);
    }

    private static JsonNode toJson(AnyValue v) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        switch (v.getValueCase()) {
            case STRING_VALUE:
                return TextNode.valueOf(v.getStringValue());
            case BOOL_VALUE:
                return f.booleanNode(v.getBoolValue());
            case INT_VALUE:
                return LongNode.valueOf(v.getIntValue());
            case DOUBLE_VALUE:
                double d = v.getDoubleValue();
                if (!Double.isFinite(d)) {
                    throw new InvalidRecord("attribute value: not a finite number");
                }
                return DecimalNode.valueOf(new BigDecimal(Double.toString(d)));
            case ARRAY_VALUE:
                ArrayNode a = f.arrayNode();
                v.getArrayValue().getValuesList().forEach(x -> a.add(toJson(x)));
                return a;
            case KVLIST_VALUE:
                ObjectNode o = f.objectNode();
                v.getKvlistValue().getValuesList().forEach(kv -> o.set(kv.getKey(), toJson(kv.getValue())));
                return o;
            case BYTES_VALUE:
                return TextNode.valueOf(Base64.getEncoder().encodeToString(v.getBytesValue().toByteArray()));
            default:
                return null;
        }
    }

    private static String kind(AnyValue v) {
        switch (v.getValueCase()) {
            case BOOL_VALUE:
                return "boolean";
            case INT_VALUE:
            case DOUBLE_VALUE:
                return "number";
            case ARRAY_VALUE:
                return "array";
            case KVLIST_VALUE:
                return "key-value list";
            case BYTES_VALUE:
                return "bytes";
            default:
                return "empty value";
        }
    }

    private static boolean looksLikeJson(byte[] raw) {
        for (byte b : raw) {
            if (b == '{') {
                return true;
            }
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n' && (b & 0xFF) != 0xEF && (b & 0xFF) != 0xBB
                    && (b & 0xFF) != 0xBF) {
                return false;
            }
        }
        return false;
    }

    private ExportTraceServiceRequest fromProtobuf(byte[] raw) {
        if (jsonOnly) {
            throw new InvalidRecord("not a JSON object");
        }
        try {
            return ExportTraceServiceRequest.parseFrom(raw);
        } catch (InvalidProtocolBufferException e) {
            throw new InvalidRecord("not OTLP protobuf: " + Reasons.inert(String.valueOf(e.getMessage()), 160));
        }
    }

    private ExportTraceServiceRequest fromJson(byte[] raw) {
        JsonNode root = json.read(raw);
        if (!root.isObject()) {
            throw new InvalidRecord("not a JSON object");
        }
        JsonNode resourceSpans = root.get("resourceSpans");
        if (resourceSpans == null || !resourceSpans.isArray()) {
            throw new InvalidRecord(resourceSpans == null ? "missing resourceSpans"
                    : Reasons.typeError("resourceSpans", "array", resourceSpans).reason());
        }
        for (JsonNode rs : resourceSpans) {
            for (JsonNode ss : rs.path("scopeSpans")) {
                for (JsonNode span : ss.path("spans")) {
                    hexToBase64(span, "traceId", 16);
                    hexToBase64(span, "spanId", 8);
                    hexToBase64(span, "parentSpanId", 8);
                    for (JsonNode link : span.path("links")) {
                        hexToBase64(link, "traceId", 16);
                        hexToBase64(link, "spanId", 8);
                    }
                }
            }
        }
        ExportTraceServiceRequest.Builder b = ExportTraceServiceRequest.newBuilder();
        try {
            JSON.merge(root.toString(), b);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            throw new InvalidRecord("not OTLP JSON: " + Reasons.inert(String.valueOf(e.getMessage()), 160));
        }
        return b.build();
    }

    /** OTLP JSON writes ids as hex; protobuf's JSON mapping expects bytes as base64. */
    private static void hexToBase64(JsonNode holder, String field, int bytes) {
        if (!holder.isObject() || !holder.has(field) || !holder.get(field).isTextual()) {
            return;
        }
        String hex = holder.get(field).textValue();
        if (hex.isEmpty()) {
            return;
        }
        if (hex.length() != 2 * bytes || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new InvalidRecord(field + ": expected " + 2 * bytes + " hex digits, got " + Reasons.quote(hex));
        }
        ((ObjectNode) holder).put(field, Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex)));
    }

    /** The hex form OTLP JSON uses for an id. */
    static String hex(ByteString id) {
        return HexFormat.of().formatHex(id.toByteArray());
    }
}
