package dev.quarry.corpora.archetype;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.ingest.Endpoint;
import dev.quarry.ingest.InferenceEvent;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DocumentIndexerTest {
    private static final Map<String, List<InferenceEvent>> TRAFFIC =
            Traffic.byClient(ArchetypeKind.DOCUMENT_INDEXER, 6, Duration.ofHours(48));

    @Test
    void embedsItsOwnChunksAndShortSearchesThroughTheEmbeddingsEndpoint() {
        for (List<InferenceEvent> events : TRAFFIC.values()) {
            long searches = events.stream().filter(e -> e.request().prompt().length() < 60).count();
            long chunks = events.size() - searches;
            assertTrue(searches > 0 && chunks > 100, searches + " searches, " + chunks + " chunks");
            events.forEach(e -> assertEquals(Endpoint.EMBEDDINGS, e.endpoint()));
        }
    }

    @Test
    void chunksOverlapAndNightlyRunsResendDocuments() {
        for (List<InferenceEvent> events : TRAFFIC.values()) {
            List<String> chunks = events.stream().map(e -> e.request().prompt()).filter(p -> p.length() >= 60).toList();
            Set<String> docs = new HashSet<>();
            int overlapping = 0;
            int resent = 0;
            for (int i = 0; i < chunks.size(); i++) {
                String header = chunks.get(i).substring(0, chunks.get(i).indexOf('\n'));
                if (!docs.add(header) && (i == 0 || !chunks.get(i - 1).startsWith(header))) {
                    resent++;
                }
                if (i > 0 && chunks.get(i - 1).startsWith(header)) {
                    String[] prev = chunks.get(i - 1).split(" ");
                    if (chunks.get(i).contains(prev[prev.length - 3] + " " + prev[prev.length - 2] + " "
                            + prev[prev.length - 1])) {
                        overlapping++;
                    }
                }
            }
            assertTrue(overlapping > 0, "no chunk overlaps the previous one");
            assertTrue(resent > 0, "no document was re-sent");
        }
    }
}
