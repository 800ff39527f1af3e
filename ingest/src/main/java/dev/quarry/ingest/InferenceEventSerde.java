package dev.quarry.ingest;

import java.util.Objects;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serde for {@link InferenceEvent}s in the contract v1 JSON form. Serializes with {@link
 * EventJson#toBytes}; deserializes with an {@link EventParser}, so a record that breaks the
 * contract throws {@link InvalidEventException} (a {@code SerializationException} whose message
 * is the reason and which carries the dead letter). {@code null} (a tombstone) maps to {@code
 * null} both ways. Thread-safe; stateless apart from its parser.
 *
 * <p>The nested {@link EventSerializer} and {@link EventDeserializer} have no-argument
 * constructors, so they can also be named in client configs ({@code value.deserializer}).
 */
public final class InferenceEventSerde implements Serde<InferenceEvent> {
    private final EventSerializer serializer = new EventSerializer();
    private final EventDeserializer deserializer;

    /** A serde whose deserializer uses a default {@link EventParser}. */
    public InferenceEventSerde() {
        this(new EventParser());
    }

    /** A serde whose deserializer uses {@code parser} (its limits and dead-letter size). */
    public InferenceEventSerde(EventParser parser) {
        this.deserializer = new EventDeserializer(parser);
    }

    @Override
    public Serializer<InferenceEvent> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<InferenceEvent> deserializer() {
        return deserializer;
    }

    /** Writes events with {@link EventJson#toBytes}. Thread-safe. */
    public static final class EventSerializer implements Serializer<InferenceEvent> {
        @Override
        public byte[] serialize(String topic, InferenceEvent event) {
            return event == null ? null : EventJson.toBytes(event);
        }
    }

    /**
     * Reads events with an {@link EventParser}; the dead letter's source is the topic name (a
     * deserializer is not told the partition or offset). Thread-safe.
     */
    public static final class EventDeserializer implements Deserializer<InferenceEvent> {
        private final EventParser parser;

        /** A deserializer with a default {@link EventParser}. */
        public EventDeserializer() {
            this(new EventParser());
        }

        /** A deserializer that reads with {@code parser}. */
        public EventDeserializer(EventParser parser) {
            this.parser = Objects.requireNonNull(parser, "parser");
        }

        /**
         * @throws InvalidEventException when the bytes break the contract
         */
        @Override
        public InferenceEvent deserialize(String topic, byte[] data) {
            if (data == null) {
                return null;
            }
            ParseResult result = parser.parse(data, topic == null ? "kafka" : topic);
            if (result instanceof ParseResult.Valid) {
                return ((ParseResult.Valid) result).event();
            }
            throw new InvalidEventException(((ParseResult.Invalid) result).deadLetter());
        }
    }
}
