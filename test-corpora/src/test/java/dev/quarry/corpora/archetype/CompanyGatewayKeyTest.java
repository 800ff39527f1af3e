package dev.quarry.corpora.archetype;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.ingest.InferenceEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CompanyGatewayKeyTest {
    private static final Map<String, List<InferenceEvent>> TRAFFIC =
            Traffic.byClient(Traffic.generator(ArchetypeKind.COMPANY_GATEWAY_KEY, 12, Duration.ofHours(24)));

    /** One key, one address and stack, its calls in order with ids of their own. */
    @Test
    void isOneKeysStreamWithUniqueIdsInTimeOrder() {
        assertEquals(12, TRAFFIC.size());
        for (List<InferenceEvent> events : TRAFFIC.values()) {
            assertTrue(!events.isEmpty());
            assertEquals(events.size(), events.stream().map(InferenceEvent::eventId).distinct().count());
            assertEquals(1, events.stream().map(InferenceEvent::ip).distinct().count());
            assertEquals(1, events.stream().map(InferenceEvent::userAgent).distinct().count());
            for (int i = 1; i < events.size(); i++) {
                assertTrue(events.get(i).tsMillis() >= events.get(i - 1).tsMillis());
            }
        }
    }

    /**
     * Many people at once: more conversations open in an office hour than one person holds, and
     * the volume over a day varies from key to key (staff of 15 to 600).
     */
    @Test
    void carriesManyEmployeesConversationsAtOnce() {
        long min = Long.MAX_VALUE;
        long max = 0;
        for (List<InferenceEvent> events : TRAFFIC.values()) {
            long openers = events.stream().filter(e -> e.request().messages().stream()
                    .filter(m -> "user".equals(m.role())).count() == 1).count();
            assertTrue(openers >= 0.2 * events.size(), openers + " new conversations of " + events.size());
            min = Math.min(min, events.size());
            max = Math.max(max, events.size());
            long busiestHour = events.stream().collect(Collectors.groupingBy(
                    e -> e.tsMillis() / 3_600_000L, Collectors.counting())).values().stream()
                    .mapToLong(Long::longValue).max().orElseThrow();
            assertTrue(busiestHour >= 15, "busiest hour " + busiestHour);
        }
        assertTrue(max >= 4 * min, "volumes from " + min + " to " + max);
    }
}
