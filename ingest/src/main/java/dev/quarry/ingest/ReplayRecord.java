package dev.quarry.ingest;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * One line of a replay, parsed. Immutable.
 *
 * @param raw the line as read (without its terminator)
 * @param source {@code "<file name>:<line number>"}
 * @param result the event, or the dead letter to send to the dead-letter output
 */
public record ReplayRecord(String raw, String source, ParseResult result) {
    public ReplayRecord {
        Objects.requireNonNull(raw, "raw");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(result, "result");
    }

    /** The event time in epoch millis; empty for an invalid line, which has none. */
    public OptionalLong ts() {
        return result instanceof ParseResult.Valid
                ? OptionalLong.of(((ParseResult.Valid) result).event().tsMillis())
                : OptionalLong.empty();
    }

    /** True when the line is a valid event. */
    public boolean isValid() {
        return result instanceof ParseResult.Valid;
    }
}
