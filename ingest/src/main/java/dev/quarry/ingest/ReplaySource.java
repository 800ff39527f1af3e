package dev.quarry.ingest;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Replays several JSON-lines files (plain or gzip) as one stream in event-time order: a k-way
 * merge that assumes each file is sorted by {@code ts}. Equal timestamps come out in file order
 * (the order of the paths given), then line order. Each file has its {@link RecordFormat}; a line
 * may yield several events (an OTLP request), which come out in the order of the line, and records
 * that are not inference calls ({@link ParseResult.Skipped}) are not emitted but counted in
 * {@link #skipped()}.
 *
 * <p>Each file's lines come out in file order, always. A line whose {@code ts} is earlier than the
 * previous valid line of its own file is not re-sorted (that would need unbounded buffering); it
 * is emitted as soon as it is the earliest pending line and counted in {@link #outOfOrder()}.
 * Invalid lines have no {@code ts}: they are emitted as soon as they are read, for the
 * dead-letter output.
 *
 * <p>Memory is bounded: at most one pending line per file. Files are opened by the constructor
 * and closed by {@link #close()}. An I/O error while iterating is thrown as {@link
 * UncheckedIOException}. Not thread-safe.
 */
public final class ReplaySource implements Iterator<ReplayRecord>, Closeable {
    private final List<RecordFormat> formats;
    private final List<JsonlFileReader> readers;
    private final ReplayRecord[] pending;
    private final List<ArrayDeque<ReplayRecord>> lineRest;
    private final long[] lastTs;
    private final boolean[] exhausted;
    private ReplayRecord next;
    private long outOfOrder;
    private long valid;
    private long invalid;
    private long skipped;

    /** Opens the files with a default {@link EventParser}. */
    public ReplaySource(List<Path> files) throws IOException {
        this(files, new EventParser());
    }

    /**
     * Opens the files; lines are cut at the parser's {@link EventParser#maxRecordBytes()}.
     *
     * @throws IOException when a file cannot be opened (those already opened are closed)
     */
    public ReplaySource(List<Path> files, EventParser parser) throws IOException {
        this(files, java.util.Collections.nCopies(files.size(), new ContractFormat(parser)));
    }

    /**
     * Opens the files, each read in its format (the lists are parallel); lines are cut at the
     * format's {@link RecordFormat#maxRecordBytes()}.
     *
     * @throws IOException when a file cannot be opened (those already opened are closed)
     */
    public ReplaySource(List<Path> files, List<RecordFormat> formats) throws IOException {
        if (files.size() != formats.size()) {
            throw new IllegalArgumentException("one format per file: " + files.size() + " files, "
                    + formats.size() + " formats");
        }
        this.formats = List.copyOf(formats);
        this.readers = new ArrayList<>(files.size());
        this.lineRest = new ArrayList<>(files.size());
        try {
            for (int i = 0; i < files.size(); i++) {
                readers.add(new JsonlFileReader(files.get(i), formats.get(i).maxRecordBytes()));
                lineRest.add(new ArrayDeque<>());
            }
        } catch (IOException | RuntimeException e) {
            closeAll(e);
            throw e;
        }
        this.pending = new ReplayRecord[readers.size()];
        this.lastTs = new long[readers.size()];
        this.exhausted = new boolean[readers.size()];
        Arrays.fill(lastTs, Long.MIN_VALUE);
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            next = advance();
        }
        return next != null;
    }

    @Override
    public ReplayRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException("replay finished");
        }
        ReplayRecord result = next;
        next = null;
        return result;
    }

    /** Valid lines whose {@code ts} is earlier than the previous valid line of the same file. */
    public long outOfOrder() {
        return outOfOrder;
    }

    /** Valid lines read so far (emitted or pending). */
    public long validLines() {
        return valid;
    }

    /** Invalid lines read (and emitted) so far. */
    public long invalidLines() {
        return invalid;
    }

    /** Records read so far that are not inference calls, which are not emitted. */
    public long skipped() {
        return skipped;
    }

    /** Blank lines skipped so far, over all files. */
    public long blankLines() {
        long n = 0;
        for (JsonlFileReader r : readers) {
            n += r.blankLines();
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (JsonlFileReader r : readers) {
            try {
                r.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private ReplayRecord advance() {
        // Every open file needs a pending line before the earliest can be chosen.
        for (int i = 0; i < readers.size(); i++) {
            while (pending[i] == null && !exhausted[i]) {
                ReplayRecord record = nextRecord(i);
                if (record == null) {
                    exhausted[i] = true;
                    break;
                }
                if (!record.isValid()) {
                    invalid++;
                    return record;
                }
                valid++;
                long ts = record.ts().getAsLong();
                if (ts < lastTs[i]) {
                    outOfOrder++;
                }
                lastTs[i] = ts;
                pending[i] = record;
            }
        }
        int best = -1;
        long bestTs = 0;
        for (int i = 0; i < pending.length; i++) {
            if (pending[i] != null) {
                long ts = pending[i].ts().getAsLong();
                if (best < 0 || ts < bestTs) {
                    best = i;
                    bestTs = ts;
                }
            }
        }
        if (best < 0) {
            return null;
        }
        ReplayRecord earliest = pending[best];
        pending[best] = null;
        return earliest;
    }

    /** The next emitted record of file {@code i}: the rest of its last line, else its next line's. */
    private ReplayRecord nextRecord(int i) {
        ArrayDeque<ReplayRecord> rest = lineRest.get(i);
        JsonlFileReader reader = readers.get(i);
        while (rest.isEmpty()) {
            if (!reader.hasNext()) {
                return null;
            }
            SourceLine line = reader.next();
            RecordFormat format = formats.get(i);
            for (ParseResult r : format.parse(line)) {
                if (r instanceof ParseResult.Skipped) {
                    skipped++;
                } else {
                    String source = r instanceof ParseResult.Invalid inv ? inv.deadLetter().source() : line.source();
                    rest.add(new ReplayRecord(line.text(), source, r, format.name()));
                }
            }
        }
        return rest.poll();
    }

    private void closeAll(Exception cause) {
        for (JsonlFileReader r : readers) {
            try {
                r.close();
            } catch (IOException e) {
                cause.addSuppressed(e);
            }
        }
    }
}
