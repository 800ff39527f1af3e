package dev.quarry.corpora.archetype;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.corpora.CorpusSpec;
import dev.quarry.ingest.Endpoint;
import dev.quarry.ingest.InferenceEvent;
import dev.quarry.ingest.Message;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ResellerProxyTest {
    private static final Map<String, List<InferenceEvent>> TRAFFIC =
            Traffic.byClient(ArchetypeKind.RESELLER_PROXY, 2, Duration.ofHours(1));

    @Test
    void mixesCustomerChatAndTemplatedDistillationUnderOneKey() {
        for (List<InferenceEvent> events : TRAFFIC.values()) {
            long templated = events.stream().filter(e -> e.request().messages().stream()
                    .anyMatch(m -> m.content().startsWith(TemplatedDistiller.TASK_PREFIX))).count();
            double share = templated / (double) events.size();
            assertTrue(share > 0.2 && share < 0.65, "templated share " + share);
            long distinctSystems = events.stream().map(e -> e.request().messages().get(0).content())
                    .filter(c -> !c.startsWith(TemplatedDistiller.TASK_PREFIX)).distinct().count();
            assertTrue(distinctSystems > 10, "customers' chats vary");
            assertEquals(1, events.stream().map(InferenceEvent::clientId).distinct().count());
        }
    }
}
