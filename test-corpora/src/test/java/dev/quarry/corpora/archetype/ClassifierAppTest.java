package dev.quarry.corpora.archetype;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.corpora.TrafficGenerator;
import dev.quarry.ingest.InferenceEvent;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClassifierAppTest {
    private static final TrafficGenerator GENERATOR =
            Traffic.generator(ArchetypeKind.CLASSIFIER_APP, 6, Duration.ofHours(24));
    private static final Map<String, List<InferenceEvent>> TRAFFIC = Traffic.byClient(GENERATOR);

    @Test
    void biasesTheSameTwoToFourLabelTokensOnEveryCall() {
        for (List<InferenceEvent> events : TRAFFIC.values()) {
            Set<Integer> labels = events.get(0).request().logitBias().keySet();
            assertTrue(labels.size() >= 2 && labels.size() <= 4, labels.toString());
            for (InferenceEvent e : events) {
                assertEquals(labels, e.request().logitBias().keySet());
                assertTrue(e.request().logitBias().values().stream().allMatch(v -> v == 100.0));
            }
        }
    }

    @Test
    void asksForOneTokenAndAnswersWithALabelToken() {
        for (List<InferenceEvent> events : TRAFFIC.values()) {
            for (InferenceEvent e : events) {
                assertEquals(1, e.request().maxTokens());
                assertTrue(e.request().logitBias().containsKey(e.response().tokenIds()[0]));
            }
        }
    }

    @Test
    void sometimesAsksForTheTopTwoLogprobs() {
        long withLogprobs = TRAFFIC.values().stream().flatMap(List::stream)
                .filter(e -> e.request().wantsLogprobs()).peek(e -> assertEquals(2, e.request().topLogprobs()))
                .count();
        long all = TRAFFIC.values().stream().mapToLong(List::size).sum();
        assertTrue(withLogprobs > 0 && withLogprobs < all, withLogprobs + " of " + all);
    }

    @Test
    void classifiesVariedTexts() {
        for (List<InferenceEvent> events : TRAFFIC.values()) {
            Set<String> texts = new HashSet<>();
            events.forEach(e -> texts.add(e.request().userText()));
            assertTrue(texts.size() > 0.5 * events.size(), texts.size() + " of " + events.size());
        }
    }

    @Test
    void sendsMostCallsInBusinessHours() {
        for (ClientProfile app : GENERATOR.clients()) {
            List<InferenceEvent> events = TRAFFIC.get(app.clientId());
            assertFalse(events.isEmpty());
            long inHours = events.stream().filter(e -> {
                int hour = Clock.localHour(e.tsMillis(), app.utcOffsetMinutes());
                return hour >= 8 && hour < 18;
            }).count();
            assertTrue(inHours > 0.8 * events.size(), inHours + " of " + events.size());
        }
    }
}
