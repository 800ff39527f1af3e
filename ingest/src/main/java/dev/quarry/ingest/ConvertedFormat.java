package dev.quarry.ingest;

import java.util.List;
import java.util.Objects;

/**
 * What every gateway format shares: the contract parser that validates its converted events, a
 * reader of its JSON with the parser's limits, and the line handling of {@link ConvertedRecords}.
 */
abstract class ConvertedFormat implements RecordFormat {
    final EventParser parser;
    final SourceJson json;

    ConvertedFormat(EventParser parser) {
        this.parser = Objects.requireNonNull(parser, "parser");
        this.json = new SourceJson(parser);
    }

    @Override
    public int maxRecordBytes() {
        return parser.maxRecordBytes();
    }

    @Override
    public List<ParseResult> parse(SourceLine line) {
        return ConvertedRecords.parseLine(this, parser, line);
    }
}
