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

class EvaluationRunTest {
    private static final Map<String, List<InferenceEvent>> TRAFFIC =
            Traffic.byClient(ArchetypeKind.EVALUATION_RUN, 3, Duration.ofHours(24));

    @Test
    void runsOneBoundedSweepAndThenStops() {
        long end = CorpusSpec.DEFAULT_START.toEpochMilli() + Duration.ofHours(24).toMillis();
        for (List<InferenceEvent> events : TRAFFIC.values()) {
            assertTrue(events.size() >= EvaluationRun.MIN_ITEMS && events.size() <= EvaluationRun.MAX_ITEMS,
                    "calls " + events.size());
            assertTrue(events.get(events.size() - 1).tsMillis() < end - 6 * 3_600_000L, "it stopped long before the end");
        }
    }

    @Test
    void asksForOneTokenWithLogprobsAtTemperatureZero() {
        for (List<InferenceEvent> events : TRAFFIC.values()) {
            for (InferenceEvent e : events) {
                assertEquals(1, e.request().maxTokens());
                assertEquals(Boolean.TRUE, e.request().logprobs());
                assertEquals(0.0, e.request().temperature());
                assertTrue(e.request().logitBias() == null || e.request().logitBias().isEmpty());
            }
            assertEquals(events.size(), events.stream().map(e -> e.request().messages().get(0).content()).count());
        }
    }
}
