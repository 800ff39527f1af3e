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

class LogitBisectionExtractorTest {
    private static final Map<String, List<InferenceEvent>> TRAFFIC =
            Traffic.byClient(ArchetypeKind.LOGIT_BISECTION_EXTRACTOR, 2, Duration.ofHours(12));

    @Test
    void repeatsOnePromptAskingForOneTokenWithABiasOnOneTokenOnly() {
        for (List<InferenceEvent> events : TRAFFIC.values()) {
            assertEquals(1, events.stream().map(e -> e.request().prompt()).distinct().count());
            for (InferenceEvent e : events) {
                assertEquals(1, e.request().maxTokens());
                assertEquals(1, e.request().logitBias().size());
                assertEquals(Endpoint.COMPLETIONS, e.endpoint());
            }
        }
    }

    @Test
    void doublesTheBiasOnATokenUntilItWinsThenBisects() {
        for (List<InferenceEvent> events : TRAFFIC.values()) {
            int doublings = 0;
            int tokens = 0;
            for (int i = 1; i < events.size(); i++) {
                var prev = events.get(i - 1).request().logitBias();
                var cur = events.get(i).request().logitBias();
                if (!prev.firstKey().equals(cur.firstKey())) {
                    tokens++;
                    assertEquals(LogitBisectionExtractor.FIRST_BIAS, cur.get(cur.firstKey()));
                } else if (cur.get(cur.firstKey()) == 2 * prev.get(prev.firstKey())) {
                    doublings++;
                }
            }
            assertTrue(tokens >= 20, "tokens probed " + tokens);
            assertTrue(doublings >= 3 * tokens, "doublings " + doublings + " for " + tokens + " tokens");
        }
    }
}
