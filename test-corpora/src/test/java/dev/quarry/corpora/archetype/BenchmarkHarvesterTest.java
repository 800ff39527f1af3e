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

class BenchmarkHarvesterTest {
    @Test
    void sweepsDistinctBenchmarkQuestionsAskingForChainOfThoughtAndLongAnswers() {
        for (List<InferenceEvent> events : Traffic.byClient(ArchetypeKind.BENCHMARK_HARVESTER, 2, Duration.ofHours(1)).values()) {
            Set<String> prompts = new HashSet<>();
            for (InferenceEvent e : events) {
                String p = e.request().messages().get(0).content();
                assertTrue(p.endsWith(BenchmarkHarvester.COT_SUFFIX));
                assertTrue(e.response().completionTokens() >= 30); // per client a median of 100-1,500
                prompts.add(p);
            }
            assertTrue(prompts.size() > events.size() * 0.9, prompts.size() + " of " + events.size());
        }
    }
}
