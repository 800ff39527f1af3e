package dev.quarry.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Throws thousands of hostile inputs at the parser (fixed seeds, so failures reproduce; {@code
 * -Dquarry.fuzz.seed=N} for others) and checks
 * that it never throws, always answers Valid or Invalid with a reason, and that whatever it
 * accepts survives a round trip through {@link EventJson}.
 */
class EventParserFuzzTest {
    /** Inputs per generator; raise it for a long run: {@code -Dquarry.fuzz.iterations=200000}. */
    private static final int ITERATIONS = Integer.getInteger("quarry.fuzz.iterations", 2000);
    private static final long SEED = Long.getLong("quarry.fuzz.seed", 1L);

    private static final String[] SPLICES = {
        "", "{", "}", "[", "]", ",", ":", "\"", "\\", "\\u", "\\uD800", "\\uDC00", "null", "true",
        "-", "0", "-0", "1e400", "-1e-400", "NaN", "Infinity", "1.0", "3.0", "9".repeat(30),
        "9".repeat(1200), "\u0000", "\u0001", "\n", "\r", "\u202E", "\u2028", "\uFEFF", "\uD800",
        "\uD83D\uDE00", "<script>", "{\"a\":{\"b\":[]}}", "\"ts\":\"2026-11-20T08:15:02Z\"",
        "\"request\":{}", "\"logit_bias\":{\"1\":1}", "\"event_id\":\"e\"", "[".repeat(2000),
        "{\"a\":".repeat(1500),
    };

    private final EventParser parser = new EventParser(64);
    private final List<String> seeds = new ArrayList<>(Fixtures.lines("contract/valid.jsonl"));

    EventParserFuzzTest() {
        seeds.addAll(Fixtures.lines("contract/invalid.jsonl"));
        seeds.add(EventParserRulesTest.fullEvent().toString());
    }

    @Test
    void randomBytesNeverMakeTheParserThrow() {
        Random random = new Random(SEED);
        for (int i = 0; i < ITERATIONS; i++) {
            byte[] bytes = new byte[random.nextInt(200)];
            random.nextBytes(bytes);
            check(bytes);
        }
    }

    @Test
    void mutatedEventsNeverMakeTheParserThrow() {
        Random random = new Random(SEED + 1);
        for (int i = 0; i < ITERATIONS * 3 / 2; i++) {
            String s = seeds.get(random.nextInt(seeds.size()));
            int mutations = 1 + random.nextInt(3);
            for (int m = 0; m < mutations; m++) {
                s = mutate(s, random);
            }
            check(s);
            check(s.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void flippedBitsInEventBytesNeverMakeTheParserThrow() {
        Random random = new Random(SEED + 2);
        for (int i = 0; i < ITERATIONS; i++) {
            byte[] bytes = seeds.get(random.nextInt(seeds.size())).getBytes(StandardCharsets.UTF_8);
            int flips = 1 + random.nextInt(4);
            for (int f = 0; f < flips; f++) {
                bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
            }
            check(bytes);
        }
    }

    @Test
    void pathologicalDocumentsNeverMakeTheParserThrow() {
        List<String> inputs = List.of(
                "[".repeat(200_000),
                "{\"a\":".repeat(200_000),
                "{\"event_id\":" + "[".repeat(999) + "]".repeat(999) + "}",
                "{\"x\":" + "1".repeat(999) + "}",
                "{\"x\":1e999999999,\"y\":-1e-999999999}",
                "{\"x\":\"" + "\\uD800".repeat(1000) + "\"}",
                "{\"x\":\"" + "a".repeat(1_048_576) + "\"}",
                "\"" + "\u202E".repeat(10_000),
                "{\"event_id\":\"e\",\"ts\":" + "9".repeat(999) + "}",
                "{\"event_id\":\"e\",\"ts\":\"" + "2".repeat(100_000) + "\"}");
        for (String s : inputs) {
            check(s);
            check(s.getBytes(StandardCharsets.UTF_8));
        }
    }

    static String mutate(String s, Random random) {
        int at = random.nextInt(s.length() + 1);
        switch (random.nextInt(5)) {
            case 0: // truncate
                return s.substring(0, at);
            case 1: // delete a span
                return s.substring(0, at) + s.substring(Math.min(s.length(), at + random.nextInt(20)));
            case 2: // splice in a nasty token
                return s.substring(0, at) + SPLICES[random.nextInt(SPLICES.length)] + s.substring(at);
            case 3: // replace one char with any char
                if (s.isEmpty()) {
                    return s;
                }
                int i = Math.min(at, s.length() - 1);
                return s.substring(0, i) + (char) random.nextInt(0x10000) + s.substring(i + 1);
            default: // duplicate a span, which makes duplicate keys likely
                int end = Math.min(s.length(), at + random.nextInt(40));
                return s.substring(0, end) + s.substring(at, end) + s.substring(end);
        }
    }

    private void check(String s) {
        verify(parser.parse(s, "fuzz"), s);
    }

    private void check(byte[] bytes) {
        verify(parser.parse(bytes, "fuzz"), "bytes");
    }

    private void verify(ParseResult result, String input) {
        assertNotNull(result);
        if (result instanceof ParseResult.Invalid) {
            DeadLetter d = ((ParseResult.Invalid) result).deadLetter();
            assertFalse(d.reason().isBlank(), input);
            assertFalse(d.reason().startsWith("unreadable"), () -> d.reason() + " for " + input);
            assertEquals("fuzz", d.source());
        } else {
            InferenceEvent e = ((ParseResult.Valid) result).event();
            assertEquals(e, Fixtures.valid(parser.parse(EventJson.toJsonLine(e), "rt")), input);
            assertEquals(e, Fixtures.valid(parser.parse(EventJson.toBytes(e), "rt")), input);
        }
    }
}
