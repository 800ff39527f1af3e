package dev.quarry.corpora.formats;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quarry.ingest.Endpoint;
import dev.quarry.ingest.InferenceEvent;
import dev.quarry.ingest.InferenceRequest;
import dev.quarry.ingest.InferenceResponse;
import dev.quarry.ingest.JsonlFileReader;
import dev.quarry.ingest.Message;
import dev.quarry.ingest.ParseResult;
import dev.quarry.ingest.ContractFormat;
import dev.quarry.ingest.EventParser;
import dev.quarry.ingest.SourceLine;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Writes contract events as LiteLLM proxy logs: the {@code StandardLoggingPayload} that LiteLLM's
 * logging callbacks emit, as its documentation and {@code litellm/types/utils.py} define it, so
 * that the {@code litellm} format can be tested on what a LiteLLM proxy would have logged for the
 * same traffic. A payload carries what LiteLLM knows: the virtual key's hash
 * ({@code metadata.user_api_key_hash}), organisation, requester IP and user agent, the messages,
 * {@code model_parameters}, the OpenAI response object with usage, and the start and end times.
 * What LiteLLM does not log is lost: TLS and payment fingerprints, output token ids and the
 * contract's extension fields. Thread-safe.
 */
public final class LiteLlmPayloads {
    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8).build());
    private static final Map<Endpoint, String> CALL_TYPES = Map.of(Endpoint.CHAT_COMPLETIONS, "acompletion",
            Endpoint.COMPLETIONS, "atext_completion", Endpoint.EMBEDDINGS, "aembedding",
            Endpoint.RESPONSES, "aresponses");

    private LiteLlmPayloads() {}

    /** The payload LiteLLM would log for this call. */
    public static ObjectNode payload(InferenceEvent e) {
        ObjectNode p = MAPPER.createObjectNode();
        p.put("id", e.eventId());
        p.put("trace_id", e.eventId());
        p.put("call_type", CALL_TYPES.get(e.endpoint()));
        InferenceResponse r = e.response();
        p.put("status", r.status() < 400 ? "success" : "failure");
        if (r.status() >= 400) {
            p.putObject("error_information").put("error_code", Integer.toString(r.status()))
                    .put("error_class", r.status() == 429 ? "RateLimitError" : "APIError");
        }
        int prompt = r.promptTokens() == null ? 0 : r.promptTokens();
        int completion = r.completionTokens() == null ? 0 : r.completionTokens();
        p.put("prompt_tokens", prompt);
        p.put("completion_tokens", completion);
        p.put("total_tokens", prompt + completion);
        BigDecimal start = BigDecimal.valueOf(e.tsMillis()).movePointLeft(3);
        p.put("startTime", start);
        if (r.latencyMs() != null) {
            p.put("endTime", BigDecimal.valueOf(e.tsMillis() + r.latencyMs()).movePointLeft(3));
        }
        p.put("model", e.model());
        p.put("api_base", "https://api.example.invalid/v1");
        ObjectNode metadata = p.putObject("metadata");
        metadata.put("user_api_key_hash", e.clientId());
        metadata.putNull("user_api_key_alias");
        if (e.orgId() != null) {
            metadata.put("user_api_key_org_id", e.orgId());
        }
        if (e.ip() != null) {
            metadata.put("requester_ip_address", e.ip());
        }
        if (e.userAgent() != null) {
            metadata.put("user_agent", e.userAgent());
        }
        p.put("cache_hit", false);
        p.putArray("request_tags");
        p.putNull("end_user");
        if (e.ip() != null) {
            p.put("requester_ip_address", e.ip());
        }
        InferenceRequest q = e.request();
        if (q.messages() != null) {
            ArrayNode messages = p.putArray("messages");
            for (Message m : q.messages()) {
                messages.addObject().put("role", m.role()).put("content", m.content());
            }
        } else {
            p.put("messages", q.prompt());
        }
        ObjectNode params = p.putObject("model_parameters");
        if (q.temperature() != null) {
            params.put("temperature", q.temperature());
        }
        if (q.topP() != null) {
            params.put("top_p", q.topP());
        }
        if (q.maxTokens() != null) {
            params.put("max_tokens", q.maxTokens());
        }
        if (q.n() != null) {
            params.put("n", q.n());
        }
        if (q.seed() != null) {
            params.put("seed", q.seed());
        }
        if (q.logprobs() != null) {
            params.put("logprobs", q.logprobs());
        }
        if (q.topLogprobs() != null) {
            params.put("top_logprobs", q.topLogprobs());
        }
        if (!q.logitBias().isEmpty()) {
            ObjectNode bias = params.putObject("logit_bias");
            q.logitBias().forEach((token, value) -> bias.put(Integer.toString(token), value));
        }
        if (q.stream() != null) {
            params.put("stream", q.stream());
        }
        p.set("response", response(e));
        p.putObject("hidden_params").put("model_id", "deployment-1").putNull("cache_key");
        return p;
    }

    private static ObjectNode response(InferenceEvent e) {
        InferenceResponse r = e.response();
        ObjectNode body = MAPPER.createObjectNode();
        if (r.status() >= 400) {
            return body;
        }
        body.put("id", "resp-" + e.eventId());
        body.put("created", e.tsMillis() / 1000);
        body.put("model", e.model());
        if (e.endpoint() == Endpoint.EMBEDDINGS) {
            body.put("object", "list");
            body.putArray("data").addObject().put("object", "embedding").put("index", 0).putArray("embedding");
        } else {
            body.put("object", e.endpoint() == Endpoint.COMPLETIONS ? "text_completion" : "chat.completion");
            ObjectNode choice = body.putArray("choices").addObject().put("index", 0);
            if (r.text() != null) {
                if (e.endpoint() == Endpoint.COMPLETIONS) {
                    choice.put("text", r.text());
                } else {
                    choice.putObject("message").put("role", "assistant").put("content", r.text());
                }
            }
            if (r.finishReason() != null) {
                choice.put("finish_reason", r.finishReason());
            }
        }
        ObjectNode usage = body.putObject("usage");
        if (r.promptTokens() != null) {
            usage.put("prompt_tokens", r.promptTokens());
        }
        if (r.completionTokens() != null) {
            usage.put("completion_tokens", r.completionTokens());
        }
        if (r.reasoningTokens() != null) {
            usage.putObject("completion_tokens_details").put("reasoning_tokens", r.reasoningTokens());
        }
        return body;
    }

    /** The payload as one JSON line. */
    public static String toJsonLine(InferenceEvent e) {
        try {
            return MAPPER.writeValueAsString(payload(e));
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Converts a contract JSON-lines file (plain or gzip) into a LiteLLM log, gzip when {@code out}
     * ends in {@code .gz}; returns the number of payloads written. Lines that are not valid events
     * are not converted.
     */
    public static long convert(Path contractFile, Path out) throws IOException {
        EventParser parser = new EventParser();
        ContractFormat contract = new ContractFormat(parser);
        long written = 0;
        try (JsonlFileReader reader = new JsonlFileReader(contractFile);
                OutputStream file = Files.newOutputStream(out);
                OutputStream stream = out.toString().endsWith(".gz") ? new GZIPOutputStream(file, 1 << 16) : file;
                BufferedWriter w = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16)) {
            while (reader.hasNext()) {
                SourceLine line = reader.next();
                for (ParseResult r : contract.parse(line)) {
                    if (r instanceof ParseResult.Valid v) {
                        w.write(toJsonLine(v.event()));
                        w.write('\n');
                        written++;
                    }
                }
            }
        }
        return written;
    }
}
