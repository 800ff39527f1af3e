package dev.quarry.corpora;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.ingest.EventBuilder;
import dev.quarry.ingest.InferenceEvent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusWriterTest {
    private static final CorpusSpec SPEC = CorpusSpec.defaults().withDuration(Duration.ofMinutes(30));

    @TempDir
    Path dir;

    @Test
    void writesAReadableGzipOfJsonLinesAndALabelsCsvWithHeader() throws IOException {
        InferenceEvent first = EventBuilder.event("e-1").client("key_a").user("hello").build();
        InferenceEvent second = EventBuilder.event("e-2").client("key_b").prompt("The capital of France is")
                .bias(1734, 100).build();
        CorpusCounts counts = new CorpusWriter(dir).write(List.of(first, second).iterator(),
                List.of(new ClientLabel("key_a", "benign", "chat_user", ""),
                        new ClientLabel("key_b", "attack", "logit_bias_extractor", "ring-1")));

        List<String> lines = lines(dir.resolve(CorpusWriter.EVENTS_FILE));
        assertEquals(2, lines.size());
        assertTrue(lines.get(0).startsWith("{\"event_id\":\"e-1\""));
        assertEquals(List.of("client_id,label,archetype,group", "key_a,benign,chat_user,",
                "key_b,attack,logit_bias_extractor,ring-1"), Files.readAllLines(dir.resolve(CorpusWriter.LABELS_FILE)));
        assertEquals(2, counts.events());
        assertEquals(2, counts.clients());
    }

    @Test
    void countsEventsAndClientsPerArchetype() throws IOException {
        TrafficGenerator generator = new TrafficGenerator(SPEC);
        CorpusCounts counts = new CorpusWriter(dir).write(generator);
        assertEquals(counts.events(), lines(counts.eventsFile()).size());
        assertEquals(counts.events(), counts.eventsByArchetype().values().stream().mapToLong(Long::longValue).sum());
        assertEquals(40, counts.clientsByArchetype().get("chat_user"));
        assertEquals(generator.labels().size() + 1, Files.readAllLines(counts.labelsFile()).size());
    }

    @Test
    void sameSeedWritesByteIdenticalEventsAndLabels(@TempDir Path other) throws IOException {
        new CorpusWriter(dir).write(new TrafficGenerator(SPEC));
        new CorpusWriter(other).write(new TrafficGenerator(SPEC));
        assertArrayEquals(gunzip(dir.resolve(CorpusWriter.EVENTS_FILE)), gunzip(other.resolve(CorpusWriter.EVENTS_FILE)));
        assertArrayEquals(Files.readAllBytes(dir.resolve(CorpusWriter.LABELS_FILE)),
                Files.readAllBytes(other.resolve(CorpusWriter.LABELS_FILE)));
    }

    @Test
    void differentSeedWritesDifferentEventsAndLabels(@TempDir Path other) throws IOException {
        new CorpusWriter(dir).write(new TrafficGenerator(SPEC));
        new CorpusWriter(other).write(new TrafficGenerator(SPEC.withSeed(SPEC.seed() + 1)));
        assertFalse(Arrays.equals(gunzip(dir.resolve(CorpusWriter.EVENTS_FILE)),
                gunzip(other.resolve(CorpusWriter.EVENTS_FILE))));
        assertFalse(Arrays.equals(Files.readAllBytes(dir.resolve(CorpusWriter.LABELS_FILE)),
                Files.readAllBytes(other.resolve(CorpusWriter.LABELS_FILE))));
    }

    @Test
    void quotesLabelValuesThatWouldBreakTheCsv() throws IOException {
        new CorpusWriter(dir).write(List.<InferenceEvent>of().iterator(),
                List.of(new ClientLabel("key_a", "benign", "chat_user", "team \"red\", east")));
        assertEquals("key_a,benign,chat_user,\"team \"\"red\"\", east\"",
                Files.readAllLines(dir.resolve(CorpusWriter.LABELS_FILE)).get(1));
    }

    @Test
    void leavesOnlyTheTwoFinishedFiles() throws IOException {
        Path nested = dir.resolve("a/b");
        new CorpusWriter(nested).write(new TrafficGenerator(SPEC.withDuration(Duration.ofMinutes(1))));
        try (var files = Files.list(nested)) {
            assertEquals(List.of(CorpusWriter.EVENTS_FILE, CorpusWriter.LABELS_FILE),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    static byte[] gunzip(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return in.readAllBytes();
        }
    }

    static List<String> lines(Path gz) throws IOException {
        return new String(gunzip(gz), StandardCharsets.UTF_8).lines().toList();
    }
}
