package dev.quarry.ingest;

import java.util.List;
import java.util.function.Function;

/**
 * What the converting formats share: the dead letter of a gateway record (its raw bytes truncated
 * as the contract parser truncates them) and the checks every record gets before it is read.
 * Stateless; thread-safe.
 */
final class ConvertedRecords {
    private ConvertedRecords() {}

    /** A dead letter for {@code raw} with this reason. */
    static ParseResult invalid(EventParser parser, String reason, String source, byte[] raw) {
        return new ParseResult.Invalid(new DeadLetter(reason, source,
                Utf8.decodePrefix(raw, parser.maxRawChars()), raw.length, System.currentTimeMillis()));
    }

    /** The reason to reject {@code raw} unread (null or too large), or null to read it. */
    static String rejectUnread(EventParser parser, byte[] raw) {
        if (raw == null || raw.length == 0) {
            return "empty record";
        }
        if (raw.length > parser.maxRecordBytes()) {
            return "record too large: " + raw.length + " bytes > " + parser.maxRecordBytes();
        }
        return null;
    }

    /** A line of a replay file: rejected when too long or not UTF-8, else parsed by the format. */
    static List<ParseResult> parseLine(RecordFormat format, EventParser parser, SourceLine line) {
        if (line.byteLength() > parser.maxRecordBytes()) {
            return List.of(new ParseResult.Invalid(new DeadLetter("record too large: " + line.byteLength()
                    + " bytes > " + parser.maxRecordBytes(), line.source(),
                    Utf8.truncate(line.text(), parser.maxRawChars()), line.byteLength(), System.currentTimeMillis())));
        }
        if (!line.validUtf8()) {
            return List.of(new ParseResult.Invalid(new DeadLetter("invalid UTF-8", line.source(),
                    Utf8.truncate(line.text(), parser.maxRawChars()), line.byteLength(), System.currentTimeMillis())));
        }
        return format.parse(line.text().getBytes(java.nio.charset.StandardCharsets.UTF_8), line.source());
    }

    /**
     * Converts one record of a gateway's format: a record too large or not UTF-8 is a dead
     * letter, else {@code conversion} runs on the source name, and an {@link InvalidRecord} or any
     * other failure it throws becomes one dead letter of the whole record. Per-item failures the
     * conversion catches itself stay per item.
     */
    static List<ParseResult> convert(EventParser parser, byte[] raw, String source,
            Function<String, List<ParseResult>> conversion) {
        String src = source == null ? "unknown" : source;
        String unread = rejectUnread(parser, raw);
        if (unread != null) {
            return List.of(invalid(parser, unread, src, raw == null ? new byte[0] : raw));
        }
        try {
            return conversion.apply(src);
        } catch (InvalidRecord e) {
            return List.of(invalid(parser, e.reason(), src, raw));
        } catch (RuntimeException e) {
            return List.of(invalid(parser, "unreadable: " + e.getClass().getSimpleName(), src, raw));
        }
    }
}
