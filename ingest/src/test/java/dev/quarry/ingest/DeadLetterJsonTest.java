package dev.quarry.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DeadLetterJsonTest {
    private static final DeadLetter LETTER = new DeadLetter("request: needs messages or prompt",
            "a.jsonl:7", "{\"request\":{}}\u202E\n", 42, 1_763_626_502_500L);

    @Test
    void writesOneLineWithTheContractFieldNames() {
        assertEquals("{\"reason\":\"request: needs messages or prompt\",\"source\":\"a.jsonl:7\","
                + "\"raw\":\"{\\\"request\\\":{}}\u202E\\n\",\"raw_bytes\":42,"
                + "\"observed_at\":\"2025-11-20T08:15:02.500Z\"}", DeadLetterJson.toJson(LETTER));
    }

    @Test
    void readsBackWhatItWrites() {
        assertEquals(LETTER, DeadLetterJson.fromJson(DeadLetterJson.toJson(LETTER)));
        assertEquals(LETTER, DeadLetterJson.fromBytes(DeadLetterJson.toBytes(LETTER)));
    }

    @Test
    void acceptsObservedAtAsEpochMillis() {
        assertEquals(LETTER, DeadLetterJson.fromJson("{\"reason\":\"request: needs messages or "
                + "prompt\",\"source\":\"a.jsonl:7\",\"raw\":\"{\\\"request\\\":{}}\u202E\\n\","
                + "\"raw_bytes\":42,\"observed_at\":1763626502500}"));
    }

    @Test
    void rejectsJsonThatIsNotADeadLetter() {
        assertThrows(IllegalArgumentException.class, () -> DeadLetterJson.fromJson("[]"));
        assertThrows(IllegalArgumentException.class, () -> DeadLetterJson.fromJson("{\"reason\":\"r\"}"));
        assertThrows(IllegalArgumentException.class, () -> DeadLetterJson.fromJson("{"));
        assertThrows(IllegalArgumentException.class, () -> DeadLetterJson.fromJson(
                "{\"reason\":\"r\",\"source\":\"s\",\"raw\":\"\",\"raw_bytes\":0,"
                        + "\"observed_at\":\"yesterday\"}"));
    }
}
