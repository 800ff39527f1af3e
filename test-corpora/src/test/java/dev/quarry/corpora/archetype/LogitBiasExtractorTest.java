package dev.quarry.corpora.archetype;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.ingest.Endpoint;
import dev.quarry.ingest.InferenceEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LogitBiasExtractorTest {
    private static final Map<String, List<InferenceEvent>> TRAFFIC =
            Traffic.byClient(ArchetypeKind.LOGIT_BIAS_EXTRACTOR, 2, Duration.ofHours(24));

    @Test
    void biasesMoreThanTenThousandDistinctTokensWithinItsFirstTwoHundredRequests() {
        // 200 requests x at least 50 ids a block, blocks disjoint until the sweep wraps
        for (List<InferenceEvent> events : TRAFFIC.values()) {
            assertTrue(distinctBiased(events.subList(0, 200)) >= 10_000);
        }
    }

    @Test
    void sweepsTensOfThousandsOfTheVocabularyOverADay() {
        for (List<InferenceEvent> events : TRAFFIC.values()) {
            assertTrue(distinctBiased(events) > 30_000, "distinct biased ids " + distinctBiased(events));
        }
    }

    @Test
    void asksForOneTokenWithTopFiveLogprobsOnTheCompletionsEndpoint() {
        for (List<InferenceEvent> events : TRAFFIC.values()) {
            for (InferenceEvent e : events) {
                assertEquals(Endpoint.COMPLETIONS, e.endpoint());
                assertEquals(1, e.request().maxTokens());
                assertEquals(Boolean.TRUE, e.request().logprobs());
                assertEquals(5, e.request().topLogprobs());
                int block = e.request().logitBias().size();
                assertTrue(block >= 50 && block <= 300, "block of " + block);
                assertTrue(e.request().logitBias().values().stream().allMatch(v -> v == 100.0));
                assertEquals(1, e.response().completionTokens());
            }
        }
    }

    @Test
    void repeatsASmallSetOfFixedPrompts() {
        for (List<InferenceEvent> events : TRAFFIC.values()) {
            Set<String> prompts = new HashSet<>();
            events.forEach(e -> prompts.add(e.request().prompt()));
            assertTrue(prompts.size() >= 3 && prompts.size() <= 5, prompts.toString());
        }
    }

    @Test
    void groupMembersSplitTheVocabularyBetweenThem() {
        List<List<InferenceEvent>> members = new ArrayList<>(TRAFFIC.values());
        Set<Integer> first = biased(members.get(0).subList(0, 100));
        Set<Integer> second = biased(members.get(1).subList(0, 100));
        first.retainAll(second);
        assertTrue(first.isEmpty(), "members overlap on " + first.size() + " ids");
    }

    @Test
    void answersWithOneOfTheBiasedTokens() {
        for (InferenceEvent e : TRAFFIC.values().iterator().next()) {
            assertEquals(1, e.response().tokenIds().length);
            assertTrue(e.request().logitBias().containsKey(e.response().tokenIds()[0]));
        }
    }

    @Test
    void keepsAMachineCadence() {
        for (List<InferenceEvent> events : TRAFFIC.values()) {
            assertTrue(Stats.coefficientOfVariation(Stats.gaps(events)) < 0.1);
        }
    }

    private static int distinctBiased(List<InferenceEvent> events) {
        return biased(events).size();
    }

    private static Set<Integer> biased(List<InferenceEvent> events) {
        Set<Integer> ids = new HashSet<>();
        events.forEach(e -> ids.addAll(e.request().logitBias().keySet()));
        return ids;
    }
}
