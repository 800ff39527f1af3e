package dev.quarry.corpora.archetype;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.ingest.InferenceEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QuizProductTest {
    private static final Map<String, List<InferenceEvent>> TRAFFIC =
            Traffic.byClient(ArchetypeKind.QUIZ_PRODUCT, 10, Duration.ofHours(12));

    @Test
    void isALegitimateFamily() {
        assertEquals(Label.BENIGN, ArchetypeKind.QUIZ_PRODUCT.label());
        assertEquals("quiz_product", ArchetypeKind.QUIZ_PRODUCT.wireName());
    }

    /** Most requests carry the user's material: the text the questions are about is in the prompt. */
    @Test
    void sendsTheLearnersMaterialWithMostRequests() {
        long requests = 0;
        long withMaterial = 0;
        for (List<InferenceEvent> events : TRAFFIC.values()) {
            for (InferenceEvent e : events) {
                requests++;
                withMaterial += e.request().userText().length() > 400 ? 1 : 0;
                assertTrue(e.response().completionTokens() >= 1, "answer length");
            }
        }
        assertTrue(requests > 200, "requests " + requests);
        assertTrue(withMaterial > 0.3 * requests, withMaterial + " of " + requests + " carry material");
    }

    @Test
    void drawsVolumeAndSamplingPerClient() {
        int[] calls = TRAFFIC.values().stream().mapToInt(List::size).sorted().toArray();
        assertTrue(calls[calls.length - 1] > 3 * Math.max(1, calls[0]), java.util.Arrays.toString(calls));
        long temperatures = TRAFFIC.values().stream().filter(l -> !l.isEmpty())
                .map(l -> l.get(0).request().temperature()).distinct().count();
        assertTrue(temperatures >= 5, "temperatures " + temperatures);
    }
}
