package dev.quarry.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * LiteLLM proxy logs: the {@code StandardLoggingPayload} that LiteLLM's logging callbacks write
 * (S3 and GCS buckets, the generic API callback, files), one JSON object per record, or a JSON
 * array of them. The field mapping is in {@code docs/formats.md}; in short: {@code id} is the
 * event id, {@code startTime} (epoch seconds) the event time, {@code metadata.user_api_key_hash}
 * (or the configured field) the client, {@code call_type} the endpoint, {@code model_parameters}
 * the sampling parameters, {@code response} the OpenAI response object, {@code status} the HTTP
 * status ({@code failure} takes {@code error_information.error_code}, else 500), {@code endTime -
 * startTime} the latency.
 *
 * <p>Calls that are not inference calls the contract models (image generation, speech,
 * moderation, rerank, ...) are skipped and counted. An embeddings call with a list of inputs is
 * one event per item, {@code #index} appended to its id. Immutable; thread-safe.
 */
public final class LiteLlmFormat extends ConvertedFormat {
    /** The format's name, {@value}. */
    public static final String NAME = "litellm";
    /** The default field of the client id, {@value}: the hash of the LiteLLM virtual key. */
    public static final String DEFAULT_CLIENT_ID_FIELD = "user_api_key_hash";
    /** The fields a client id may be read from. {@code end_user} is the top-level field. */
    public static final Set<String> CLIENT_ID_FIELDS =
            Set.of("user_api_key_hash", "user_api_key_alias", "user_api_key_user_id", "end_user");

    private static final Map<String, Endpoint> CALL_TYPES = Map.of(
            "completion", Endpoint.CHAT_COMPLETIONS, "acompletion", Endpoint.CHAT_COMPLETIONS,
            "text_completion", Endpoint.COMPLETIONS, "atext_completion", Endpoint.COMPLETIONS,
            "embedding", Endpoint.EMBEDDINGS, "aembedding", Endpoint.EMBEDDINGS,
            "responses", Endpoint.RESPONSES, "aresponses", Endpoint.RESPONSES);

    private final String clientIdField;

    /** The format with the default client id field. */
    public LiteLlmFormat(EventParser parser) {
        this(parser, DEFAULT_CLIENT_ID_FIELD);
    }

    /**
     * @param clientIdField one of {@link #CLIENT_ID_FIELDS}
     */
    public LiteLlmFormat(EventParser parser, String clientIdField) {
        super(parser);
        if (!CLIENT_ID_FIELDS.contains(clientIdField)) {
            throw new IllegalArgumentException("clientIdField must be one of " + new java.util.TreeSet<>(CLIENT_ID_FIELDS)
                    + ": " + clientIdField);
        }
        this.clientIdField = clientIdField;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<ParseResult> parse(byte[] raw, String source) {
        return ConvertedRecords.convert(parser, raw, source, src -> {
            JsonNode root = json.read(raw);
            if (!root.isArray()) {
                return convert(root, raw, src);
            }
            List<ParseResult> out = new ArrayList<>();
            for (int i = 0; i < root.size(); i++) {
                String at = src + "[" + i + "]";
                try {
                    JsonNode item = root.get(i);
                    if (!item.isObject()) {
                        throw new InvalidRecord("not a JSON object");
                    }
                    out.addAll(convert(item, raw, at));
                } catch (InvalidRecord e) {
                    out.add(ConvertedRecords.invalid(parser, e.reason(), at, raw));
                }
            }
            return out;
        });
    }

    private List<ParseResult> convert(JsonNode p, byte[] raw, String source) {
        String id = SourceJson.requiredText(p, "id", "id");
        String callType = SourceJson.requiredText(p, "call_type", "call_type");
        Endpoint endpoint = CALL_TYPES.get(callType);
        if (endpoint == null) {
            return List.of(new ParseResult.Skipped("call_type " + Reasons.quote(callType)
                    + " is not an inference call the contract models", source));
        }
        JsonNode start = SourceJson.field(p, "startTime");
        if (start == null) {
            throw new InvalidRecord("missing startTime");
        }
        long ts = SourceJson.epochSecondsToMillis(start, "startTime");
        JsonNode metadata = SourceJson.object(p, "metadata", "metadata");
        String clientId = clientId(p, metadata);
        int status = status(p);
        String model = SourceJson.requiredText(p, "model", "model");

        ContractDraft d = new ContractDraft(json);
        d.root.put("ts", ts);
        d.put("client_id", clientId)
                .put("org_id", firstText(metadata, "user_api_key_org_id", "user_api_key_team_id"))
                .put("ip", ip(p, metadata))
                .put("user_agent", SourceJson.text(metadata, "user_agent", "metadata.user_agent"))
                .put("endpoint", endpoint.wireName())
                .put("model", model);
        JsonNode params = SourceJson.object(p, "model_parameters", "model_parameters");
        if (params != null) {
            OpenAiBodies.parameters(params, d);
        }
        d.response("status", IntNode.valueOf(status));
        OpenAiBodies.response(SourceJson.field(p, "response"), "response", d);
        d.response("prompt_tokens", SourceJson.field(p, "prompt_tokens"));
        d.response("completion_tokens", SourceJson.field(p, "completion_tokens"));
        JsonNode end = SourceJson.field(p, "endTime");
        if (end != null) {
            long latency = SourceJson.epochSecondsToMillis(end, "endTime") - ts;
            if (latency < 0) {
                throw new InvalidRecord("endTime: earlier than startTime");
            }
            d.response("latency_ms", LongNode.valueOf(latency));
        }

        JsonNode messages = SourceJson.field(p, "messages");
        if (messages == null) {
            throw new InvalidRecord("missing messages");
        }
        if (endpoint == Endpoint.EMBEDDINGS) {
            OpenAiBodies.EmbeddingInputs inputs = OpenAiBodies.embeddingInputs(messages, "messages");
            List<ParseResult> out = new ArrayList<>(inputs.texts().size());
            for (int i = 0; i < inputs.texts().size(); i++) {
                d.put("event_id", inputs.split() ? OpenAiBodies.itemId(id, i) : id);
                d.request("prompt", TextNode.valueOf(inputs.texts().get(i)));
                out.add(d.finish(parser, raw, source));
            }
            return out;
        }
        d.put("event_id", id);
        if (messages.isTextual()) {
            d.request("prompt", messages);
        } else if (messages.isArray()) {
            OpenAiBodies.messages(messages, "messages", d.messages());
        } else {
            throw Reasons.typeError("messages", "array or string", messages);
        }
        return List.of(d.finish(parser, raw, source));
    }

    private String clientId(JsonNode p, JsonNode metadata) {
        if ("end_user".equals(clientIdField)) {
            String endUser = SourceJson.text(p, "end_user", "end_user");
            if (endUser == null || endUser.isEmpty()) {
                endUser = SourceJson.text(metadata, "user_api_key_end_user_id", "metadata.user_api_key_end_user_id");
            }
            if (endUser == null || endUser.isEmpty()) {
                throw new InvalidRecord("missing end_user (the client id)");
            }
            return endUser;
        }
        String path = "metadata." + clientIdField;
        String id = SourceJson.text(metadata, clientIdField, path);
        if (id == null || id.isEmpty()) {
            throw new InvalidRecord("missing " + path + " (the client id)");
        }
        return id;
    }

    private static int status(JsonNode p) {
        String status = SourceJson.requiredText(p, "status", "status");
        if ("success".equals(status)) {
            return 200;
        }
        if (!"failure".equals(status)) {
            throw new InvalidRecord("status: " + Reasons.quote(status) + " is not success or failure");
        }
        JsonNode error = SourceJson.object(p, "error_information", "error_information");
        String code = SourceJson.text(error, "error_code", "error_information.error_code");
        if (code != null && code.matches("[1-5][0-9][0-9]")) {
            return Integer.parseInt(code);
        }
        return 500;
    }

    private static String ip(JsonNode p, JsonNode metadata) {
        String ip = SourceJson.text(p, "requester_ip_address", "requester_ip_address");
        return ip != null ? ip : SourceJson.text(metadata, "requester_ip_address", "metadata.requester_ip_address");
    }

    private static String firstText(JsonNode metadata, String a, String b) {
        String v = SourceJson.text(metadata, a, "metadata." + a);
        return v != null && !v.isEmpty() ? v : SourceJson.text(metadata, b, "metadata." + b);
    }
}
