package dev.quarry.corpora.archetype;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.ingest.InferenceEvent;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BatchSummariserTest {
    private static final Map<String, List<InferenceEvent>> TRAFFIC =
            Traffic.byClient(ArchetypeKind.BATCH_SUMMARISER, 2, Duration.ofHours(6));

    @Test
    void keepsARegularCadence() {
        for (List<InferenceEvent> events : TRAFFIC.values()) {
            assertTrue(events.size() > 300, "calls " + events.size()); // per client a period of 4-60 s
            assertTrue(Stats.coefficientOfVariation(Stats.gaps(events)) < 0.05);
        }
    }

    @Test
    void sendsOneFixedTemplateWithALongVariedTicket() {
        for (List<InferenceEvent> events : TRAFFIC.values()) {
            Set<String> texts = new HashSet<>();
            for (InferenceEvent e : events) {
                String text = e.request().userText();
                assertTrue(text.startsWith(BatchSummariser.TEMPLATE));
                assertTrue(e.response().promptTokens() > 100, "prompt tokens " + e.response().promptTokens());
                texts.add(text);
            }
            assertEquals(events.size(), texts.size());
        }
    }

    @Test
    void asksDeterministicallyForShortSummaries() {
        for (List<InferenceEvent> events : TRAFFIC.values()) {
            for (InferenceEvent e : events) {
                assertEquals(0.0, e.request().temperature());
                int completion = e.response().completionTokens();
                assertTrue(completion >= 20 && completion <= 60, "completion " + completion);
                assertTrue(e.request().logitBias().isEmpty());
            }
        }
    }
}
