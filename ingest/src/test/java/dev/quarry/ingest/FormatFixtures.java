package dev.quarry.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

/** The gateway-format fixtures under {@code src/test/resources/formats}, and edits of them. */
final class FormatFixtures {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private FormatFixtures() {}

    /** Line {@code n} (0-based) of a fixture file as an editable object. */
    static ObjectNode record(String file, int n) {
        try {
            return (ObjectNode) MAPPER.readTree(Fixtures.lines("formats/" + file).get(n));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Line {@code n} of a fixture with an edit applied, as bytes. */
    static byte[] edited(String file, int n, Consumer<ObjectNode> edit) {
        ObjectNode o = record(file, n);
        edit.accept(o);
        return o.toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] bytes(String file, int n) {
        return Fixtures.lines("formats/" + file).get(n).getBytes(StandardCharsets.UTF_8);
    }

    /** The one result, which must be valid. */
    static InferenceEvent onlyEvent(List<ParseResult> results) {
        assertEquals(1, results.size(), results::toString);
        return Fixtures.valid(results.get(0));
    }

    /** The one result, which must be a dead letter; returns its reason. */
    static String onlyReason(List<ParseResult> results) {
        assertEquals(1, results.size(), results::toString);
        return assertInstanceOf(ParseResult.Invalid.class, results.get(0), results::toString).deadLetter().reason();
    }
}
