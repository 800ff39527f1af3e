package dev.quarry.ingest;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * One line of a replay, parsed. Immutable.
 *
 * @param raw the line as read (without its terminator)
 * @param source {@code "<file name>:<line number>"}
 * @param result the event, or the dead letter to send to the dead-letter output
 * @param format the name of the line's {@link RecordFormat}; a line of another format than
 *     {@value ContractFormat#NAME} may yield several records, each with the whole line as {@code raw}
 */
public record ReplayRecord(String raw, String source, ParseResult result, String format) {
    public ReplayRecord {
        Objects.requireNonNull(raw, "raw");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(format, "format");
    }

    /** A line of the contract format. */
    public ReplayRecord(String raw, String source, ParseResult result) {
        this(raw, source, result, ContractFormat.NAME);
    }

    /** True when the line is in the contract format, so that {@code raw} is the event as written. */
    public boolean isContract() {
        return ContractFormat.NAME.equals(format);
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
