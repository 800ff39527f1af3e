package dev.quarry.ingest;

import java.util.List;
import java.util.Objects;

/**
 * The event contract v1 itself, one JSON object per record: {@link EventParser} as a {@link
 * RecordFormat}. Every record yields exactly one result. Thread-safe.
 */
public final class ContractFormat implements RecordFormat {
    /** The format's name, {@value}. */
    public static final String NAME = "contract";

    private final EventParser parser;

    public ContractFormat(EventParser parser) {
        this.parser = Objects.requireNonNull(parser, "parser");
    }

    /** The parser this format is. */
    public EventParser parser() {
        return parser;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int maxRecordBytes() {
        return parser.maxRecordBytes();
    }

    @Override
    public List<ParseResult> parse(byte[] raw, String source) {
        return List.of(parser.parse(raw == null ? new byte[0] : raw, source));
    }

    @Override
    public List<ParseResult> parse(SourceLine line) {
        return List.of(parser.parse(line));
    }
}
