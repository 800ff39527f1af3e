package dev.quarry.dashboard.runtime;

import dev.quarry.ingest.DeadLetterJson;
import dev.quarry.ingest.EventJson;
import dev.quarry.ingest.ParseResult;
import dev.quarry.ingest.RecordFormat;
import dev.quarry.ingest.ReplayRecord;
import dev.quarry.ingest.ReplaySource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * The input side of a replay, the same for both engines ({@link ReplayRun} on a broker,
 * {@link DirectReplay} in process): reads the files in event-time order ({@link ReplaySource})
 * and hands each record to a {@link Sink} as the events topic would receive it. A valid event goes
 * keyed by its client id, as a contract line as written or a converted event as its contract
 * JSON, stamped with its event time; an invalid contract line goes unkeyed, stamped with the last
 * valid event time, for the topology's parser to dead-letter; a converted format's dead letter
 * goes straight out (the contract parser would see the format's record, not a contract line).
 * Not thread-safe: one feed per call of {@link #feed}.
 */
final class ReplayFeed {
    /** Wall-clock interval between two {@link Sink#progress} calls. */
    private static final long PROGRESS_NANOS = 2_000_000_000L;

    private ReplayFeed() {}

    /** Where the records go, in the order read. */
    interface Sink {
        /**
         * A valid event, for the events topic: keyed by {@code clientId}, stamped {@code ts}.
         * {@code parsed} is what the topology's parser makes of {@code value}, a contract line as
         * written (the same parser read it); null for a converted format's event, which goes
         * as its contract JSON.
         */
        void event(String clientId, byte[] value, long ts, String source, ParseResult.Valid parsed) throws IOException;

        /** An invalid contract line, for the events topic, unkeyed: its parser dead-letters it. */
        void invalidLine(byte[] value, long ts, String source) throws IOException;

        /** A converted format's dead letter (JSON), for the dead-letter topic. */
        void deadLetter(byte[] deadLetter, long ts, String source) throws IOException;

        /** Every two seconds of wall time: records read so far. */
        default void progress(long lines) {}
    }

    /**
     * What was read.
     *
     * @param lines records read (a converted line may yield several; skipped ones are not counted)
     * @param valid valid events among them
     * @param sent records handed to {@link Sink#event} or {@link Sink#invalidLine}
     */
    record Totals(long lines, long valid, long sent, long blankLines, long outOfOrder, long skipped) {}

    static Totals feed(List<Path> files, List<RecordFormat> formats, Sink sink) throws IOException {
        long lines = 0;
        long valid = 0;
        long sent = 0;
        long lastTs = 0;
        try (ReplaySource source = new ReplaySource(files, formats)) {
            long lastReport = System.nanoTime();
            while (source.hasNext()) {
                ReplayRecord r = source.next();
                lines++;
                if (r.result() instanceof ParseResult.Valid v) {
                    valid++;
                    sent++;
                    lastTs = v.event().tsMillis();
                    if (r.isContract()) {
                        sink.event(v.event().clientId(), r.raw().getBytes(StandardCharsets.UTF_8), lastTs, r.source(), v);
                    } else {
                        sink.event(v.event().clientId(), EventJson.toBytes(v.event()), lastTs, r.source(), null);
                    }
                } else if (r.isContract()) {
                    sent++;
                    sink.invalidLine(r.raw().getBytes(StandardCharsets.UTF_8), lastTs, r.source());
                } else {
                    sink.deadLetter(DeadLetterJson.toBytes(((ParseResult.Invalid) r.result()).deadLetter()), lastTs,
                            r.source());
                }
                if ((lines & 1023) == 0 && System.nanoTime() - lastReport > PROGRESS_NANOS) {
                    lastReport = System.nanoTime();
                    sink.progress(lines);
                }
            }
            return new Totals(lines, valid, sent, source.blankLines(), source.outOfOrder(), source.skipped());
        }
    }
}
