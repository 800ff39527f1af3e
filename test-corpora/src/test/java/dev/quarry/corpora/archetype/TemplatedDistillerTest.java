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

class TemplatedDistillerTest {
    private static final Map<String, List<InferenceEvent>> TRAFFIC =
            Traffic.byClient(ArchetypeKind.TEMPLATED_DISTILLER, 2, Duration.ofHours(6));

    @Test
    void everyPromptSharesTheOrcaStyleTemplate() {
        for (List<InferenceEvent> events : TRAFFIC.values()) {
            for (InferenceEvent e : events) {
                assertEquals(TemplatedDistiller.SYSTEM_PROMPT, e.request().systemText());
                String user = e.request().userText();
                assertTrue(user.startsWith(TemplatedDistiller.TASK_PREFIX) && user.endsWith(TemplatedDistiller.TASK_SUFFIX));
            }
        }
    }

    @Test
    void moreThanNinetyFivePercentOfItsTasksAreDistinct() {
        for (List<InferenceEvent> events : TRAFFIC.values()) {
            Set<String> tasks = new HashSet<>();
            events.forEach(e -> tasks.add(e.request().userText()));
            assertTrue(events.size() > 100, "calls " + events.size());
            assertTrue(tasks.size() > 0.95 * events.size(), tasks.size() + " of " + events.size());
        }
    }

    @Test
    void groupMembersNeverSendTheSameTask() {
        var members = List.copyOf(TRAFFIC.values());
        Set<String> first = new HashSet<>();
        members.get(0).forEach(e -> first.add(e.request().userText()));
        members.get(1).forEach(e -> assertTrue(!first.contains(e.request().userText())));
    }

    @Test
    void asksForLongAnswers() {
        for (List<InferenceEvent> events : TRAFFIC.values()) {
            for (InferenceEvent e : events) {
                assertTrue(e.request().maxTokens() >= 2048 && e.request().maxTokens() <= 4096);
                assertTrue(e.request().temperature() >= 0.3 && e.request().temperature() <= 1.0);
                assertEquals(e.request().temperature(), events.get(0).request().temperature(), "one per client");
                if (e.response().status() == 200) {
                    int completion = e.response().completionTokens();
                    assertTrue(completion >= 60 && completion <= e.request().maxTokens(), "completion " + completion);
                }
            }
        }
    }

    @Test
    void retriesARateLimitedTaskWithTheSameTask() {
        for (List<InferenceEvent> events : TRAFFIC.values()) {
            for (int i = 0; i + 1 < events.size(); i++) {
                if (events.get(i).response().status() == 429) {
                    assertEquals(events.get(i).request().userText(), events.get(i + 1).request().userText());
                }
            }
        }
    }
}
