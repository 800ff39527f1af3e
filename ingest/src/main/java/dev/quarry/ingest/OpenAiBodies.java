package dev.quarry.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the parts of OpenAI API bodies that the contract keeps, for the formats that carry them
 * (LiteLLM's {@code messages}, {@code model_parameters} and {@code response}; OpenAI request and
 * response pairs): chat messages with string or content-part content, sampling parameters, and the
 * response's text, finish reason and usage for chat completions, completions, the Responses API
 * and embeddings. Values are copied as they are; the contract parser then checks their types and
 * ranges. Stateless; thread-safe.
 */
final class OpenAiBodies {
    private static final String[] COPIED_PARAMETERS =
            {"temperature", "top_p", "n", "seed", "top_logprobs", "logit_bias", "stream"};

    private OpenAiBodies() {}

    /**
     * Chat messages into {@code out}: {@code content} a string, an array of parts (their {@code
     * text} joined by newlines; images and audio have none) or null (a tool call: empty text).
     * A {@code function} role is the contract's {@code tool}.
     */
    static void messages(JsonNode list, String path, ArrayNode out) {
        for (int i = 0; i < list.size(); i++) {
            JsonNode m = list.get(i);
            String at = path + "[" + i + "]";
            if (!m.isObject()) {
                throw Reasons.typeError(at, "object", m);
            }
            String role = SourceJson.requiredText(m, "role", at + ".role");
            out.addObject().put("role", "function".equals(role) ? "tool" : role)
                    .put("content", content(SourceJson.field(m, "content"), at + ".content"));
        }
    }

    /** Message content as text: a string, or the text of its parts. */
    static String content(JsonNode content, String path) {
        if (content == null) {
            return "";
        }
        if (content.isTextual()) {
            return content.textValue();
        }
        if (!content.isArray()) {
            throw Reasons.typeError(path, "string or array of parts", content);
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < content.size(); i++) {
            JsonNode part = content.get(i);
            String text = part.isTextual() ? part.textValue()
                    : part.isObject() ? SourceJson.text(part, "text", path + "[" + i + "].text") : null;
            if (text != null) {
                if (sb.length() > 0) {
                    sb.append('\n');
                }
                sb.append(text);
            }
        }
        return sb.toString();
    }

    /**
     * Sampling parameters of a request body (or LiteLLM's {@code model_parameters}) into the draft.
     * {@code max_tokens}, else {@code max_completion_tokens}, else {@code max_output_tokens} is the
     * output cap. The legacy completions API's integer {@code logprobs} (alternatives per position)
     * becomes {@code logprobs: true} with that many {@code top_logprobs}.
     */
    static void parameters(JsonNode params, ContractDraft d) {
        for (String name : COPIED_PARAMETERS) {
            d.request(name, SourceJson.field(params, name));
        }
        JsonNode cap = SourceJson.field(params, "max_tokens");
        if (cap == null) {
            cap = SourceJson.field(params, "max_completion_tokens");
        }
        if (cap == null) {
            cap = SourceJson.field(params, "max_output_tokens");
        }
        d.request("max_tokens", cap);
        JsonNode logprobs = SourceJson.field(params, "logprobs");
        if (logprobs != null && logprobs.isIntegralNumber() && logprobs.canConvertToInt()) {
            d.request("logprobs", BooleanNode.valueOf(logprobs.intValue() > 0));
            if (!d.request.has("top_logprobs")) {
                d.request("top_logprobs", IntNode.valueOf(logprobs.intValue()));
            }
        } else {
            d.request("logprobs", logprobs);
        }
    }

