package dev.quarry.ingest;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serde for {@link DeadLetter}s in the {@link DeadLetterJson} form. {@code null} maps to
 * {@code null} both ways; bytes that are not a dead letter throw {@link SerializationException}.
 * Stateless; thread-safe. The nested classes have no-argument constructors for client configs.
 */
public final class DeadLetterSerde implements Serde<DeadLetter> {
    private final DeadLetterSerializer serializer = new DeadLetterSerializer();
    private final DeadLetterDeserializer deserializer = new DeadLetterDeserializer();

    @Override
    public Serializer<DeadLetter> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<DeadLetter> deserializer() {
        return deserializer;
    }

    /** Writes dead letters with {@link DeadLetterJson#toBytes}. Thread-safe. */
    public static final class DeadLetterSerializer implements Serializer<DeadLetter> {
        @Override
        public byte[] serialize(String topic, DeadLetter deadLetter) {
            return deadLetter == null ? null : DeadLetterJson.toBytes(deadLetter);
        }
    }

    /** Reads dead letters with {@link DeadLetterJson#fromBytes}. Thread-safe. */
    public static final class DeadLetterDeserializer implements Deserializer<DeadLetter> {
        @Override
        public DeadLetter deserialize(String topic, byte[] data) {
            if (data == null) {
                return null;
            }
            try {
                return DeadLetterJson.fromBytes(data);
            } catch (IllegalArgumentException e) {
                throw new SerializationException(e.getMessage(), e);
            }
        }
    }
}
