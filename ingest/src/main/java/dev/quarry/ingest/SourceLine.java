package dev.quarry.ingest;

import java.util.Objects;

/**
 * One non-blank line of a replay file, as {@link JsonlFileReader} read it. Immutable.
 *
 * @param text the line without its line terminator, decoded as UTF-8 (malformed bytes become
 *     U+FFFD); cut short when the line is longer than the reader's limit
 * @param source {@code "<file name>:<1-based line number>"}
 * @param byteLength the length of the whole line in bytes, without its terminator; larger than
 *     the UTF-8 length of {@code text} when the line was cut short
 * @param validUtf8 false when the line's bytes are not well-formed UTF-8, in which case {@code
 *     text} is not what the producer wrote and the line must be rejected
 */
public record SourceLine(String text, String source, long byteLength, boolean validUtf8) {
    public SourceLine {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(source, "source");
    }

    /** A well-formed, complete line. */
    public SourceLine(String text, String source) {
        this(text, source, Utf8.encodedLength(text), true);
    }
}
