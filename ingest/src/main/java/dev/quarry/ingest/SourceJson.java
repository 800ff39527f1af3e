package dev.quarry.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * Reads a gateway's JSON record as strictly as {@link EventParser} reads the contract (no
 * duplicate keys, bounded nesting and number length; exact decimals, so numbers reach the
 * converted event as written), and reads its fields with reasons that name the source field:
 * {@code "startTime: expected number, got string"}. Failures are {@link InvalidRecord}s.
 * Thread-safe.
 */
final class SourceJson {
    private final ObjectMapper mapper;

    /** Reads with the contract parser's mapper: the same limits, duplicate checks and exact numbers. */
    SourceJson(EventParser parser) {
        this.mapper = parser.mapper();
    }

    ObjectMapper mapper() {
        return mapper;
    }

    JsonNodeFactory nodes() {
        return mapper.getNodeFactory();
    }

    /** The record as one JSON value (object or array); a byte order mark is skipped. */
    JsonNode read(byte[] raw) {
        if (raw.length == 0) {
            throw new InvalidRecord("empty record");
        }
        if (Utf8.check(raw, 0, raw.length) == Utf8.Check.INVALID) {
            throw new InvalidRecord("invalid UTF-8");
        }
        try (JsonParser p = mapper.getFactory().createParser(raw)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new InvalidRecord("empty record");
            }
            if (first != JsonToken.START_OBJECT && first != JsonToken.START_ARRAY) {
                throw new InvalidRecord("not a JSON object");
            }
            JsonNode root = mapper.readTree(p);
            if (p.nextToken() != null) {
                throw new InvalidRecord("not JSON: trailing data after the object");
            }
            return root;
        } catch (JsonEOFException e) {
            throw new InvalidRecord("truncated JSON: unexpected end of input");
        } catch (StreamConstraintsException e) {
            throw new InvalidRecord("too large a value: " + firstLine(e));
        } catch (JsonProcessingException e) {
            throw new InvalidRecord("not JSON: " + firstLine(e));
        } catch (NumberFormatException e) {
            throw new InvalidRecord("number out of range");
        } catch (IOException e) {
            throw new InvalidRecord("unreadable: " + e.getClass().getSimpleName());
        }
    }

    private static String firstLine(JsonProcessingException e) {
        String m = String.valueOf(e.getOriginalMessage());
        int eol = m.indexOf('\n');
        return Reasons.inert(eol < 0 ? m : m.substring(0, eol), 160);
    }

    /** The field, or null when absent or JSON null. */
    static JsonNode field(JsonNode object, String name) {
        JsonNode v = object == null ? null : object.get(name);
        return v == null || v.isNull() ? null : v;
    }

    /** A string field, or null when absent or null. */
    static String text(JsonNode object, String name, String path) {
        JsonNode v = field(object, name);
        if (v == null) {
            return null;
        }
        if (!v.isTextual()) {
            throw Reasons.typeError(path, "string", v);
        }
        return v.textValue();
    }

    /** A non-empty string field. */
    static String requiredText(JsonNode object, String name, String path) {
        String s = text(object, name, path);
        if (s == null) {
            throw new InvalidRecord("missing " + path);
        }
        if (s.isEmpty()) {
            throw new InvalidRecord(path + ": must not be empty");
        }
        return s;
    }

    /** An object field, or null when absent or null. */
    static JsonNode object(JsonNode object, String name, String path) {
        JsonNode v = field(object, name);
        if (v != null && !v.isObject()) {
            throw Reasons.typeError(path, "object", v);
        }
        return v;
    }

    /** Epoch seconds (integer or fraction) as epoch millis, rounded to the nearest milli. */
    static long epochSecondsToMillis(JsonNode v, String path) {
        if (!v.isNumber()) {
            throw Reasons.typeError(path, "number (epoch seconds)", v);
        }
        BigDecimal millis = v.decimalValue().movePointRight(3);
        if (millis.signum() < 0) {
            throw new InvalidRecord(path + ": must be >= 0");
        }
        if (millis.compareTo(BigDecimal.valueOf(Rfc3339.MAX_MILLIS)) > 0) {
            throw new InvalidRecord(path + ": after the year 9999");
        }
        return millis.setScale(0, java.math.RoundingMode.HALF_UP).longValueExact();
    }
}
