package dev.quarry.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fast path's invariant: whatever {@link WellFormedEventReader} accepts, the tree path
 * ({@link EventValidator}) accepts too, as an equal event; and it does accept ordinary records.
 */
class WellFormedEventReaderTest {
    private final EventParser parser = new EventParser(64);

    @Test
    void readsTheContractsValidExamplesAsTheTreePathDoes() {
        List<String> lines = new ArrayList<>(Fixtures.lines("contract/valid.jsonl"));
        lines.add(EventParserRulesTest.fullEvent().toString());
        int read = 0;
        for (String line : lines) {
            InferenceEvent fast = fast(line);
            if (!tree(line).extensions().isEmpty()) {
                // Extensions (unknown top-level fields) are the tree path's.
                assertNull(fast, line);
                continue;
            }
            assertNotNull(fast, line);
            assertEquals(tree(line), fast, line);
            assertEquals(fast, fastBytes(line.getBytes(StandardCharsets.UTF_8)), line);
            read++;
        }
        assertEquals(lines.size() - 1, read);
    }

    @Test
    void readsBuiltEventsOfEveryShapeAsTheTreePathDoes() {
        Random random = new Random(11);
        for (int i = 0; i < 500; i++) {
            EventBuilder b = EventBuilder.event("e-" + i).client("key_" + random.nextInt(50))
                    .at(1_700_000_000_000L + random.nextInt(1_000_000_000));
            if (random.nextBoolean()) {
                b.system("sys " + i).user("question \u00e9\uD83D\uDE00 \"quoted\"\n" + i);
            } else {
                b.prompt("prompt\t" + i);
            }
            if (random.nextBoolean()) {
                b.temperature(random.nextInt(200) / 100.0);
            }
            if (random.nextBoolean()) {
                b.topP(random.nextInt(101) / 100.0);
            }
            if (random.nextBoolean()) {
                b.bias(random.nextInt(100_000), random.nextInt(201) - 100).bias(random.nextInt(100_000) + 100_000, -0.5);
            }
            if (random.nextBoolean()) {
                b.tokenIds(random.nextInt(50_000), random.nextInt(50_000)).logprobs(true).topLogprobs(random.nextInt(21));
            }
            if (random.nextBoolean()) {
                b.seed(random.nextLong()).n(1 + random.nextInt(4)).stream(random.nextBoolean()).latencyMs(random.nextInt(9000));
            }
            String line = EventJson.toJsonLine(b.build());
            InferenceEvent fast = fast(line);
            assertNotNull(fast, line);
            assertEquals(tree(line), fast, line);
        }
    }

