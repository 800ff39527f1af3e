package dev.quarry.corpora.archetype;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.ingest.Endpoint;
import dev.quarry.ingest.InferenceEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeveloperTest {
    private static final Map<String, List<InferenceEvent>> TRAFFIC =
            Traffic.byClient(ArchetypeKind.DEVELOPER, 30, Duration.ofHours(8));

    @Test
    void sendsIdeCompletionsWithCodeContextAndCodeQuestions() {
        List<InferenceEvent> all = TRAFFIC.values().stream().flatMap(List::stream).toList();
        long completions = all.stream().filter(e -> e.endpoint() == Endpoint.COMPLETIONS).count();
        assertTrue(completions > 0 && completions < all.size(), completions + " of " + all.size());
        assertTrue(all.stream().filter(e -> e.endpoint() == Endpoint.COMPLETIONS)
                .allMatch(e -> e.request().prompt().startsWith("// file: ") && e.request().maxTokens() <= 256));
    }

    @Test
    void drawsPerClientWhetherTheDeveloperUsesInlineCompletionsAtAll() {
        long chatOnly = TRAFFIC.values().stream().filter(events -> !events.isEmpty())
                .filter(events -> events.stream().noneMatch(e -> e.endpoint() == Endpoint.COMPLETIONS)).count();
        long mixed = TRAFFIC.values().stream()
                .filter(events -> events.stream().anyMatch(e -> e.endpoint() == Endpoint.COMPLETIONS)
                        && events.stream().anyMatch(e -> e.endpoint() == Endpoint.CHAT_COMPLETIONS)).count();
        assertTrue(chatOnly >= 3 && mixed >= 3, chatOnly + " chat-only, " + mixed + " mixed of " + TRAFFIC.size());
    }

    @Test
    void followsUpOnSomeAnswers() {
        long followUps = TRAFFIC.values().stream().flatMap(List::stream)
                .filter(e -> e.endpoint() == Endpoint.CHAT_COMPLETIONS && e.request().messages().size() == 3).count();
        assertTrue(followUps > 0, "follow-up turns: " + followUps);
    }
}
