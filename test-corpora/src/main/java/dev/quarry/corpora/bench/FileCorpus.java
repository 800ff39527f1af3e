package dev.quarry.corpora.bench;

import dev.quarry.ingest.EventParser;
import dev.quarry.ingest.InferenceEvent;
import dev.quarry.ingest.JsonlFileReader;
import dev.quarry.ingest.ParseResult;
import dev.quarry.ingest.SourceLine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A bench corpus read from a contract-v1 JSONL file (plain or gzip), such as the output of
 * {@code quarry generate}: realistic traffic, where some clients send thousands of events and
 * most send a few, instead of the synthetic corpus's fixed count per client. Only valid lines
 * are used, at most {@code maxEvents} of them, in file order; the file is read once to count
 * them and again, streaming, for each iteration, so memory does not grow with its size.
 * Immutable; each iterator holds an open file until it is exhausted.
 */
public final class FileCorpus implements BenchCorpus {
    private final Path file;
    private final long maxEvents;
    private final long size;
    private final int clients;
    private final long invalidLines;

    public FileCorpus(Path file, long maxEvents) throws IOException {
        if (maxEvents < 1) {
            throw new IllegalArgumentException("maxEvents must be >= 1: " + maxEvents);
        }
        this.file = file;
        this.maxEvents = maxEvents;
        Set<String> ids = new HashSet<>();
        long n = 0;
        long invalid = 0;
        EventParser parser = new EventParser();
        try (JsonlFileReader reader = new JsonlFileReader(file)) {
            while (n < maxEvents && reader.hasNext()) {
                ParseResult r = parser.parse(reader.next());
                if (r instanceof ParseResult.Valid v) {
                    ids.add(v.event().clientId());
                    n++;
                } else {
                    invalid++;
                }
            }
        }
        if (n == 0) {
            throw new IllegalArgumentException("no valid event in " + file);
        }
        this.size = n;
        this.clients = ids.size();
        this.invalidLines = invalid;
    }

    /** The same file's first {@code n} valid events (all of them when it holds fewer). */
    public FileCorpus head(long n) {
        try {
            return new FileCorpus(file, Math.min(n, maxEvents));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public int clients() {
        return clients;
    }

    @Override
    public long size() {
        return size;
    }

    /** Lines skipped because they were not valid events (before the last event used). */
    public long invalidLines() {
        return invalidLines;
    }

    @Override
    public boolean allUniqueAndValid() {
        return false;
    }

    @Override
    public Iterator<InferenceEvent> iterator() {
        JsonlFileReader reader;
        try {
            reader = new JsonlFileReader(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        EventParser parser = new EventParser();
        return new Iterator<>() {
            private long yielded;
            private InferenceEvent next = advance();

            private InferenceEvent advance() {
                while (yielded < maxEvents && reader.hasNext()) {
                    SourceLine line = reader.next();
                    if (parser.parse(line) instanceof ParseResult.Valid v) {
                        yielded++;
                        return v.event();
                    }
                }
                try {
                    reader.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return null;
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public InferenceEvent next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                InferenceEvent e = next;
                next = advance();
                return e;
            }
        };
    }
}
