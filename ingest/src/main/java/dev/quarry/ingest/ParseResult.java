package dev.quarry.ingest;

/** The outcome of parsing one raw record: a valid event, or a dead letter saying why not. */
public sealed interface ParseResult permits ParseResult.Valid, ParseResult.Invalid {

    /** A record that follows the contract. */
    record Valid(InferenceEvent event) implements ParseResult {}

    /** A record that does not, with the reason and source. */
    record Invalid(DeadLetter deadLetter) implements ParseResult {}
}
