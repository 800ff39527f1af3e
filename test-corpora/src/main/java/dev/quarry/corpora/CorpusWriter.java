package dev.quarry.corpora;

import dev.quarry.ingest.EventJson;
import dev.quarry.ingest.InferenceEvent;
import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a labelled corpus into a directory: {@value #EVENTS_FILE} (one contract-v1 JSON line per
 * event, gzip) and {@value #LABELS_FILE} (header {@value #LABELS_HEADER}). Streams the events, so
 * memory does not grow with the corpus. Each file is written beside its final name and moved into
 * place when complete, so a reader never sees half a corpus under the final names. Not
 * thread-safe.
 */
public final class CorpusWriter {
    public static final String EVENTS_FILE = "events.jsonl.gz";
    public static final String LABELS_FILE = "labels.csv";
    public static final String LABELS_HEADER = "client_id,label,archetype,group";

    private final Path directory;

    /** A writer into {@code directory}, which is created if missing. */
    public CorpusWriter(Path directory) {
        this.directory = directory;
    }

    /** Writes the generator's events and labels. */
    public CorpusCounts write(TrafficGenerator generator) throws IOException {
        TrafficGenerator.Pass pass = generator.pass();
        return write(pass, generator.labelRows(), () -> pass.lastKind().wireName());
    }

    /**
     * Writes the events and the labels; an event of a client without a label row is counted under
     * {@code unlabelled}.
     */
    public CorpusCounts write(Iterator<InferenceEvent> events, Iterable<ClientLabel> labels) throws IOException {
        Map<String, String> archetypeOf = new HashMap<>();
        for (ClientLabel l : labels) {
            archetypeOf.put(l.clientId(), l.archetype());
        }
        Object[] current = new Object[1];
        Iterator<InferenceEvent> tracked = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return events.hasNext();
            }

            @Override
            public InferenceEvent next() {
                InferenceEvent e = events.next();
                current[0] = archetypeOf.getOrDefault(e.clientId(), "unlabelled");
                return e;
            }
        };
        return write(tracked, labels, () -> (String) current[0]);
    }

    /** The writer proper; {@code archetypeOfLast} names the archetype of the event just taken. */
    private CorpusCounts write(Iterator<InferenceEvent> events, Iterable<ClientLabel> labels,
            Supplier<String> archetypeOfLast) throws IOException {
        Files.createDirectories(directory);
        Map<String, Integer> clientsByArchetype = new LinkedHashMap<>();
        Map<String, Long> eventsByArchetype = new LinkedHashMap<>();
        for (ClientLabel l : labels) {
            clientsByArchetype.merge(l.archetype(), 1, Integer::sum);
            eventsByArchetype.putIfAbsent(l.archetype(), 0L);
        }

        Path eventsFile = directory.resolve(EVENTS_FILE);
        Path eventsTmp = directory.resolve(EVENTS_FILE + ".tmp");
        long total = 0;
        try (OutputStream out = new FastGzipOutputStream(
                new BufferedOutputStream(Files.newOutputStream(eventsTmp), 1 << 16))) {
            while (events.hasNext()) {
                InferenceEvent e = events.next();
                out.write(EventJson.toBytes(e));
                out.write('\n');
                eventsByArchetype.merge(archetypeOfLast.get(), 1L, Long::sum);
                total++;
            }
        }
        Files.move(eventsTmp, eventsFile, StandardCopyOption.REPLACE_EXISTING);

        Path labelsFile = directory.resolve(LABELS_FILE);
        Path labelsTmp = directory.resolve(LABELS_FILE + ".tmp");
        try (BufferedWriter w = Files.newBufferedWriter(labelsTmp, StandardCharsets.UTF_8)) {
            w.write(LABELS_HEADER);
            w.write('\n');
            for (ClientLabel l : labels) {
                w.write(csv(l.clientId()) + ',' + csv(l.label()) + ',' + csv(l.archetype()) + ',' + csv(l.group()));
                w.write('\n');
            }
        }
        Files.move(labelsTmp, labelsFile, StandardCopyOption.REPLACE_EXISTING);
        return new CorpusCounts(total, eventsByArchetype, clientsByArchetype, eventsFile, labelsFile);
    }

    /**
     * Gzip at the fastest level: logit-bias maps make corpora large but very repetitive, so level 1
     * compresses nearly as well as the default at a fraction of the time.
     */
    private static final class FastGzipOutputStream extends GZIPOutputStream {
        FastGzipOutputStream(OutputStream out) throws IOException {
            super(out, 1 << 16);
            def.setLevel(Deflater.BEST_SPEED);
        }
    }

    /** RFC 4180 quoting, only when needed (generated values never need it; hand-made ones might). */
    private static String csv(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
