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

class DeveloperTest {
    private static final Map<String, List<InferenceEvent>> TRAFFIC =
            Traffic.byClient(ArchetypeKind.DEVELOPER, 20, Duration.ofHours(8));

    @Test
    void sendsMostlyIdeCompletionsWithCodeContextAndSomeCodeQuestions() {
        List<InferenceEvent> all = TRAFFIC.values().stream().flatMap(List::stream).toList();
        long completions = all.stream().filter(e -> e.endpoint() == Endpoint.COMPLETIONS).count();
        assertTrue(completions > all.size() / 2 && completions < all.size(), completions + " of " + all.size());
        assertTrue(all.stream().filter(e -> e.endpoint() == Endpoint.COMPLETIONS)
                .allMatch(e -> e.request().prompt().startsWith("// file: ") && e.request().maxTokens() <= 256));
    }
}
