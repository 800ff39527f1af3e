package dev.quarry.corpora.archetype;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.corpora.CorpusSpec;
import dev.quarry.ingest.InferenceEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
    void asksAtTemperatureZeroForOneTokenWithLogprobsOrForOneBoundedAnswerLength() {
        for (List<InferenceEvent> events : TRAFFIC.values()) {
            boolean multipleChoice = events.get(0).request().maxTokens() == 1;
            for (InferenceEvent e : events) {
                assertEquals(0.0, e.request().temperature());
                assertTrue(e.request().logitBias() == null || e.request().logitBias().isEmpty());
                if (multipleChoice) {
                    assertEquals(1, e.request().maxTokens());
                    assertEquals(Boolean.TRUE, e.request().logprobs());
                } else {
                    // lm-evaluation-harness generates up to 256 tokens by default; a run keeps one cap.
                    assertEquals(events.get(0).request().maxTokens(), e.request().maxTokens());
                    assertTrue(e.request().maxTokens() >= 256, "cap " + e.request().maxTokens());
                }
            }
        }
    }
}
