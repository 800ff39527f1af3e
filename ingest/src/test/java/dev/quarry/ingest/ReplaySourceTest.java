package dev.quarry.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplaySourceTest {
    @TempDir
    Path dir;

    private static String line(String id, long ts) {
        return EventJson.toJsonLine(EventBuilder.event(id).at(ts).build());
    }

    private static List<ReplayRecord> readAll(ReplaySource source) {
        List<ReplayRecord> out = new ArrayList<>();
        source.forEachRemaining(out::add);
        return out;
    }

    private static List<String> ids(List<ReplayRecord> records) {
        List<String> ids = new ArrayList<>();
        for (ReplayRecord r : records) {
            ids.add(r.result() instanceof ParseResult.Valid
                    ? ((ParseResult.Valid) r.result()).event().eventId()
                    : "!" + r.source());
        }
        return ids;
    }

    @Test
    void twoInterleavedFilesAreMergedInEventTimeOrder() throws IOException {
        Path a = JsonlFileReaderTest.write(dir.resolve("a.jsonl"),
                line("a1", 1000) + "\n" + line("a2", 3000) + "\n" + line("a3", 5000) + "\n");
        Path b = JsonlFileReaderTest.writeGzip(dir.resolve("b.jsonl.gz"),
                line("b1", 2000) + "\n" + line("b2", 4000) + "\n" + line("b3", 6000) + "\n");
        try (ReplaySource source = new ReplaySource(List.of(a, b))) {
            assertEquals(List.of("a1", "b1", "a2", "b2", "a3", "b3"), ids(readAll(source)));
            assertEquals(0, source.outOfOrder());
            assertEquals(6, source.validLines());
        }
    }

    @Test
    void equalTimestampsComeOutInFileOrderThenLineOrder() throws IOException {
        Path a = JsonlFileReaderTest.write(dir.resolve("a.jsonl"),
                line("a1", 1000) + "\n" + line("a2", 1000) + "\n");
        Path b = JsonlFileReaderTest.write(dir.resolve("b.jsonl"),
                line("b1", 1000) + "\n" + line("b2", 1000) + "\n");
        try (ReplaySource source = new ReplaySource(List.of(b, a))) {
            assertEquals(List.of("b1", "b2", "a1", "a2"), ids(readAll(source)));
        }
    }

    @Test
    void invalidLinesAreEmittedAsSoonAsTheyAreRead() throws IOException {
        Path a = JsonlFileReaderTest.write(dir.resolve("a.jsonl"),
                line("a1", 1000) + "\n" + line("a2", 5000) + "\nnot json\n" + line("a3", 6000));
        Path b = JsonlFileReaderTest.write(dir.resolve("b.jsonl"),
                line("b1", 2000) + "\n{\"event_id\":\"x\"}\n" + line("b2", 3000) + "\n");
        try (ReplaySource source = new ReplaySource(List.of(a, b))) {
            List<ReplayRecord> records = readAll(source);
            // Files are read lazily, one pending line each: b's bad line is read (and emitted)
            // when b1 has gone out and b needs its next line.
            assertEquals(List.of("a1", "b1", "!b.jsonl:2", "b2", "a2", "!a.jsonl:3", "a3"),
                    ids(records));
            ReplayRecord bad = records.get(2);
            assertEquals("{\"event_id\":\"x\"}", bad.raw());
            assertEquals(OptionalLong.empty(), bad.ts());
            assertFalse(bad.isValid());
            assertEquals("missing ts", Fixtures.invalid(bad.result()).reason());
            assertEquals(2, source.invalidLines());
        }
    }

    @Test
    void aLineEarlierThanItsPredecessorStaysInFileOrderAndIsCounted() throws IOException {
        Path a = JsonlFileReaderTest.write(dir.resolve("a.jsonl"),
                line("a1", 1000) + "\n" + line("a2", 4000) + "\n" + line("a3", 2000) + "\n");
        Path b = JsonlFileReaderTest.write(dir.resolve("b.jsonl"),
                line("b1", 3000) + "\n" + line("b2", 5000) + "\n");
        try (ReplaySource source = new ReplaySource(List.of(a, b))) {
            assertEquals(List.of("a1", "b1", "a2", "a3", "b2"), ids(readAll(source)));
            assertEquals(1, source.outOfOrder());
        }
    }

    @Test
    void blankLinesOfAllFilesAreCounted() throws IOException {
        Path a = JsonlFileReaderTest.write(dir.resolve("a.jsonl"), "\n" + line("a1", 1) + "\n\n");
        Path b = JsonlFileReaderTest.write(dir.resolve("b.jsonl"), "  \n" + line("b1", 2) + "\n");
        try (ReplaySource source = new ReplaySource(List.of(a, b))) {
            assertEquals(2, readAll(source).size());
            assertEquals(3, source.blankLines());
        }
    }

    @Test
    void recordsKeepTheirRawLineAndSource() throws IOException {
        String l = line("a1", 1234);
        Path a = JsonlFileReaderTest.write(dir.resolve("a.jsonl"), "\n" + l + "\n");
        try (ReplaySource source = new ReplaySource(List.of(a))) {
            ReplayRecord r = source.next();
            assertEquals(l, r.raw());
            assertEquals("a.jsonl:2", r.source());
            assertEquals(OptionalLong.of(1234), r.ts());
            assertTrue(r.isValid());
        }
    }

    @Test
    void noFilesMeansAnEmptyReplay() throws IOException {
        try (ReplaySource source = new ReplaySource(List.of())) {
            assertFalse(source.hasNext());
        }
    }
}
