package dev.quarry.ingest;

import java.util.Objects;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Thrown by {@link InferenceEventSerde}'s deserializer for a record that breaks the contract. The
 * message is the dead letter's reason; the dead letter itself (with the truncated raw record) is
 * kept so that a deserialization-exception handler can forward it to the dead-letter topic.
 * Immutable.
 */
public final class InvalidEventException extends SerializationException {
    private static final long serialVersionUID = 1L;

    private final transient DeadLetter deadLetter;

    public InvalidEventException(DeadLetter deadLetter) {
        super(Objects.requireNonNull(deadLetter, "deadLetter").reason());
        this.deadLetter = deadLetter;
    }

    /** The rejected record, why, and where from. */
    public DeadLetter deadLetter() {
        return deadLetter;
    }
}