    /** Records the tree path judges (valid or not) that the fast path must leave to it. */
    @ParameterizedTest
    @ValueSource(strings = {
        "{\"event_id\":\"e\",\"ts\":\"1960-01-01T00:00:00Z\",\"client_id\":\"k\",\"endpoint\":\"completions\",\"model\":\"m\",\"request\":{\"prompt\":\"p\"},\"response\":{\"status\":200}}",
        "{\"event_id\":\"e\",\"ts\":1,\"client_id\":\"k\",\"endpoint\":\"completions\",\"model\":\"m\",\"request\":{\"prompt\":\"p\"},\"response\":{\"status\":200},\"x_trace\":{\"a\":[1,2.50]}}",
        "{\"event_id\":\"e\",\"ts\":1,\"client_id\":\"k\",\"endpoint\":\"completions\",\"model\":\"m\",\"request\":{\"prompt\":\"p\",\"user\":\"u\"},\"response\":{\"status\":200}}",
        "{\"event_id\":\"e\",\"ts\":1,\"client_id\":\"k\",\"endpoint\":\"chat.completions\",\"model\":\"m\",\"request\":{\"messages\":[{\"role\":\"user\",\"content\":\"c\",\"name\":\"n\"}]},\"response\":{\"status\":200}}",
        "{\"event_id\":\"e\",\"ts\":1,\"client_id\":\"k\",\"endpoint\":\"completions\",\"model\":\"m\",\"request\":{\"prompt\":\"p\",\"max_tokens\":99999999999999999999},\"response\":{\"status\":200}}",
        "{\"event_id\":\"e\",\"ts\":1,\"client_id\":\"k\",\"endpoint\":\"completions\",\"model\":\"m\",\"request\":{\"prompt\":\"p\",\"top_p\":1.0000000000000001},\"response\":{\"status\":200}}",
        "{\"event_id\":\"e\",\"ts\":1,\"client_id\":\"k\",\"endpoint\":\"completions\",\"model\":\"m\",\"request\":{\"prompt\":\"p\",\"temperature\":1e999999},\"response\":{\"status\":200}}",
        "{\"event_id\":\"e\",\"ts\":1,\"client_id\":\"k\",\"endpoint\":\"completions\",\"model\":\"m\",\"request\":{\"prompt\":\"p\",\"logit_bias\":{\"01\":1,\"1\":2}},\"response\":{\"status\":200}}",
        "{\"event_id\":\"e\",\"ts\":1,\"client_id\":\"k\",\"endpoint\":\"completions\",\"model\":\"m\",\"request\":{\"prompt\":null},\"response\":{\"status\":200}}",
        "{\"event_id\":\"e\",\"ts\":1,\"client_id\":\"k\",\"endpoint\":\"completions\",\"model\":\"m\",\"request\":{\"prompt\":\"\\uD800\"},\"response\":{\"status\":200}}",
        "{\"event_id\":\"e\",\"ts\":1,\"ts\":2,\"client_id\":\"k\",\"endpoint\":\"completions\",\"model\":\"m\",\"request\":{\"prompt\":\"p\"},\"response\":{\"status\":200}}",
        "{\"event_id\":\"e\",\"ts\":1,\"client_id\":\"k\",\"endpoint\":\"completions\",\"model\":\"m\",\"request\":{\"prompt\":\"p\"},\"response\":{\"status\":200}} {}",
        "{\"event_id\":\"e\",\"ts\":1.0,\"client_id\":\"k\",\"endpoint\":\"completions\",\"model\":\"m\",\"request\":{\"prompt\":\"p\"},\"response\":{\"status\":200}}",
    })
    void leavesEveryOtherRecordToTheTreePath(String line) {
        assertNull(fast(line), line);
        assertNull(fastBytes(line.getBytes(StandardCharsets.UTF_8)), line);
    }

    @Test
    void neverAcceptsAMutatedRecordTheTreePathJudgesOtherwise() {
        List<String> seeds = new ArrayList<>(Fixtures.lines("contract/valid.jsonl"));
        seeds.add(EventParserRulesTest.fullEvent().toString());
        Random random = new Random(5);
        int accepted = 0;
        for (int i = 0; i < 20_000; i++) {
            String s = seeds.get(random.nextInt(seeds.size()));
            for (int m = 1 + random.nextInt(2); m > 0; m--) {
                s = EventParserFuzzTest.mutate(s, random);
            }
            InferenceEvent fast = fast(s);
            if (fast != null) {
                accepted++;
                assertEquals(tree(s), fast, s);
            }
            ParseResult viaParser = parser.parse(s, "m");
            if (viaParser instanceof ParseResult.Invalid inv) {
                assertNull(fast, () -> inv.deadLetter().reason() + " for " + viaParser);
            }
        }
        // Mutations that keep a record valid (a changed letter in a text) must still be read.
        assertTrue(accepted > 1_000, "fast path accepted only " + accepted);
    }

    private InferenceEvent fast(String line) {
        try (JsonParser p = parser.mapper().getFactory().createParser(line)) {
            return WellFormedEventReader.read(p);
        } catch (Exception e) {
            return null;
        }
    }

    private InferenceEvent fastBytes(byte[] bytes) {
        try (JsonParser p = parser.mapper().getFactory().createParser(bytes)) {
            return WellFormedEventReader.read(p);
        } catch (Exception e) {
            return null;
        }
    }

    /** The tree path alone, or null when it rejects the record. */
    private InferenceEvent tree(String line) {
        try {
            JsonNode root = parser.mapper().readTree(line);
            return root instanceof ObjectNode o ? EventValidator.toEvent(o) : null;
        } catch (Exception e) {
            return null;
        }
    }
}
