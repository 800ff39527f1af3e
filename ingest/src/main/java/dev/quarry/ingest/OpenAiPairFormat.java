package dev.quarry.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * OpenAI request/response pairs: one JSON object per call holding the request body and the
 * response body as the OpenAI API defines them, beside the call's id, time and API key, as
 * Portkey, Helicone and in-house proxies export them. Where each of these sits is configurable
 * ({@link Fields}, dotted paths for nested fields); the defaults are:
 *
 * <pre>{@code
 * {"id": "call-1", "timestamp": "2026-11-20T08:00:00Z", "key_id": "key_a", "org_id": "org_1",
 *  "ip": "203.0.113.7", "user_agent": "python-requests/2.32", "endpoint": "/v1/chat/completions",
 *  "status": 200, "latency_ms": 840,
 *  "request": {"model": "...", "messages": [...], "temperature": 0.7, ...},
 *  "response": {"id": "chatcmpl-...", "choices": [...], "usage": {...}}}
 * }</pre>
 *
 * The time is an RFC 3339 string or integer epoch millis. Without an endpoint field the endpoint is
 * inferred from the request body ({@code messages}: chat completions; {@code prompt}: completions;
 * {@code input}: embeddings when the response is an embedding list or there is no response, else
 * the Responses API). Without a status field the status is 200, or 500 when the response body is an
 * {@code error}. Without an id field the response body's {@code id} is the event id. An embeddings
 * request with an {@code input} array is one event per item, {@code #index} appended to the id.
 * Immutable; thread-safe.
 */
public final class OpenAiPairFormat extends ConvertedFormat {
    /** The format's name, {@value}. */
    public static final String NAME = "openai";

    /**
     * Where the parts of a pair are: each a field name or a dotted path ({@code meta.key_id}).
     */
    public record Fields(String eventId, String time, String clientId, String orgId, String ip,
            String userAgent, String endpoint, String status, String latencyMs, String request,
            String response) {
        public Fields {
            for (String f : new String[] {eventId, time, clientId, orgId, ip, userAgent, endpoint, status,
                    latencyMs, request, response}) {
                if (f == null || f.isBlank() || f.startsWith(".") || f.endsWith(".") || f.contains("..")) {
                    throw new IllegalArgumentException("a field path must be a name or dotted names: " + f);
                }
            }
        }

        /** The defaults shown in the class comment. */
        public static Fields defaults() {
            return new Fields("id", "timestamp", "key_id", "org_id", "ip", "user_agent", "endpoint",
                    "status", "latency_ms", "request", "response");
        }
    }

    private final Fields fields;

    public OpenAiPairFormat(EventParser parser) {
        this(parser, Fields.defaults());
    }

    public OpenAiPairFormat(EventParser parser, Fields fields) {
        super(parser);
        this.fields = Objects.requireNonNull(fields, "fields");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<ParseResult> parse(byte[] raw, String source) {
        return ConvertedRecords.convert(parser, raw, source, src -> {
            JsonNode root = json.read(raw);
            if (!root.isObject()) {
                throw new InvalidRecord("not a JSON object");
            }
            return convert(root, raw, src);
        });
    }

    private List<ParseResult> convert(JsonNode pair, byte[] raw, String source) {
        JsonNode request = at(pair, fields.request());
        if (request == null) {
            throw new InvalidRecord("missing " + fields.request() + " (the request body)");
        }
        if (!request.isObject()) {
            throw Reasons.typeError(fields.request(), "object", request);
        }
        JsonNode response = at(pair, fields.response());
        if (response != null && !response.isObject()) {
            throw Reasons.typeError(fields.response(), "object", response);
        }
        String id = text(pair, fields.eventId());
        if (id == null && response != null) {
            id = SourceJson.text(response, "id", fields.response() + ".id");
        }
        if (id == null || id.isEmpty()) {
            throw new InvalidRecord("missing " + fields.eventId() + " (the event id)");
        }
        JsonNode time = at(pair, fields.time());
        if (time == null) {
            throw new InvalidRecord("missing " + fields.time() + " (the time)");
        }
        if (!time.isTextual() && !time.isIntegralNumber()) {
            throw Reasons.typeError(fields.time(), "RFC 3339 string or integer epoch millis", time);
        }
        String clientId = text(pair, fields.clientId());
        if (clientId == null || clientId.isEmpty()) {
            throw new InvalidRecord("missing " + fields.clientId() + " (the client id)");
        }
        Endpoint endpoint = endpoint(pair, request, response);
        String model = SourceJson.text(request, "model", fields.request() + ".model");
        if (model == null && response != null) {
            model = SourceJson.text(response, "model", fields.response() + ".model");
        }
        if (model == null) {
            throw new InvalidRecord("missing " + fields.request() + ".model");
        }

        ContractDraft d = new ContractDraft(json);
        d.root.set("ts", time);
        d.put("client_id", clientId)
                .put("org_id", text(pair, fields.orgId()))
                .put("ip", text(pair, fields.ip()))
                .put("user_agent", text(pair, fields.userAgent()))
                .put("endpoint", endpoint.wireName())
                .put("model", model);
        OpenAiBodies.parameters(request, d);
        JsonNode status = at(pair, fields.status());
        boolean error = response != null && SourceJson.field(response, "error") != null;
        d.response("status", status != null ? status : IntNode.valueOf(error ? 500 : 200));
        if (response != null && !error) {
            OpenAiBodies.response(response, fields.response(), d);
        }
        d.response("latency_ms", at(pair, fields.latencyMs()));

        String body = fields.request();
        if (endpoint == Endpoint.EMBEDDINGS) {
            JsonNode input = SourceJson.field(request, "input");
            if (input == null) {
                throw new InvalidRecord("missing " + body + ".input");
            }
            OpenAiBodies.EmbeddingInputs inputs = OpenAiBodies.embeddingInputs(input, body + ".input");
            List<ParseResult> out = new ArrayList<>(inputs.texts().size());
            for (int i = 0; i < inputs.texts().size(); i++) {
                d.put("event_id", inputs.split() ? OpenAiBodies.itemId(id, i) : id);
                d.request("prompt", TextNode.valueOf(inputs.texts().get(i)));
                out.add(d.finish(parser, raw, source));
            }
            return out;
        }
        d.put("event_id", id);
        JsonNode messages = SourceJson.field(request, "messages");
        JsonNode prompt = SourceJson.field(request, "prompt");
        JsonNode input = SourceJson.field(request, "input");
        if (messages != null) {
            if (!messages.isArray()) {
                throw Reasons.typeError(body + ".messages", "array", messages);
            }
            OpenAiBodies.messages(messages, body + ".messages", d.messages());
        } else if (prompt != null) {
            d.request("prompt", prompt.isArray() && prompt.size() == 1 ? prompt.get(0) : prompt);
        } else if (input != null) {
            responsesInput(input, body + ".input", d);
        } else {
            throw new InvalidRecord(body + ": needs messages, prompt or input");
        }
        JsonNode instructions = SourceJson.field(request, "instructions");
        if (instructions != null && instructions.isTextual() && d.request.has("messages")) {
            ((com.fasterxml.jackson.databind.node.ArrayNode) d.request.get("messages")).insertObject(0)
                    .put("role", "system").put("content", instructions.textValue());
        }
        return List.of(d.finish(parser, raw, source));
    }

    /** The Responses API's {@code input}: a string, or a list of messages. */
    private static void responsesInput(JsonNode input, String path, ContractDraft d) {
        if (input.isTextual()) {
            d.messages().addObject().put("role", "user").put("content", input.textValue());
        } else if (input.isArray()) {
            OpenAiBodies.messages(input, path, d.messages());
        } else {
            throw Reasons.typeError(path, "string or array", input);
        }
    }

    private Endpoint endpoint(JsonNode pair, JsonNode request, JsonNode response) {
        String named = text(pair, fields.endpoint());
        if (named != null) {
            String path = named.endsWith("/") ? named.substring(0, named.length() - 1) : named;
            for (Endpoint e : Endpoint.values()) {
                if (path.equals(e.wireName()) || path.endsWith("/" + e.wireName().replace('.', '/'))) {
                    return e;
                }
            }
            throw new InvalidRecord(fields.endpoint() + ": " + Reasons.quote(named)
                    + " is not chat.completions, completions, responses or embeddings (or their /v1 paths)");
        }
        if (request.has("messages")) {
            return Endpoint.CHAT_COMPLETIONS;
        }
        if (request.has("prompt")) {
            return Endpoint.COMPLETIONS;
        }
        if (request.has("input")) {
            boolean embeddingList = response != null && "list".equals(response.path("object").asText(null))
                    && response.path("data").isArray();
            return response == null || embeddingList ? Endpoint.EMBEDDINGS : Endpoint.RESPONSES;
        }
        throw new InvalidRecord(fields.request() + ": needs messages, prompt or input");
    }

    /** The value at a dotted path, or null when any part is absent or null. */
    private static JsonNode at(JsonNode root, String path) {
        JsonNode n = root;
        for (String part : path.split("\\.")) {
            n = n != null && n.isObject() ? SourceJson.field(n, part) : null;
        }
        return n;
    }

    private static String text(JsonNode root, String path) {
        JsonNode v = at(root, path);
        if (v != null && !v.isTextual()) {
            throw Reasons.typeError(path, "string", v);
        }
        return v == null ? null : v.textValue();
    }
}