    /**
     * The response body's text (first choice's message content or text; the Responses API's
     * {@code output_text} or output message text), finish reason and usage into the draft. A
     * string body is the response text.
     */
    static void response(JsonNode body, String path, ContractDraft d) {
        if (body == null) {
            return;
        }
        if (body.isTextual()) {
            d.response("text", body);
            return;
        }
        if (!body.isObject()) {
            throw Reasons.typeError(path, "object or string", body);
        }
        JsonNode choices = SourceJson.field(body, "choices");
        if (choices != null) {
            if (!choices.isArray()) {
                throw Reasons.typeError(path + ".choices", "array", choices);
            }
            if (!choices.isEmpty()) {
                JsonNode first = choices.get(0);
                String at = path + ".choices[0]";
                if (!first.isObject()) {
                    throw Reasons.typeError(at, "object", first);
                }
                JsonNode message = SourceJson.object(first, "message", at + ".message");
                if (message != null) {
                    JsonNode content = SourceJson.field(message, "content");
                    if (content != null) {
                        d.response("text", TextNode.valueOf(content(content, at + ".message.content")));
                    }
                } else {
                    d.response("text", SourceJson.field(first, "text"));
                }
                d.response("finish_reason", SourceJson.field(first, "finish_reason"));
            }
        } else if (SourceJson.field(body, "output_text") != null) {
            d.response("text", SourceJson.field(body, "output_text"));
        } else if (SourceJson.field(body, "output") != null && body.get("output").isArray()) {
            String text = responsesOutputText(body.get("output"), path + ".output");
            if (text != null) {
                d.response("text", TextNode.valueOf(text));
            }
        }
        JsonNode usage = SourceJson.object(body, "usage", path + ".usage");
        if (usage != null) {
            d.response("prompt_tokens", first(usage, "prompt_tokens", "input_tokens"));
            d.response("completion_tokens", first(usage, "completion_tokens", "output_tokens"));
            JsonNode details = SourceJson.field(usage, "completion_tokens_details");
            if (details == null) {
                details = SourceJson.field(usage, "output_tokens_details");
            }
            if (details != null && details.isObject()) {
                d.response("reasoning_tokens", SourceJson.field(details, "reasoning_tokens"));
            }
        }
    }

    private static String responsesOutputText(JsonNode output, String path) {
        StringBuilder sb = new StringBuilder();
        boolean any = false;
        for (JsonNode item : output) {
            JsonNode content = item.isObject() ? SourceJson.field(item, "content") : null;
            if (content != null && content.isArray()) {
                String text = content(content, path + ".content");
                if (!text.isEmpty()) {
                    sb.append(sb.length() > 0 ? "\n" : "").append(text);
                }
                any = true;
            }
        }
        return any ? sb.toString() : null;
    }

    private static JsonNode first(JsonNode object, String a, String b) {
        JsonNode v = SourceJson.field(object, a);
        return v != null ? v : SourceJson.field(object, b);
    }

    /**
     * The texts of an embeddings {@code input}: one string (one event, its id unchanged), or an
     * array of strings or of token-id arrays (one event per item, the item's index appended to
     * the event id). Token ids become the ids as text, separated by spaces, so that repeats and
     * sweeps stay visible. An array of integers is one tokenized input.
     *
     * @return the texts; {@link EmbeddingInputs#split()} tells whether ids get an index
     */
    static EmbeddingInputs embeddingInputs(JsonNode input, String path) {
        if (input.isTextual()) {
            return new EmbeddingInputs(List.of(input.textValue()), false);
        }
        if (!input.isArray()) {
            throw Reasons.typeError(path, "string or array", input);
        }
        if (input.isEmpty()) {
            throw new InvalidRecord(path + ": empty array");
        }
        if (input.get(0).isIntegralNumber()) {
            return new EmbeddingInputs(List.of(tokenText(input, path)), false);
        }
        List<String> texts = new ArrayList<>(input.size());
        for (int i = 0; i < input.size(); i++) {
            JsonNode item = input.get(i);
            String at = path + "[" + i + "]";
            if (item.isTextual()) {
                texts.add(item.textValue());
            } else if (item.isArray()) {
                texts.add(tokenText(item, at));
            } else {
                throw Reasons.typeError(at, "string or array of token ids", item);
            }
        }
        return new EmbeddingInputs(texts, true);
    }

    private static String tokenText(JsonNode tokens, String path) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < tokens.size(); i++) {
            JsonNode t = tokens.get(i);
            if (!t.isIntegralNumber()) {
                throw Reasons.typeError(path + "[" + i + "]", "integer token id", t);
            }
            sb.append(i > 0 ? " " : "").append(t.asText());
        }
        return sb.toString();
    }

    /** The texts of an embeddings input; {@code split} when it was an array of items. */
    record EmbeddingInputs(List<String> texts, boolean split) {}

    /** {@code id} for item {@code index} of a split input: {@code id#index}. */
    static String itemId(String id, int index) {
        return id + "#" + index;
    }
}
