package dev.quarry.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class SerdeTest {
    private final InferenceEventSerde events = new InferenceEventSerde();
    private final DeadLetterSerde deadLetters = new DeadLetterSerde();

    @Test
    void anEventSurvivesSerializeThenDeserialize() {
        InferenceEvent e = EventBuilder.event("e-1").client("key_a").prompt("2+2=").maxTokens(1)
                .logprobs(true).topLogprobs(5).bias(17, 50.5).completionTokens(1).build();
        byte[] bytes = events.serializer().serialize("events", e);
        assertEquals(e, events.deserializer().deserialize("events", bytes));
    }

    @Test
    void badBytesThrowSerializationExceptionWithTheReason() {
        byte[] bytes = "{\"event_id\":\"e\"}".getBytes(StandardCharsets.UTF_8);
        SerializationException e = assertThrows(SerializationException.class,
                () -> events.deserializer().deserialize("events", bytes));
        assertEquals("missing ts", e.getMessage());
    }

    @Test
    void theExceptionCarriesTheDeadLetterWithTheTopicAsSource() {
        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> events.deserializer().deserialize("events", new byte[] {(byte) 0xFF}));
        assertEquals("invalid UTF-8", e.deadLetter().reason());
        assertEquals("events", e.deadLetter().source());
        assertEquals(1, e.deadLetter().rawBytes());
    }

    @Test
    void nullEventsMapToNullBothWays() {
        assertNull(events.serializer().serialize("events", null));
        assertNull(events.deserializer().deserialize("events", null));
    }

    @Test
    void aDeadLetterSurvivesSerializeThenDeserialize() {
        DeadLetter d = new DeadLetter("missing ts", "events.jsonl:4", "{\"event_id\":\"e\"}", 16,
                1_763_626_502_500L);
        byte[] bytes = deadLetters.serializer().serialize("dead", d);
        assertEquals(d, deadLetters.deserializer().deserialize("dead", bytes));
    }

    @Test
    void bytesThatAreNotADeadLetterThrowSerializationException() {
        assertThrows(SerializationException.class, () -> deadLetters.deserializer()
                .deserialize("dead", "{\"reason\":1}".getBytes(StandardCharsets.UTF_8)));
        assertThrows(SerializationException.class,
                () -> deadLetters.deserializer().deserialize("dead", new byte[] {'{'}));
    }

    @Test
    void nullDeadLettersMapToNullBothWays() {
        assertNull(deadLetters.serializer().serialize("dead", null));
        assertNull(deadLetters.deserializer().deserialize("dead", null));
    }

    @Test
    void theNestedClassesWorkWhenInstantiatedByName() throws Exception {
        InferenceEventSerde.EventDeserializer deserializer = InferenceEventSerde.EventDeserializer
                .class.getConstructor().newInstance();
        InferenceEvent e = EventBuilder.event("e").build();
        assertEquals(e, deserializer.deserialize("t",
                new InferenceEventSerde.EventSerializer().serialize("t", e)));
    }
}
