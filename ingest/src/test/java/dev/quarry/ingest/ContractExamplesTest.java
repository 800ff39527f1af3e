package dev.quarry.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The contract's own examples, bundled in {@code src/test/resources/contract}. */
class ContractExamplesTest {
    private static final List<String> VALID = Fixtures.lines("contract/valid.jsonl");
    private static final List<String> INVALID = Fixtures.lines("contract/invalid.jsonl");
    private static final List<String> INVALID_REASONS = List.of(
            "missing event_id",
            "ts: not RFC 3339 or epoch millis",
            "request.logit_bias: key 'abc' is not a token id",
            "request.max_tokens: expected integer, got string",
            "request: needs messages or prompt",
            "not JSON: Unrecognized token 'not': was expecting (JSON String, Number, Array, "
                    + "Object or token 'null', 'true' or 'false')",
            "truncated JSON: unexpected end of input");

    private final EventParser parser = new EventParser();

    @ParameterizedTest
    @ValueSource(strings = {"../../shared/contracts/examples", "../shared/contracts/examples"})
    void bundledExamplesAreIdenticalToTheSharedContract(String dir) throws IOException {
        Path shared = Path.of(dir);
        assumeTrue(Files.isDirectory(shared), "no shared contract at " + shared.toAbsolutePath());
        for (String name : List.of("valid.jsonl", "invalid.jsonl")) {
            assertArrayEquals(Files.readAllBytes(shared.resolve(name)),
                    Fixtures.bytes("contract/" + name), name + " differs from " + shared);
        }
    }

    @Test
    void theBundledExamplesHaveThreeValidAndSevenInvalidLines() {
        assertEquals(3, VALID.size());
        assertEquals(7, INVALID.size());
    }

    @Test
    void firstValidExampleIsAChatWithUsageAndOrg() {
        InferenceEvent e = Fixtures.valid(parser.parse(VALID.get(0), "valid.jsonl:1"));
        assertEquals("e-000001", e.eventId());
        assertEquals(java.time.Instant.parse("2026-11-20T08:15:02.120Z").toEpochMilli(),
                e.tsMillis());
        assertEquals("key_7f3a", e.clientId());
        assertEquals("org_acme", e.orgId());
        assertEquals("198.51.100.23", e.ip());
        assertEquals("python-httpx/0.27.0", e.userAgent());
        assertEquals(Endpoint.CHAT_COMPLETIONS, e.endpoint());
        assertEquals("orion-large", e.model());
        assertEquals(List.of(new Message("user",
                "Can you help me plan a three-day trip to Lisbon on a budget?")),
                e.request().messages());
        assertEquals(0.7, e.request().temperature());
        assertEquals(800, e.request().maxTokens());
        assertEquals(200, e.response().status());
        assertEquals("stop", e.response().finishReason());
        assertEquals(17, e.response().promptTokens());
        assertEquals(412, e.response().completionTokens());
        assertEquals(5210L, e.response().latencyMs());
        assertTrue(e.extensions().isEmpty());
    }

    @Test
    void secondValidExampleIsALogprobCompletionWithEpochMillisAndLogitBias() {
        InferenceEvent e = Fixtures.valid(parser.parse(VALID.get(1), "valid.jsonl:2"));
        assertEquals("e-000002", e.eventId());
        assertEquals(1763626502500L, e.tsMillis());
        assertEquals(Endpoint.COMPLETIONS, e.endpoint());
        assertNull(e.request().messages());
        assertEquals("The capital of France is", e.request().prompt());
        assertEquals(1, e.request().maxTokens());
        assertEquals(Boolean.TRUE, e.request().logprobs());
        assertEquals(5, e.request().topLogprobs());
        assertEquals(Map.of(1734, 100.0, 2891, 100.0, 40213, 100.0), e.request().logitBias());
        assertArrayEquals(new int[] {6342}, e.response().tokenIds());
        assertEquals(" Paris", e.response().text());
        assertEquals("length", e.response().finishReason());
    }

    @Test
    void thirdValidExampleKeepsItsUnknownTopLevelFieldAsAnExtension() {
        InferenceEvent e = Fixtures.valid(parser.parse(VALID.get(2), "valid.jsonl:3"));
        assertEquals("e-000003", e.eventId());
        assertEquals("t13d1516h2_8daaf6152771_02713d6af862", e.tlsFingerprint());
        assertEquals(2, e.request().messages().size());
        assertTrue(e.request().messages().get(0).isSystem());
        assertEquals(0.0, e.request().temperature());
        assertEquals(640, e.response().reasoningTokens());
        assertEquals(Set.of("x_gateway_region"), e.extensions().keySet());
        assertEquals("eu-west", e.extensions().get("x_gateway_region").textValue());
    }

    static Stream<Arguments> invalidLinesWithReasons() {
        return Stream.iterate(0, i -> i + 1).limit(INVALID.size())
                .map(i -> Arguments.of(i + 1, INVALID.get(i), INVALID_REASONS.get(i)));
    }

    @ParameterizedTest(name = "invalid.jsonl:{0} -> {2}")
    @MethodSource("invalidLinesWithReasons")
    void eachInvalidExampleIsRejectedWithItsReason(int lineNumber, String line, String reason) {
        DeadLetter d = Fixtures.invalid(parser.parse(line, "invalid.jsonl:" + lineNumber));
        assertEquals(reason, d.reason());
        assertEquals("invalid.jsonl:" + lineNumber, d.source());
        assertEquals(line, d.raw());
    }

    @Test
    void theSevenInvalidExamplesGetSevenDistinctReasons() {
        Set<String> reasons = new HashSet<>();
        for (String line : INVALID) {
            reasons.add(Fixtures.invalid(parser.parse(line, "x")).reason());
        }
        assertEquals(7, reasons.size(), reasons::toString);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void eachValidExampleSurvivesARoundTripThroughEventJson(int index) {
        InferenceEvent e = Fixtures.valid(parser.parse(VALID.get(index), "valid"));
        assertEquals(e, Fixtures.valid(parser.parse(EventJson.toJsonLine(e), "round-trip")));
        assertEquals(e, Fixtures.valid(parser.parse(EventJson.toBytes(e), "round-trip")));
    }
}
