package dev.quarry.corpora.archetype;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.ingest.InferenceEvent;
import dev.quarry.ingest.Message;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CodingAgentTest {
    private static final Map<String, List<InferenceEvent>> TRAFFIC =
            Traffic.byClient(ArchetypeKind.CODING_AGENT, 10, Duration.ofHours(24));

    @Test
    void eachStepResendsTheLoopWithAssistantAndToolTurnsAndTheContextGrows() {
        int grown = 0;
        for (List<InferenceEvent> events : TRAFFIC.values()) {
            for (int i = 1; i < events.size(); i++) {
                List<Message> prev = events.get(i - 1).request().messages();
                List<Message> cur = events.get(i).request().messages();
                if (cur.size() > 2) {
                    assertEquals(prev, cur.subList(0, prev.size()), "the loop so far is resent");
                    assertEquals(prev.size() + 2, cur.size());
                    assertEquals("assistant", cur.get(cur.size() - 2).role());
                    assertEquals("tool", cur.get(cur.size() - 1).role());
                    assertTrue(events.get(i).response().promptTokens() > events.get(i - 1).response().promptTokens());
                    grown++;
                }
                assertEquals(0.0, events.get(i).request().temperature());
            }
        }
        assertTrue(grown > 100, grown + " grown steps");
    }

    @Test
    void tasksAreBurstsOfThreeToTwentyFiveCallsSecondsApart() {
        for (List<InferenceEvent> events : TRAFFIC.values()) {
            int burst = 0;
            for (InferenceEvent e : events) {
                if (e.request().messages().size() == 2) {
                    assertTrue(burst == 0 || burst >= 3 && burst <= 25, "burst of " + burst);
                    burst = 0;
                }
                burst++;
            }
        }
    }
}
