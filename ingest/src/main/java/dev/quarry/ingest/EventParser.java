package dev.quarry.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one raw record (a JSON line, a Kafka value) into a {@link ParseResult}: a valid {@link
 * InferenceEvent}, or a {@link DeadLetter} with a precise, stable reason such as {@code "missing
 * event_id"} or {@code "request.max_tokens: expected integer, got string"}.
 *
 * <p>Validation is exactly contract v1 and its JSON schema: strict JSON (no comments, NaN or
 * duplicate keys), required fields, types (an integer written {@code 3.0} or {@code "3"} is a type
 * error), ranges and enums. Unknown top-level fields are kept in {@link
 * InferenceEvent#extensions()}; unknown fields inside {@code request}, {@code response} and
 * messages are ignored. Only the first fault is reported, in a fixed field order, so the same
 * record always gets the same reason.
 *
 * <p>An ordinary valid record is read straight from the token stream into the event ({@link
 * WellFormedEventReader}); any other record is parsed again into a JSON tree and checked field by
 * field ({@link EventValidator}), which gives its dead-letter reason. Both give the same event for a
 * record the first accepts.
 *
 * <p>{@code parse} never throws, whatever the input: random bytes, invalid UTF-8, deep nesting,
 * 1000-digit numbers. Records longer than {@link #maxRecordBytes()} are rejected unread.
 *
 * <p>Thread-safe: one instance (and its one {@link ObjectMapper}) serves all threads.
 */
public final class EventParser {
    /** Default number of chars of a rejected record that its dead letter keeps. */
    public static final int DEFAULT_MAX_RAW_CHARS = 4096;
    /** Default size limit of a record: 16 MiB, so that 1 MB prompts pass with room to spare. */
    public static final int DEFAULT_MAX_RECORD_BYTES = 16 * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(EventParser.class);
    private static final int MAX_NESTING_DEPTH = 1000;
    private static final int MAX_NUMBER_CHARS = 1000;
    private static final int MAX_SYNTAX_MESSAGE_CHARS = 160;
    private static final String UNKNOWN_SOURCE = "unknown";

    private final int maxRawChars;
    private final int maxRecordBytes;
    private final JsonFactory factory;
    private final ObjectMapper mapper;

    /** A parser with {@link #DEFAULT_MAX_RAW_CHARS} and {@link #DEFAULT_MAX_RECORD_BYTES}. */
    public EventParser() {
        this(DEFAULT_MAX_RAW_CHARS, DEFAULT_MAX_RECORD_BYTES);
    }

    /**
     * @param maxRawChars how many chars of a rejected record its dead letter keeps, >= 0
     */
    public EventParser(int maxRawChars) {
        this(maxRawChars, DEFAULT_MAX_RECORD_BYTES);
    }

    /**
     * @param maxRawChars how many chars of a rejected record its dead letter keeps, >= 0
     * @param maxRecordBytes records longer than this (in UTF-8 bytes) are rejected as too large
     */
    public EventParser(int maxRawChars, int maxRecordBytes) {
        if (maxRawChars < 0) {
            throw new IllegalArgumentException("maxRawChars must be >= 0: " + maxRawChars);
        }
        if (maxRecordBytes < 1) {
            throw new IllegalArgumentException("maxRecordBytes must be >= 1: " + maxRecordBytes);
        }
        this.maxRawChars = maxRawChars;
        this.maxRecordBytes = maxRecordBytes;
        // logit_bias keys are attacker-chosen field names (an extractor sends tens of thousands of
        // distinct token ids): interning or canonicalising them would make every sweep request
        // pay String.intern and grow Jackson's symbol table, so neither is done.
        this.factory = JsonFactory.builder()
                .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
                .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_NESTING_DEPTH)
                        .maxNumberLength(MAX_NUMBER_CHARS)
                        // a string is never longer than its record; the record limit is the limit
                        .maxStringLength(Math.max(maxRecordBytes, 1024))
                        .build())
                .build();
        // Exact big decimals keep range checks exact (top_p 1.0000000000000001 is > 1) and let
        // numbers in unknown fields survive a round trip as written (100.0, not 1E+2).
        this.mapper = new ObjectMapper(factory)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);
    }

    /** The configured mapper, for converters that read other formats with the same limits. */
    ObjectMapper mapper() {
        return mapper;
    }

    /** How many chars of a rejected record its dead letter keeps. */
    public int maxRawChars() {
        return maxRawChars;
    }

    /** The size limit of a record in UTF-8 bytes. */
    public int maxRecordBytes() {
        return maxRecordBytes;
    }

    /**
     * Parses a record given as bytes, which must be UTF-8 (a leading byte order mark is allowed).
     *
     * @param source where the record came from, for the dead letter; null becomes "unknown"
     */
    public ParseResult parse(byte[] raw, String source) {
        String src = source == null ? UNKNOWN_SOURCE : source;
        if (raw == null) {
            return invalid("empty record", src, "", 0);
        }
        if (raw.length > maxRecordBytes) {
            return invalid(tooLarge(raw.length), src, raw);
        }
        Utf8.Check check = Utf8.check(raw, 0, raw.length);
        if (check == Utf8.Check.INVALID) {
            return invalid("invalid UTF-8", src, raw);
        }
        if (check == Utf8.Check.VALID_WITH_NUL) {
            // Jackson would take NUL bytes for UTF-16 or UTF-32 and decode them as such; the
            // contract says UTF-8, so read these bytes as the UTF-8 text they are.
            return parse(new String(raw, StandardCharsets.UTF_8), src);
        }
        try (JsonParser p = factory.createParser(raw)) {
            InferenceEvent event = WellFormedEventReader.read(p);
            if (event != null) {
                return new ParseResult.Valid(event);
            }
        } catch (IOException | RuntimeException e) {
            // Not on the fast path; the tree path below says what is wrong, if anything.
        }
        try (JsonParser p = factory.createParser(raw)) {
            return new ParseResult.Valid(read(p));
        } catch (InvalidRecord e) {
            return invalid(e.reason(), src, raw);
        } catch (JsonProcessingException e) {
            if (String.valueOf(e.getOriginalMessage()).startsWith("Invalid UTF-8")) {
                // The bytes are valid UTF-8 (checked above); jackson-core 2.21's byte parser
                // wrongly fails on an escaped surrogate pair in a field name ("\\uD83D\\uDE00").
                // Its char parser does not.
                return parse(new String(raw, StandardCharsets.UTF_8), src);
            }
            return invalid(syntaxReason(e), src, raw);
        } catch (IOException | RuntimeException e) {
            return invalid(unexpected(e, src), src, raw);
        }
    }

    /**
     * Parses a record given as text, e.g. one line of a replay file (without its terminator).
     *
     * @param source where the record came from, for the dead letter; null becomes "unknown"
     */
    public ParseResult parse(String line, String source) {
        String src = source == null ? UNKNOWN_SOURCE : source;
        if (line == null) {
            return invalid("empty record", src, "", 0);
        }
        long bytes = Utf8.encodedLength(line);
        if (bytes > maxRecordBytes) {
            return invalid(tooLarge(bytes), src, line, bytes);
        }
        // Jackson skips a byte order mark in bytes but not in text; treat both alike.
        String json = line.startsWith("\uFEFF") ? line.substring(1) : line;
        try (JsonParser p = factory.createParser(json)) {
            InferenceEvent event = WellFormedEventReader.read(p);
            if (event != null) {
                return new ParseResult.Valid(event);
            }
        } catch (IOException | RuntimeException e) {
            // Not on the fast path; the tree path below says what is wrong, if anything.
        }
        try (JsonParser p = factory.createParser(json)) {
            return new ParseResult.Valid(read(p));
        } catch (InvalidRecord e) {
            return invalid(e.reason(), src, line, bytes);
        } catch (JsonProcessingException e) {
            return invalid(syntaxReason(e), src, line, bytes);
        } catch (IOException | RuntimeException e) {
            return invalid(unexpected(e, src), src, line, bytes);
        }
    }

    /**
     * Parses a line read by {@link JsonlFileReader}, rejecting it first when it was too long or
     * not well-formed UTF-8 (which its decoded text can no longer show).
     */
    public ParseResult parse(SourceLine line) {
        if (line.byteLength() > maxRecordBytes) {
            return invalid(tooLarge(line.byteLength()), line.source(), line.text(),
                    line.byteLength());
        }
        if (!line.validUtf8()) {
            return invalid("invalid UTF-8", line.source(), line.text(), line.byteLength());
        }
        return parse(line.text(), line.source());
    }

    private InferenceEvent read(JsonParser p) throws IOException {
        JsonToken first = p.nextToken();
        if (first == null) {
            throw new InvalidRecord("empty record");
        }
        if (first != JsonToken.START_OBJECT) {
            throw new InvalidRecord("not a JSON object");
        }
        JsonNode root;
        try {
            root = mapper.readTree(p);
        } catch (NumberFormatException e) {
            // Valid JSON grammar, but an exponent beyond BigDecimal's (1e4006502500).
            String where = valuePath(p.getParsingContext());
            throw new InvalidRecord((where.isEmpty() ? "" : where + ": ") + "number out of range");
        }
        if (p.nextToken() != null) {
            throw new InvalidRecord("not JSON: trailing data after the object");
        }
        return EventValidator.toEvent((ObjectNode) root);
    }

    private String tooLarge(long bytes) {
        return "record too large: " + bytes + " bytes > " + maxRecordBytes;
    }

    private static String syntaxReason(JsonProcessingException e) {
        String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (e instanceof JsonEOFException) {
            return "truncated JSON: unexpected end of input";
        }
        if (e instanceof StreamConstraintsException) {
            if (message.contains("nesting depth")) {
                return "too deeply nested: more than " + MAX_NESTING_DEPTH + " levels";
            }
            if (message.startsWith("Number value length")) {
                return "number too long: more than " + MAX_NUMBER_CHARS + " chars";
            }
            if (message.startsWith("String value length")) {
                return "string too long";
            }
        }
        if (e instanceof JsonParseException && message.startsWith("Duplicate field '")) {
            String name = message.substring("Duplicate field '".length(), message.length() - 1);
            String where = e.getProcessor() instanceof JsonParser
                    ? containerPath(((JsonParser) e.getProcessor()).getParsingContext())
                    : "";
            return (where.isEmpty() ? "" : where + ": ")
                    + "duplicate field " + Reasons.quote(name);
        }
        int eol = message.indexOf('\n');
        String firstLine = eol < 0 ? message : message.substring(0, eol);
        return "not JSON: " + Reasons.inert(firstLine, MAX_SYNTAX_MESSAGE_CHARS);
    }

    /** The dotted path ({@code request.messages[0]}) of the object whose context this is. */
    private static String containerPath(JsonStreamContext object) {
        return valuePath(object.getParent());
    }

    /** The dotted path ({@code request.messages[0].role}) of the value a context is at. */
    private static String valuePath(JsonStreamContext context) {
        Deque<String> parts = new ArrayDeque<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                parts.addFirst("[" + c.getCurrentIndex() + "]");
            } else {
                String name = Reasons.inert(String.valueOf(c.getCurrentName()), 40);
                parts.addFirst(c.getParent() != null && c.getParent().inRoot() ? name : "." + name);
            }
        }
        return String.join("", parts);
    }

    private static String unexpected(Exception e, String source) {
        // A bug, not bad input: the record still goes to the dead letters, but say so loudly.
        LOG.warn("parser failed unexpectedly on record from {}", source, e);
        return "unreadable: " + e.getClass().getSimpleName();
    }

    private ParseResult invalid(String reason, String source, byte[] raw) {
        return invalid(reason, source, Utf8.decodePrefix(raw, maxRawChars), raw.length);
    }

    private ParseResult invalid(String reason, String source, String raw, long rawBytes) {
        return new ParseResult.Invalid(new DeadLetter(reason, source,
                Utf8.truncate(raw, maxRawChars), rawBytes, System.currentTimeMillis()));
    }
}
