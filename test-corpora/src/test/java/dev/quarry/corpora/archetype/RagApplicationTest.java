package dev.quarry.corpora.archetype;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.corpora.CorpusSpec;
import dev.quarry.ingest.Endpoint;
import dev.quarry.ingest.InferenceEvent;
import dev.quarry.ingest.Message;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RagApplicationTest {
    private static final Map<String, List<InferenceEvent>> TRAFFIC =
            Traffic.byClient(ArchetypeKind.RAG_APPLICATION, 2, Duration.ofHours(2));

    @Test
    void sendsLongRetrievedContextAndGetsShortAnswers() {
        for (List<InferenceEvent> events : TRAFFIC.values()) {
            for (InferenceEvent e : events) {
                assertTrue(e.response().promptTokens() >= 1_000, "prompt " + e.response().promptTokens());
                assertTrue(e.response().completionTokens() <= 120);
                assertEquals(RagApplication.SYSTEM_PROMPT, e.request().messages().get(0).content());
            }
        }
    }
}
