package dev.quarry.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonlFileReaderTest {
    @TempDir
    Path dir;

    static Path write(Path file, byte[] content) throws IOException {
        Files.write(file, content);
        return file;
    }

    static Path write(Path file, String content) throws IOException {
        return write(file, content.getBytes(StandardCharsets.UTF_8));
    }

    static Path writeGzip(Path file, String content) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
        return file;
    }

    static List<SourceLine> readAll(JsonlFileReader reader) {
        List<SourceLine> lines = new ArrayList<>();
        reader.forEachRemaining(lines::add);
        return lines;
    }

    private List<SourceLine> readAll(Path file) throws IOException {
        try (JsonlFileReader reader = new JsonlFileReader(file)) {
            return readAll(reader);
        }
    }

    @Test
    void plainLinesComeWithFileNameAndLineNumber() throws IOException {
        Path file = write(dir.resolve("events.jsonl"), "{\"a\":1}\n{\"b\":2}\n");
        assertEquals(List.of(new SourceLine("{\"a\":1}", "events.jsonl:1"),
                new SourceLine("{\"b\":2}", "events.jsonl:2")), readAll(file));
    }

    @Test
    void gzipIsRecognisedByItsMagicBytesWhateverTheName() throws IOException {
        Path file = writeGzip(dir.resolve("events.jsonl"), "{\"a\":1}\n{\"b\":2}\n");
        assertEquals(List.of("{\"a\":1}", "{\"b\":2}"),
                readAll(file).stream().map(SourceLine::text).toList());
    }

    @Test
    void gzipFilesNamedGzAreRead() throws IOException {
        Path file = writeGzip(dir.resolve("events.jsonl.gz"), "{\"a\":1}\n");
        assertEquals("events.jsonl.gz:1", readAll(file).get(0).source());
    }

    @Test
    void crlfLineEndingsAreRemoved() throws IOException {
        Path file = write(dir.resolve("crlf.jsonl"), "{\"a\":1}\r\n{\"b\":2}\r\n");
        List<SourceLine> lines = readAll(file);
        assertEquals(List.of("{\"a\":1}", "{\"b\":2}"), lines.stream().map(SourceLine::text).toList());
        assertEquals(7, lines.get(0).byteLength());
    }

    @Test
    void theLastLineNeedsNoNewline() throws IOException {
        Path file = write(dir.resolve("f.jsonl"), "{\"a\":1}\n{\"b\":2}");
        assertEquals(new SourceLine("{\"b\":2}", "f.jsonl:2"), readAll(file).get(1));
    }

    @Test
    void blankLinesAreSkippedButCountedAndNumbered() throws IOException {
        Path file = write(dir.resolve("f.jsonl"), "\n{\"a\":1}\n   \n\t\r\n{\"b\":2}\n\n");
        try (JsonlFileReader reader = new JsonlFileReader(file)) {
            List<SourceLine> lines = readAll(reader);
            assertEquals(List.of("f.jsonl:2", "f.jsonl:5"),
                    lines.stream().map(SourceLine::source).toList());
            assertEquals(4, reader.blankLines());
            assertEquals(6, reader.linesRead());
        }
    }

    @Test
    void anEmptyFileHasNoLines() throws IOException {
        assertTrue(readAll(write(dir.resolve("empty.jsonl"), "")).isEmpty());
    }

    @Test
    void aByteOrderMarkAtTheStartOfTheFileIsSkipped() throws IOException {
        Path file = write(dir.resolve("bom.jsonl"), "\uFEFF{\"a\":1}\n");
        SourceLine line = readAll(file).get(0);
        assertEquals("{\"a\":1}", line.text());
        assertEquals(7, line.byteLength());
    }

    @Test
    void aLineThatIsNotUtf8IsFlaggedAndRejectedByTheParser() throws IOException {
        byte[] bytes = "{\"a\":\"?\"}\n{\"b\":1}\n".getBytes(StandardCharsets.UTF_8);
        bytes[6] = (byte) 0xC3; // a lead byte followed by '"' instead of a continuation byte
        List<SourceLine> lines = readAll(write(dir.resolve("bad.jsonl"), bytes));
        assertFalse(lines.get(0).validUtf8());
        assertTrue(lines.get(1).validUtf8());
        assertEquals("invalid UTF-8", Fixtures.invalid(new EventParser().parse(lines.get(0))).reason());
    }

    @Test
    void linesOfSeveralMegabytesAreReadWhole() throws IOException {
        String big = "{\"p\":\"" + "x".repeat(5 * 1024 * 1024) + "\"}";
        SourceLine line = readAll(write(dir.resolve("big.jsonl"), big + "\n{}\n")).get(0);
        assertEquals(big, line.text());
        assertEquals(big.length(), line.byteLength());
    }

    @Test
    void aLineAboveTheLimitIsCutShortAndRejectedAsTooLarge() throws IOException {
        String longLine = "{\"p\":\"" + "x".repeat(500) + "\"}\r";
        Path file = write(dir.resolve("long.jsonl"), longLine + "\n{\"ok\":1}\n");
        try (JsonlFileReader reader = new JsonlFileReader(file, 100)) {
            SourceLine cut = reader.next();
            assertEquals(100, cut.text().length());
            assertEquals(longLine.length() - 1, cut.byteLength());
            assertEquals(new SourceLine("{\"ok\":1}", "long.jsonl:2"), reader.next());
            DeadLetter d = Fixtures.invalid(new EventParser(20, 100).parse(cut));
            assertEquals("record too large: 508 bytes > 100", d.reason());
            assertEquals(20, d.raw().length());
            assertEquals(508, d.rawBytes());
        }
    }

    @Test
    void aCorruptGzipStreamFailsLoudly() throws IOException {
        Path good = writeGzip(dir.resolve("g.jsonl.gz"), "{\"a\":1}\n".repeat(1000));
        byte[] bytes = Files.readAllBytes(good);
        Path cut = write(dir.resolve("cut.jsonl.gz"), Arrays.copyOf(bytes, bytes.length / 2));
        try (JsonlFileReader reader = new JsonlFileReader(cut)) {
            assertThrows(UncheckedIOException.class, () -> readAll(reader));
        }
    }

    @Test
    void nextAfterTheLastLineThrowsNoSuchElement() throws IOException {
        try (JsonlFileReader reader = new JsonlFileReader(write(dir.resolve("f"), "{}\n"))) {
            reader.next();
            assertFalse(reader.hasNext());
            assertThrows(NoSuchElementException.class, reader::next);
        }
    }

    @Test
    void aMissingFileFailsOnOpen() {
        assertThrows(IOException.class, () -> new JsonlFileReader(dir.resolve("absent.jsonl")));
    }
}
