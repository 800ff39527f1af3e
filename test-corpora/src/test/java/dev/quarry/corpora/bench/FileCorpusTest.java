package dev.quarry.corpora.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.quarry.ingest.EventBuilder;
import dev.quarry.ingest.EventJson;
import dev.quarry.ingest.InferenceEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileCorpusTest {
    @TempDir
    Path dir;

    private static byte[] line(String id, String client) {
        InferenceEvent e = EventBuilder.event(id).client(client).at(Instant.parse("2026-11-01T00:00:00Z"))
                .user("what is a prime number").build();
        return EventJson.toBytes(e);
    }

    private Path corpus() throws IOException {
        Path file = dir.resolve("events.jsonl.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            for (byte[] b : List.of(line("e1", "k1"), "{not json".getBytes(StandardCharsets.UTF_8), line("e2", "k2"),
                    line("e3", "k1"))) {
                out.write(b);
                out.write('\n');
            }
        }
        return file;
    }

    private static List<String> ids(FileCorpus c) {
        List<String> ids = new ArrayList<>();
        c.forEach(e -> ids.add(e.eventId()));
        return ids;
    }

    @Test
    void countsValidEventsAndClientsAndSkipsBadLines() throws IOException {
        FileCorpus c = new FileCorpus(corpus(), Long.MAX_VALUE);
        assertEquals(3, c.size());
        assertEquals(2, c.clients());
        assertEquals(1, c.invalidLines());
        assertFalse(c.allUniqueAndValid(), "a recorded corpus may repeat events on purpose");
        assertEquals(List.of("e1", "e2", "e3"), ids(c));
        assertEquals(List.of("e1", "e2", "e3"), ids(c), "each iteration reads the file again");
    }

    @Test
    void stopsAtMaxEvents() throws IOException {
        FileCorpus c = new FileCorpus(corpus(), 2);
        assertEquals(2, c.size());
        assertEquals(2, c.clients());
        assertEquals(List.of("e1", "e2"), ids(c));
    }

    @Test
    void refusesAFileWithoutEvents() throws IOException {
        Path empty = Files.writeString(dir.resolve("bad.jsonl"), "{}\nnot json\n");
        assertThrows(IllegalArgumentException.class, () -> new FileCorpus(empty, Long.MAX_VALUE));
    }
}
