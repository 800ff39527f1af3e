package dev.quarry.ingest;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A log format that Quarry reads: turns one raw record into zero or more {@link ParseResult}s.
 * The contract format ({@link ContractFormat}) yields exactly one; a gateway's format may yield
 * several (an OTLP request holds many spans, an embeddings call with an {@code input} array is one
 * event per item) or none but a {@link ParseResult.Skipped} (a record that is not an inference call).
 *
 * <p>Converted events obey the contract exactly: a converter builds the contract JSON and has
 * {@link EventParser} validate it. A dead letter always carries the source record as it arrived,
 * never the converted JSON, and its reason names the field at fault.
 *
 * <p>{@code parse} never throws, whatever the input. Implementations are immutable and thread-safe.
 */
public interface RecordFormat {

    /** The format's name in configuration and on the command line, e.g. {@code litellm}. */
    String name();

    /**
     * Parses one record.
     *
     * @param raw the record's bytes (UTF-8 JSON, or protobuf where the format allows it)
     * @param source where it came from, for dead letters: {@code file:line}, {@code topic/partition@offset}
     */
    List<ParseResult> parse(byte[] raw, String source);

    /** The largest record accepted, in bytes; longer ones are dead letters. */
    int maxRecordBytes();

    /**
     * Parses a line read by {@link JsonlFileReader}, rejecting it first when it was too long or
     * not well-formed UTF-8.
     */
    default List<ParseResult> parse(SourceLine line) {
        return parse(line.text().getBytes(StandardCharsets.UTF_8), line.source());
    }
}
