package dev.quarry.ingest;

import java.util.Objects;

/**
 * The outcome of parsing one raw record: a valid event, a dead letter saying why not, or a record
 * that is well-formed but not an inference call (an OTLP span of a database query, a LiteLLM
 * image generation), which is skipped and counted, never dead-lettered.
 */
public sealed interface ParseResult permits ParseResult.Valid, ParseResult.Invalid, ParseResult.Skipped {

    /** A record that follows the contract. */
    record Valid(InferenceEvent event) implements ParseResult {}

    /** A record that does not, with the reason and source. */
    record Invalid(DeadLetter deadLetter) implements ParseResult {}

    /**
     * A record that is not an inference call, e.g. {@code "span without gen_ai.operation.name"}.
     *
     * @param reason why it is not one, one short line
     * @param source where the record came from, as in a {@link DeadLetter}
     */
    record Skipped(String reason, String source) implements ParseResult {
        public Skipped {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(source, "source");
        }
    }
}
