package dev.quarry.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The formats Quarry reads, by name: {@value ContractFormat#NAME}, {@value LiteLlmFormat#NAME},
 * {@value OtlpTraceFormat#NAME} (protobuf or JSON), {@value OtlpTraceFormat#JSON_NAME} and
 * {@value OpenAiPairFormat#NAME}, all sharing one {@link EventParser} and built with one set of
 * {@link FormatOptions}; plus the detection of a file's format from its first records
 * ({@value #AUTO}) and the parsing of one request body ({@link #parseBody}) for a collector.
 * Immutable; thread-safe.
 */
public final class RecordFormats {
    /** The name that asks for detection from a file's first records, {@value}. */
    public static final String AUTO = "auto";
    /** The names of the formats, in the order they are documented. */
    public static final List<String> NAMES = List.of(ContractFormat.NAME, LiteLlmFormat.NAME, OtlpTraceFormat.NAME,
            OtlpTraceFormat.JSON_NAME, OpenAiPairFormat.NAME);
    /** How many records of a file {@link #detect} looks at. */
    public static final int DETECT_RECORDS = 5;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final EventParser parser;
    private final Map<String, RecordFormat> byName = new LinkedHashMap<>();

    /** Every format with default options and parser. */
    public static RecordFormats defaults() {
        return new RecordFormats(new EventParser(), FormatOptions.defaults());
    }

    public RecordFormats(EventParser parser, FormatOptions options) {
        this.parser = Objects.requireNonNull(parser, "parser");
        byName.put(ContractFormat.NAME, new ContractFormat(parser));
        byName.put(LiteLlmFormat.NAME, new LiteLlmFormat(parser, options.litellmClientIdField()));
        byName.put(OtlpTraceFormat.NAME, new OtlpTraceFormat(parser, options.otlp(), false));
        byName.put(OtlpTraceFormat.JSON_NAME, new OtlpTraceFormat(parser, options.otlp(), true));
        byName.put(OpenAiPairFormat.NAME, new OpenAiPairFormat(parser, options.openai()));
    }

    /** The shared contract parser. */
    public EventParser parser() {
        return parser;
    }

    /**
     * The format with this name.
     *
     * @throws IllegalArgumentException naming the known formats, when there is none
     */
    public RecordFormat get(String name) {
        RecordFormat f = byName.get(name);
        if (f == null) {
            throw new IllegalArgumentException("unknown format " + Reasons.quote(String.valueOf(name))
                    + ": known are " + String.join(", ", NAMES));
        }
        return f;
    }

    /**
     * The format of a JSON-lines file, from its first {@value #DETECT_RECORDS} records: each
     * record that is a JSON object votes for the format its fields show ({@link #detect(String)}),
     * the most votes win, a tie goes to the format seen first. A file with no votes (empty, or only
     * lines that are not JSON objects) is read as the contract, so that its lines become dead
     * letters with the contract's reasons.
     */
    public RecordFormat detect(Path file) throws IOException {
        Map<String, Integer> votes = new LinkedHashMap<>();
        try (JsonlFileReader reader = new JsonlFileReader(file, parser.maxRecordBytes())) {
            for (int n = 0; n < DETECT_RECORDS && reader.hasNext(); n++) {
                detect(reader.next().text()).ifPresent(name -> votes.merge(name, 1, Integer::sum));
            }
        }
        String best = ContractFormat.NAME;
        int most = 0;
        for (Map.Entry<String, Integer> v : votes.entrySet()) {
            if (v.getValue() > most) {
                best = v.getKey();
                most = v.getValue();
            }
        }
        return get(best);
    }

    /**
     * The format one JSON record is in, by the fields that only it has: {@code resourceSpans}
     * (OTLP JSON); {@code call_type} with {@code startTime} (LiteLLM); any of {@code event_id},
     * {@code client_id} or a top-level {@code model} (contract, even with a field missing); a
     * {@code request} object (an OpenAI pair, whose model is inside the request). Empty when the
     * record is not a JSON object or has none of these.
     */
    public static Optional<String> detect(String record) {
        JsonNode n;
        try {
            n = MAPPER.readTree(record);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        if (n == null || !n.isObject()) {
            return Optional.empty();
        }
        if (n.has("resourceSpans")) {
            return Optional.of(OtlpTraceFormat.JSON_NAME);
        }
        if (n.has("call_type") && n.has("startTime")) {
            return Optional.of(LiteLlmFormat.NAME);
        }
        if (n.has("event_id") || n.has("client_id") || n.has("model")) {
            return Optional.of(ContractFormat.NAME);
        }
        if (n.path("request").isObject()) {
            return Optional.of(OpenAiPairFormat.NAME);
        }
        return Optional.empty();
    }

    /**
     * Parses one request body, as a collector receives it: for {@value OtlpTraceFormat#NAME} and
     * {@value OtlpTraceFormat#JSON_NAME} one export request (protobuf or JSON bytes); for the other
     * formats newline-delimited records (blank lines skipped), each line's source {@code source:N}.
     */
    public List<ParseResult> parseBody(String format, byte[] body, String source) {
        RecordFormat f = get(format);
        String src = source == null ? "unknown" : source;
        if (f instanceof OtlpTraceFormat) {
            return f.parse(body, src);
        }
        List<ParseResult> out = new ArrayList<>();
        int start = 0;
        int line = 0;
        for (int i = 0; i <= body.length; i++) {
            if (i == body.length || body[i] == '\n') {
                line++;
                int end = i > start && body[i - 1] == '\r' ? i - 1 : i;
                byte[] record = java.util.Arrays.copyOfRange(body, start, end);
                if (!new String(record, StandardCharsets.UTF_8).isBlank()) {
                    out.addAll(f.parse(record, src + ":" + line));
                }
                start = i + 1;
            }
        }
        return out;
    }
}
