package dev.quarry.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DeadLetterReasonsTest {
    private final EventParser parser = new EventParser(200);

    private String codeOf(String record) {
        ParseResult r = parser.parse(record.getBytes(StandardCharsets.UTF_8), "test:1");
        assertTrue(r instanceof ParseResult.Invalid, record);
        return DeadLetterReasons.code(((ParseResult.Invalid) r).deadLetter().reason());
    }

    private static String event(String requestJson) {
        return "{\"event_id\":\"e1\",\"ts\":1763626502500,\"client_id\":\"k\",\"endpoint\":\"completions\","
                + "\"model\":\"m\",\"request\":" + requestJson + ",\"response\":{\"status\":200}}";
    }

    @Test
    void sortsTheParsersReasonsIntoCodes() {
        assertEquals(DeadLetterReasons.EMPTY, codeOf(""));
        assertEquals(DeadLetterReasons.NOT_JSON, codeOf("not json at all"));
        assertEquals(DeadLetterReasons.NOT_JSON, codeOf("{\"event_id\":\"e\""));
        assertEquals(DeadLetterReasons.NOT_OBJECT, codeOf("[1, 2]"));
        assertEquals(DeadLetterReasons.TOO_DEEP, codeOf("{\"a\":" + "[".repeat(1100) + "]".repeat(1100) + "}"));
        assertEquals(DeadLetterReasons.MISSING_FIELD, codeOf("{\"ts\":1,\"client_id\":\"k\"}"));
        assertEquals(DeadLetterReasons.WRONG_TYPE, codeOf(event("{\"prompt\":\"x\",\"max_tokens\":\"many\"}")));
        assertEquals(DeadLetterReasons.INVALID_VALUE, codeOf(event("{\"prompt\":\"x\",\"logit_bias\":{\"abc\":5}}")));
        assertEquals(DeadLetterReasons.INVALID_VALUE, codeOf(event("{\"temperature\":1}")));
        assertEquals(DeadLetterReasons.DUPLICATE_FIELD, codeOf(event("{\"prompt\":\"x\",\"prompt\":\"y\"}")));
        assertEquals(DeadLetterReasons.OUT_OF_RANGE, codeOf(event("{\"prompt\":\"x\",\"temperature\":1e999999}")));
    }

    @Test
    void quotedAttackerTextDoesNotMakeNewCodes() {
        String reason = ((ParseResult.Invalid) parser.parse(
                event("{\"prompt\":\"x\",\"logit_bias\":{\"drop table; \\u0007\":5}}").getBytes(StandardCharsets.UTF_8),
                "t:1")).deadLetter().reason();
        assertTrue(DeadLetterReasons.CODES.contains(DeadLetterReasons.code(reason)), reason);
        assertEquals(DeadLetterReasons.OTHER, DeadLetterReasons.code("something new"));
        assertEquals(DeadLetterReasons.OTHER, DeadLetterReasons.code(null));
    }
}
