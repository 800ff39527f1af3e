package dev.quarry.corpora.archetype;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.ingest.Endpoint;
import dev.quarry.ingest.InferenceEvent;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EmbeddingExtractorTest {
    private static final TrafficGeneratorHolder H = new TrafficGeneratorHolder(ArchetypeKind.EMBEDDING_EXTRACTOR, 10, 6);
    private static final Map<String, List<InferenceEvent>> TRAFFIC = H.traffic();

    @Test
    void sendsOneInputPerCallToTheEmbeddingsEndpointInRequestPrompt() {
        for (List<InferenceEvent> events : TRAFFIC.values()) {
            for (InferenceEvent e : events) {
                assertEquals(Endpoint.EMBEDDINGS, e.endpoint());
                assertNotNull(e.request().prompt());
                assertNull(e.request().messages());
                assertEquals(0, e.response().completionTokens());
                assertTrue(e.model().startsWith("orion-embed"), e.model());
            }
        }
    }

    @Test
    void sendsManyDistinctInputsFromManyDomains() {
        for (List<InferenceEvent> events : TRAFFIC.values()) {
            Set<String> inputs = new HashSet<>();
            events.forEach(e -> inputs.add(e.request().prompt()));
            assertTrue(inputs.size() > 0.8 * events.size(), inputs.size() + " of " + events.size());
        }
        long total = TRAFFIC.values().stream().mapToLong(List::size).sum();
        assertTrue(total > 5_000, "calls " + total);
    }
}
