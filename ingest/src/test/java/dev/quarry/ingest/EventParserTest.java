package dev.quarry.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class EventParserTest {
    private static final String TAIL = "\"client_id\":\"k\",\"endpoint\":\"completions\","
            + "\"model\":\"m\",\"request\":{\"prompt\":\"p\"},\"response\":{\"status\":200}";

    private final EventParser parser = new EventParser();

    private static String event(String ts) {
        return "{\"event_id\":\"e\",\"ts\":" + ts + "," + TAIL + "}";
    }

    private static String withPrompt(String promptJson) {
        return "{\"event_id\":\"e\",\"ts\":0,\"client_id\":\"k\",\"endpoint\":\"completions\","
                + "\"model\":\"m\",\"request\":{\"prompt\":" + promptJson + "},"
                + "\"response\":{\"status\":200}}";
    }

    static Stream<Arguments> syntaxFaults() {
        return Stream.of(
                Arguments.of("", "empty record"),
                Arguments.of("   \t ", "empty record"),
                Arguments.of("[1,2]", "not a JSON object"),
                Arguments.of("null", "not a JSON object"),
                Arguments.of("\"an event\"", "not a JSON object"),
                Arguments.of("{\"event_id\":\"a\",\"ts\":1,\"ts\":2}", "duplicate field 'ts'"),
                Arguments.of("{\"request\":{\"prompt\":\"a\",\"prompt\":\"b\"}}",
                        "request: duplicate field 'prompt'"),
                Arguments.of("{\"request\":{\"messages\":[{},{\"role\":\"a\",\"role\":\"b\"}]}}",
                        "request.messages[1]: duplicate field 'role'"),
                Arguments.of(event("0") + " {}", "not JSON: trailing data after the object"),
                Arguments.of(event("0") + "x", "not JSON: Unrecognized token 'x': was expecting "
                        + "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')"),
                Arguments.of("{\"a\":NaN}", "not JSON: Non-standard token 'NaN': enable "
                        + "`JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS` to allow"),
                Arguments.of("{\"a\":1,}", "not JSON: Unexpected character ('}' (code 125)): "
                        + "was expecting double-quote to start field name"),
                Arguments.of("{'a':1}", "not JSON: Unexpected character (''' (code 39)): "
                        + "was expecting double-quote to start field name"),
                Arguments.of("{\"a\":\"\u0001\"}", "not JSON: Illegal unquoted character "
                        + "((CTRL-CHAR, code 1)): has to be escaped using backslash to be "
                        + "included in string value"),
                Arguments.of("{\"a\":", "truncated JSON: unexpected end of input"),
                Arguments.of("{\"a\":\"unterminated", "truncated JSON: unexpected end of input"),
                Arguments.of("[".repeat(5000), "not a JSON object"),
                Arguments.of("{\"a\":" + "[".repeat(5000), "too deeply nested: more than 1000 levels"),
                Arguments.of("{\"a\":" + "9".repeat(2000) + "}",
                        "number too long: more than 1000 chars"),
                Arguments.of("{\"request\":{\"temperature\":1e4006502500}}",
                        "request.temperature: number out of range"),
                Arguments.of("{\"x\":[0,-1E-4006502500]}", "x[1]: number out of range"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("syntaxFaults")
    void malformedJsonIsRejectedWithAStableReason(String line, String reason) {
        assertEquals(reason, Fixtures.invalid(parser.parse(line, "t")).reason());
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("syntaxFaults")
    void bytesAndTextGetTheSameReason(String line, String reason) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        assertEquals(reason, Fixtures.invalid(parser.parse(bytes, "t")).reason());
    }

    @ParameterizedTest
    @ValueSource(strings = {"80", "c0af", "e08080", "eda080", "f4908080", "ff", "e282"})
    void bytesThatAreNotUtf8AreRejected(String hex) {
        byte[] bad = java.util.HexFormat.of().parseHex(hex);
        byte[] line = ("{\"event_id\":\"" + "\0".repeat(bad.length) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        System.arraycopy(bad, 0, line, 13, bad.length);
        assertEquals("invalid UTF-8", Fixtures.invalid(parser.parse(line, "t")).reason());
    }

    @Test
    void utf16EncodedJsonIsNotTakenForUtf8() {
        byte[] utf16 = event("0").getBytes(StandardCharsets.UTF_16LE);
        assertTrue(Fixtures.invalid(parser.parse(utf16, "t")).reason().startsWith("not JSON: "));
    }

    @Test
    void aLeadingByteOrderMarkIsIgnoredInBytesAndText() {
        String line = "\uFEFF" + event("0");
        Fixtures.valid(parser.parse(line, "t"));
        Fixtures.valid(parser.parse(line.getBytes(StandardCharsets.UTF_8), "t"));
    }

    @Test
    void nullInputIsAnEmptyRecordFromAnUnknownSource() {
        DeadLetter d = Fixtures.invalid(parser.parse((byte[]) null, null));
        assertEquals("empty record", d.reason());
        assertEquals("unknown", d.source());
        assertEquals("empty record", Fixtures.invalid(parser.parse((String) null, "s")).reason());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "2026-11-20T08:15:02Z, 2026-11-20T08:15:02Z",
        "2026-11-20t08:15:02z, 2026-11-20T08:15:02Z",
        "2026-11-20T08:15:02.1Z, 2026-11-20T08:15:02.100Z",
        "2026-11-20T08:15:02.123456789Z, 2026-11-20T08:15:02.123Z",
        "2026-11-20T09:15:02+01:00, 2026-11-20T08:15:02Z",
        "2026-11-20T03:15:02.5-05:00, 2026-11-20T08:15:02.500Z",
        "2026-11-20T08:15:02-00:00, 2026-11-20T08:15:02Z",
        "2026-11-21T07:15:02+23:00, 2026-11-20T08:15:02Z",
        "2024-02-29T00:00:00Z, 2024-02-29T00:00:00Z",
        "2016-12-31T23:59:60Z, 2016-12-31T23:59:59.999Z",
        "2016-12-31T18:59:60-05:00, 2016-12-31T23:59:59.999Z",
        "1969-12-31T23:59:59Z, 1969-12-31T23:59:59Z",
        "0000-01-01T00:00:00Z, 0000-01-01T00:00:00Z",
        "9999-12-31T23:59:59.999Z, 9999-12-31T23:59:59.999Z"
    })
    void rfc3339TimestampsAreReadAsEpochMillis(String ts, String utc) {
        InferenceEvent e = Fixtures.valid(parser.parse(event("\"" + ts + "\""), "t"));
        assertEquals(Instant.parse(utc).toEpochMilli(), e.tsMillis());
    }

    @ParameterizedTest
    @ValueSource(longs = {0L, 1763626502500L, Long.MAX_VALUE})
    void nonNegativeIntegerTimestampsAreEpochMillis(long millis) {
        assertEquals(millis, Fixtures.valid(parser.parse(event(Long.toString(millis)), "t"))
                .tsMillis());
    }

    @Test
    void aOneMegabytePromptIsLegal() {
        String prompt = "Repeat after me. ".repeat(62_000);
        InferenceEvent e = Fixtures.valid(parser.parse(withPrompt("\"" + prompt + "\""), "t"));
        assertEquals(prompt, e.request().prompt());
    }

    @Test
    void controlBidiAndMarkupCharactersInTextAreKeptAsData() {
        String text = "\u0000\u0007\u202Eevil\u202C<script>alert(1)</script>\uD83D\uDE00";
        String json = EventJson.toJsonLine(EventBuilder.event("e").prompt(text).build());
        assertEquals(text, Fixtures.valid(parser.parse(json, "t")).request().prompt());
    }

    @Test
    void unknownTopLevelFieldsAreKeptWithTheirValues() {
        String line = event("0").replace("{\"event_id\"",
                "{\"x_nested\":{\"a\":[1,2.50,null]},\"x_big\":1e400,\"event_id\"");
        InferenceEvent e = Fixtures.valid(parser.parse(line, "t"));
        assertEquals("{\"a\":[1,2.50,null]}", e.extensions().get("x_nested").toString());
        assertEquals("1E+400", e.extensions().get("x_big").toString());
    }

    @Test
    void anUnpairedSurrogateInAContractStringIsRejected() {
        assertEquals("request.prompt: unpaired surrogate in string",
                Fixtures.invalid(parser.parse(withPrompt("\"ab\\uD800c\""), "t")).reason());
    }

    @Test
    void anUnpairedSurrogateInsideAnUnknownFieldIsRejected() {
        String line = event("0").replace("{\"event_id\"",
                "{\"x_meta\":{\"k\":[\"\\uDC00\"]},\"event_id\"");
        assertEquals("x_meta: unpaired surrogate in string",
                Fixtures.invalid(parser.parse(line, "t")).reason());
    }

    @Test
    void anEscapedSurrogatePairInAFieldNameIsReadFromBytes() {
        String line = event("0").replace("{\"event_id\"", "{\"\\uD83D\\uDE00x\":1,\"event_id\"");
        InferenceEvent e = Fixtures.valid(parser.parse(line.getBytes(StandardCharsets.UTF_8), "t"));
        assertTrue(e.extensions().containsKey("\uD83D\uDE00x"));
    }

    @Test
    void anUnpairedSurrogateInAFieldNameIsRejectedFromBytesAndText() {
        String line = event("0").replace("{\"event_id\"", "{\"\\uD83Dx\":1,\"event_id\"");
        String reason = "field name '\\uD83Dx': unpaired surrogate in string";
        assertEquals(reason, Fixtures.invalid(parser.parse(line, "t")).reason());
        assertEquals(reason, Fixtures.invalid(
                parser.parse(line.getBytes(StandardCharsets.UTF_8), "t")).reason());
    }

    @Test
    void anEscapedSurrogatePairIsOrdinaryText() {
        assertEquals("\uD83D\uDE00", Fixtures.valid(
                parser.parse(withPrompt("\"\\uD83D\\uDE00\""), "t")).request().prompt());
    }

    @Test
    void unknownFieldsInsideRequestResponseAndMessagesAreIgnored() {
        String line = "{\"event_id\":\"e\",\"ts\":0,\"client_id\":\"k\",\"endpoint\":\"responses\","
                + "\"model\":\"m\",\"request\":{\"messages\":[{\"role\":\"tool\",\"content\":\"c\","
                + "\"tool_call_id\":\"t1\"}],\"tools\":[]},\"response\":{\"status\":500,"
                + "\"error\":{\"code\":1}}}";
        InferenceEvent e = Fixtures.valid(parser.parse(line, "t"));
        assertEquals(new Message("tool", "c"), e.request().messages().get(0));
        assertEquals(500, e.response().status());
        assertTrue(e.extensions().isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"system", "user", "assistant", "tool", "developer"})
    void everyContractRoleIsAccepted(String role) {
        String line = "{\"event_id\":\"e\",\"ts\":0,\"client_id\":\"k\",\"endpoint\":\"responses\","
                + "\"model\":\"m\",\"request\":{\"messages\":[{\"role\":\"" + role
                + "\",\"content\":\"\"}]},\"response\":{\"status\":200}}";
        assertEquals(role, Fixtures.valid(parser.parse(line, "t")).request().messages().get(0)
                .role());
    }

    @Test
    void anEmptyMessagesArraySatisfiesTheInputRule() {
        String line = "{\"event_id\":\"e\",\"ts\":0,\"client_id\":\"k\",\"endpoint\":\"embeddings\","
                + "\"model\":\"m\",\"request\":{\"messages\":[]},\"response\":{\"status\":200}}";
        assertTrue(Fixtures.valid(parser.parse(line, "t")).request().messages().isEmpty());
    }

    @Test
    void idLengthsCountCharactersNotUtf16Units() {
        String id = "\uD83D\uDE00".repeat(128);
        String line = event("0").replace("\"event_id\":\"e\"", "\"event_id\":\"" + id + "\"");
        assertEquals(id, Fixtures.valid(parser.parse(line, "t")).eventId());
    }

    @Test
    void logitBiasKeysWithLeadingZerosAreTokenIds() {
        String line = withPrompt("\"p\"").replace("\"prompt\":\"p\"",
                "\"prompt\":\"p\",\"logit_bias\":{\"007\":-100,\"2147483647\":0.5}");
        InferenceEvent e = Fixtures.valid(parser.parse(line, "t"));
        assertEquals(-100.0, e.request().logitBias().get(7));
        assertEquals(0.5, e.request().logitBias().get(Integer.MAX_VALUE));
    }

    @Test
    void aDeadLetterKeepsAtMostMaxRawCharsButRecordsTheFullByteLength() {
        EventParser small = new EventParser(10);
        String line = "not json " + "é".repeat(100);
        DeadLetter d = Fixtures.invalid(small.parse(line, "f.jsonl:3"));
        assertEquals("not json é", d.raw());
        assertEquals(line.getBytes(StandardCharsets.UTF_8).length, d.rawBytes());
        assertEquals("f.jsonl:3", d.source());
        assertEquals("not json é", Fixtures.invalid(
                small.parse(line.getBytes(StandardCharsets.UTF_8), "s")).raw());
    }

    @Test
    void truncatingARawRecordNeverSplitsASurrogatePair() {
        EventParser small = new EventParser(4);
        String line = "abc\uD83D\uDE00def";
        assertEquals("abc", Fixtures.invalid(small.parse(line, "s")).raw());
        assertEquals("abc", Fixtures.invalid(
                small.parse(line.getBytes(StandardCharsets.UTF_8), "s")).raw());
    }

    @Test
    void aDeadLetterIsStampedWithTheWallClock() {
        long before = System.currentTimeMillis();
        DeadLetter d = Fixtures.invalid(parser.parse("x", "s"));
        assertTrue(d.observedAtMillis() >= before && d.observedAtMillis() <= System.currentTimeMillis());
    }

    @Test
    void aRecordAboveTheSizeLimitIsRejectedUnread() {
        EventParser small = new EventParser(8, 100);
        String line = withPrompt("\"" + "x".repeat(200) + "\"");
        int bytes = line.length();
        String reason = "record too large: " + bytes + " bytes > 100";
        assertEquals(reason, Fixtures.invalid(small.parse(line, "s")).reason());
        DeadLetter d = Fixtures.invalid(small.parse(line.getBytes(StandardCharsets.UTF_8), "s"));
        assertEquals(reason, d.reason());
        assertEquals(bytes, d.rawBytes());
        assertEquals(8, d.raw().length());
    }

    @Test
    void aSourceLineThatWasCutShortIsRejectedAsTooLarge() {
        EventParser small = new EventParser(8, 100);
        SourceLine cut = new SourceLine("{\"event_id\"", "f:1", 5000, true);
        assertEquals("record too large: 5000 bytes > 100",
                Fixtures.invalid(small.parse(cut)).reason());
    }

    @Test
    void aSourceLineThatWasNotUtf8IsRejected() {
        SourceLine bad = new SourceLine(event("0"), "f:2", event("0").length(), false);
        DeadLetter d = Fixtures.invalid(parser.parse(bad));
        assertEquals("invalid UTF-8", d.reason());
        assertEquals("f:2", d.source());
    }

    @Test
    void aWellFormedSourceLineParsesLikeItsText() {
        assertEquals("e", Fixtures.valid(parser.parse(new SourceLine(event("0"), "f:1")))
                .eventId());
    }

    @Test
    void limitsMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new EventParser(-1));
        assertThrows(IllegalArgumentException.class, () -> new EventParser(10, 0));
    }

    @Test
    void absentOptionalFieldsStayAbsent() {
        InferenceEvent e = Fixtures.valid(parser.parse(event("0"), "t"));
        assertNull(e.orgId());
        assertNull(e.request().temperature());
        assertNull(e.request().messages());
        assertTrue(e.request().logitBias().isEmpty());
        assertNull(e.response().tokenIds());
        assertNull(e.response().latencyMs());
    }
}
