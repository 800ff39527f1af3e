package dev.quarry.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Writes {@link InferenceEvent}s in the contract v1 JSON form: one object, no line breaks, absent
 * optional fields left out, {@code ts} as an RFC 3339 UTC string ({@code 2026-11-20T08:15:02.120Z},
 * fraction only when non-zero; epoch millis after year 9999). What it writes {@link EventParser}
 * reads back to an equal event, provided the event keeps the contract: one made in code with, say,
 * a NaN temperature or an unpaired surrogate is written as it is and rejected on the way back.
 * Thread-safe.
 */
public final class EventJson {
    // Without COMBINE_UNICODE_SURROGATES_IN_UTF8 the UTF-8 generator escapes a character beyond
    // the BMP as a surrogate pair ("\\uD83D\\uDE00"), and jackson-core's own byte parser (2.21)
    // fails on such an escape in a field name: every Jackson consumer of our bytes would reject
    // an extension named with an emoji. Plain UTF-8 is also shorter.
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .build();
    private static final ObjectMapper MAPPER = new ObjectMapper(FACTORY);

    private EventJson() {}

    /** The event as one JSON line, without the trailing newline. */
    public static String toJsonLine(InferenceEvent event) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            write(event, g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** The event as UTF-8 JSON bytes. */
    public static byte[] toBytes(InferenceEvent event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            write(event, g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Writes the event as one JSON object to an open generator. */
    public static void write(InferenceEvent e, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("event_id", e.eventId());
        if (Rfc3339.canFormat(e.tsMillis())) {
            g.writeStringField("ts", Rfc3339.format(e.tsMillis()));
        } else {
            // RFC 3339 has four-digit years only; Instant.toString would write "+10000-..."
            // here, which no reader accepts. Epoch millis keep the value (and the round trip).
            g.writeNumberField("ts", e.tsMillis());
        }
        g.writeStringField("client_id", e.clientId());
        optional(g, "org_id", e.orgId());
        optional(g, "ip", e.ip());
        optional(g, "user_agent", e.userAgent());
        optional(g, "tls_fingerprint", e.tlsFingerprint());
        optional(g, "payment_fingerprint", e.paymentFingerprint());
        g.writeStringField("endpoint", e.endpoint().wireName());
        g.writeStringField("model", e.model());
        writeRequest(e.request(), g);
        writeResponse(e.response(), g);
        for (Map.Entry<String, JsonNode> x : e.extensions().entrySet()) {
            g.writeFieldName(x.getKey());
            MAPPER.writeTree(g, x.getValue());
        }
        g.writeEndObject();
    }

    private static void writeRequest(InferenceRequest r, JsonGenerator g) throws IOException {
        g.writeObjectFieldStart("request");
        if (r.messages() != null) {
            g.writeArrayFieldStart("messages");
            for (Message m : r.messages()) {
                g.writeStartObject();
                g.writeStringField("role", m.role());
                g.writeStringField("content", m.content());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        optional(g, "prompt", r.prompt());
        if (r.temperature() != null) g.writeNumberField("temperature", r.temperature());
        if (r.topP() != null) g.writeNumberField("top_p", r.topP());
        if (r.maxTokens() != null) g.writeNumberField("max_tokens", r.maxTokens());
        if (r.n() != null) g.writeNumberField("n", r.n());
        if (r.seed() != null) g.writeNumberField("seed", r.seed());
        if (r.logprobs() != null) g.writeBooleanField("logprobs", r.logprobs());
        if (r.topLogprobs() != null) g.writeNumberField("top_logprobs", r.topLogprobs());
        if (!r.logitBias().isEmpty()) {
            g.writeObjectFieldStart("logit_bias");
            for (Map.Entry<Integer, Double> b : r.logitBias().entrySet()) {
                double v = b.getValue();
                if (v == Math.rint(v) && Math.abs(v) <= 100) {
                    g.writeNumberField(Integer.toString(b.getKey()), (int) v);
                } else {
                    g.writeNumberField(Integer.toString(b.getKey()), v);
                }
            }
            g.writeEndObject();
        }
        if (r.stream() != null) g.writeBooleanField("stream", r.stream());
        g.writeEndObject();
    }

    private static void writeResponse(InferenceResponse r, JsonGenerator g) throws IOException {
        g.writeObjectFieldStart("response");
        g.writeNumberField("status", r.status());
        optional(g, "text", r.text());
        if (r.tokenIds() != null) {
            g.writeArrayFieldStart("token_ids");
            for (int id : r.tokenIds()) {
                g.writeNumber(id);
            }
            g.writeEndArray();
        }
        optional(g, "finish_reason", r.finishReason());
        if (r.promptTokens() != null) g.writeNumberField("prompt_tokens", r.promptTokens());
        if (r.completionTokens() != null) g.writeNumberField("completion_tokens", r.completionTokens());
        if (r.reasoningTokens() != null) g.writeNumberField("reasoning_tokens", r.reasoningTokens());
        if (r.latencyMs() != null) g.writeNumberField("latency_ms", r.latencyMs());
        g.writeEndObject();
    }

    private static void optional(JsonGenerator g, String field, String value) throws IOException {
        if (value != null) {
            g.writeStringField(field, value);
        }
    }
}
