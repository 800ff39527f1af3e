package dev.quarry.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.OptionalLong;

/**
 * The JSON form of a {@link DeadLetter}, one object per line on the dead-letter topic or file:
 * {@code {"reason":..,"source":..,"raw":..,"raw_bytes":..,"observed_at":"2026-11-20T08:15:02.120Z"}}.
 * {@code raw} is the (truncated) record as a JSON string, so that it stays inert text whatever it
 * contains. {@link #fromJson} reads back what {@link #toJson} writes. Thread-safe.
 */
public final class DeadLetterJson {
    // As in EventJson: characters beyond the BMP as plain UTF-8, not as surrogate escapes.
    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .build());

    private DeadLetterJson() {}

    /** The dead letter as one JSON line, without the trailing newline. */
    public static String toJson(DeadLetter d) {
        StringWriter out = new StringWriter(d.raw().length() + 128);
        write(d, out);
        return out.toString();
    }

    /** The dead letter as UTF-8 JSON bytes. */
    public static byte[] toBytes(DeadLetter d) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(d.raw().length() + 128);
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
            write(d, g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * Reads a dead letter written by {@link #toJson}; {@code observed_at} may also be epoch millis.
     *
     * @throws IllegalArgumentException when {@code json} is not a dead letter
     */
    public static DeadLetter fromJson(String json) {
        try {
            return read(MAPPER.readTree(json));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("dead letter: not JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Reads a dead letter from UTF-8 bytes written by {@link #toBytes}.
     *
     * @throws IllegalArgumentException when {@code json} is not a dead letter
     */
    public static DeadLetter fromBytes(byte[] json) {
        try {
            return read(MAPPER.readTree(json));
        } catch (IOException e) {
            throw new IllegalArgumentException("dead letter: not JSON: " + e.getMessage(), e);
        }
    }

    private static void write(DeadLetter d, Writer out) {
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
            write(d, g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(DeadLetter d, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("reason", d.reason());
        g.writeStringField("source", d.source());
        g.writeStringField("raw", d.raw());
        g.writeNumberField("raw_bytes", d.rawBytes());
        if (Rfc3339.canFormat(d.observedAtMillis())) {
            g.writeStringField("observed_at", Rfc3339.format(d.observedAtMillis()));
        } else {
            g.writeNumberField("observed_at", d.observedAtMillis());
        }
        g.writeEndObject();
    }

    private static DeadLetter read(JsonNode n) {
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("dead letter: not a JSON object");
        }
        return new DeadLetter(text(n, "reason"), text(n, "source"), text(n, "raw"),
                integer(n.get("raw_bytes"), "raw_bytes"), observedAt(n.get("observed_at")));
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("dead letter: " + field + " must be a string");
        }
        return v.textValue();
    }

    private static long integer(JsonNode v, String field) {
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new IllegalArgumentException("dead letter: " + field + " must be an integer");
        }
        return v.longValue();
    }

    private static long observedAt(JsonNode v) {
        if (v != null && v.isTextual()) {
            OptionalLong millis = Rfc3339.parseMillis(v.textValue());
            if (millis.isPresent()) {
                return millis.getAsLong();
            }
            throw new IllegalArgumentException("dead letter: observed_at is not RFC 3339");
        }
        return integer(v, "observed_at");
    }
}
