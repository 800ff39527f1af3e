package dev.quarry.corpora.archetype;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.ingest.InferenceEvent;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RewardHarvesterTest {
    private static final Map<String, List<InferenceEvent>> TRAFFIC =
            Traffic.byClient(ArchetypeKind.REWARD_HARVESTER, 12, Duration.ofHours(6));

    @Test
    void everyPromptCarriesCandidateAnswersToGradeCompareOrRank() {
        long events = 0;
        for (List<InferenceEvent> client : TRAFFIC.values()) {
            for (InferenceEvent e : client) {
                String p = e.request().userText();
                boolean grade = p.contains("[Response]") || p.contains("Answer:\n") || p.contains("Completion: ")
                        || p.contains("### Reply");
                boolean pair = p.contains("[Response A]") && p.contains("[Response B]");
                boolean rank = p.contains("Response 1:") && p.contains("Response 3:");
                assertTrue(grade || pair || rank, p);
                events++;
            }
        }
        assertTrue(events > 100, "events " + events);
    }

    @Test
    void harvestsBroadTasksThatRarelyRepeat() {
        for (List<InferenceEvent> client : TRAFFIC.values()) {
            Set<String> prompts = new HashSet<>();
            client.forEach(e -> prompts.add(e.request().userText()));
            assertTrue(prompts.size() >= 0.95 * client.size(), prompts.size() + " of " + client.size());
        }
    }

    @Test
    void clientsDifferInPaceAndOutputLength() {
        double[] means = TRAFFIC.values().stream().filter(l -> l.size() > 5)
                .mapToDouble(l -> l.stream().mapToInt(e -> e.response().completionTokens()).average().orElse(0))
                .toArray();
        double min = java.util.Arrays.stream(means).min().orElseThrow();
        double max = java.util.Arrays.stream(means).max().orElseThrow();
        assertTrue(max > 5 * min, "mean completion from " + min + " to " + max);
        int fewest = TRAFFIC.values().stream().mapToInt(List::size).min().orElseThrow();
        int most = TRAFFIC.values().stream().mapToInt(List::size).max().orElseThrow();
        assertTrue(most > 5 * Math.max(1, fewest), "calls from " + fewest + " to " + most);
    }
}
