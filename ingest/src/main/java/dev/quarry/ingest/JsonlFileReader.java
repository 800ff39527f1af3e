package dev.quarry.ingest;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.zip.GZIPInputStream;

/**
 * Reads a JSON-lines file one record line at a time. Plain or gzip, told apart by the gzip magic
 * bytes rather than the file name. Lines end with LF or CRLF; the last may lack one; a UTF-8 byte
 * order mark at the start of the file is skipped. Lines that are empty or whitespace-only are not
 * records: they are skipped and counted in {@link #blankLines()}. Each {@link SourceLine} names its
 * origin {@code "<file name>:<1-based line number>"}, counting blank lines too.
 *
 * <p>Lines are split on bytes, not chars, so that a line that is not well-formed UTF-8 can be
 * reported as such ({@link SourceLine#validUtf8()}) instead of being silently repaired, and so
 * that a line longer than {@code maxLineBytes} never has to be held whole: only its first
 * {@code maxLineBytes} are kept, its full length is reported, and {@link
 * EventParser#parse(SourceLine)} rejects it as too large. Memory is bounded by that limit.
 *
 * <p>An I/O error while iterating (a corrupt gzip stream, say) is thrown as {@link
 * UncheckedIOException}. Not thread-safe: one reader per thread.
 */
public final class JsonlFileReader implements Iterator<SourceLine>, Closeable {
    private static final int CHUNK_BYTES = 64 * 1024;
    /** A line buffer grown past this is dropped after use, so one huge line is not kept alive. */
    private static final int RETAINED_LINE_BYTES = 1024 * 1024;

    private final Path file;
    private final String fileName;
    private final int maxLineBytes;
    private final InputStream in;
    private final byte[] chunk = new byte[CHUNK_BYTES];
    private int chunkPos;
    private int chunkLimit;
    private boolean eof;
    private byte[] line = new byte[8192];
    private int lineKept;
    private long lineBytes;
    private byte lastByte;
    private long lineNumber;
    private long blankLines;
    private SourceLine next;
    private boolean closed;

    /** Opens {@code file} with the line limit {@link EventParser#DEFAULT_MAX_RECORD_BYTES}. */
    public JsonlFileReader(Path file) throws IOException {
        this(file, EventParser.DEFAULT_MAX_RECORD_BYTES);
    }

    /**
     * Opens {@code file}.
     *
     * @param maxLineBytes how many bytes of a line are kept; longer lines are cut short
     */
    public JsonlFileReader(Path file, int maxLineBytes) throws IOException {
        if (maxLineBytes < 1) {
            throw new IllegalArgumentException("maxLineBytes must be >= 1: " + maxLineBytes);
        }
        this.file = file;
        this.fileName = String.valueOf(file.getFileName());
        this.maxLineBytes = maxLineBytes;
        InputStream raw = Files.newInputStream(file);
        try {
            BufferedInputStream buffered = new BufferedInputStream(raw, CHUNK_BYTES);
            this.in = isGzip(buffered) ? new GZIPInputStream(buffered, CHUNK_BYTES) : buffered;
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /** The file being read. */
    public Path file() {
        return file;
    }

    /** Blank (empty or whitespace-only) lines skipped so far. */
    public long blankLines() {
        return blankLines;
    }

    /** Lines read so far, blank ones included: the line number of the last line read. */
    public long linesRead() {
        return lineNumber;
    }

    @Override
    public boolean hasNext() {
        if (next == null && !closed) {
            try {
                next = readRecord();
            } catch (IOException e) {
                throw new UncheckedIOException("reading " + fileName + " after line " + lineNumber,
                        e);
            }
        }
        return next != null;
    }

    @Override
    public SourceLine next() {
        if (!hasNext()) {
            throw new NoSuchElementException(fileName + " has no more lines");
        }
        SourceLine result = next;
        next = null;
        return result;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        next = null;
        in.close();
    }

    private SourceLine readRecord() throws IOException {
        while (readLine()) {
            String text = new String(line, 0, lineKept, StandardCharsets.UTF_8);
            if (text.isBlank()) {
                blankLines++;
                continue;
            }
            boolean valid = Utf8.check(line, 0, lineKept) != Utf8.Check.INVALID;
            return new SourceLine(text, fileName + ":" + lineNumber, lineBytes, valid);
        }
        return null;
    }

    /** Reads the next line into {@code line}; false at the end of the file. */
    private boolean readLine() throws IOException {
        if (line.length > RETAINED_LINE_BYTES) {
            line = new byte[8192];
        }
        lineKept = 0;
        lineBytes = 0;
        lastByte = 0;
        boolean any = false;
        while (true) {
            if (chunkPos == chunkLimit && !fill()) {
                if (!any) {
                    return false;
                }
                break;
            }
            any = true;
            int newline = -1;
            for (int i = chunkPos; i < chunkLimit; i++) {
                if (chunk[i] == '\n') {
                    newline = i;
                    break;
                }
            }
            int end = newline < 0 ? chunkLimit : newline;
            append(chunkPos, end - chunkPos);
            chunkPos = newline < 0 ? chunkLimit : newline + 1;
            if (newline >= 0) {
                break;
            }
        }
        lineNumber++;
        if (lastByte == '\r') {
            if (lineKept == lineBytes) {
                lineKept--;
            }
            lineBytes--;
        }
        if (lineNumber == 1 && lineKept >= 3 && (line[0] & 0xFF) == 0xEF
                && (line[1] & 0xFF) == 0xBB && (line[2] & 0xFF) == 0xBF) {
            System.arraycopy(line, 3, line, 0, lineKept - 3);
            lineKept -= 3;
            lineBytes -= 3;
        }
        return true;
    }

    private void append(int from, int count) {
        if (count == 0) {
            return;
        }
        lineBytes += count;
        lastByte = chunk[from + count - 1];
        int keep = Math.min(count, maxLineBytes - lineKept);
        if (keep <= 0) {
            return;
        }
        if (lineKept + keep > line.length) {
            int size = (int) Math.min(maxLineBytes,
                    Math.max((long) line.length * 2, (long) lineKept + keep));
            line = Arrays.copyOf(line, size);
        }
        System.arraycopy(chunk, from, line, lineKept, keep);
        lineKept += keep;
    }

    private boolean fill() throws IOException {
        while (!eof) {
            int n = in.read(chunk, 0, chunk.length);
            if (n < 0) {
                eof = true;
            } else if (n > 0) {
                chunkPos = 0;
                chunkLimit = n;
                return true;
            }
        }
        return false;
    }

    private static boolean isGzip(BufferedInputStream in) throws IOException {
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        return b1 == 0x1f && b2 == 0x8b;
    }
}
