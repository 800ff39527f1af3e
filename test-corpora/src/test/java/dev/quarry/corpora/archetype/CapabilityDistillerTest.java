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

class CapabilityDistillerTest {
    @Test
    void eachClientHarvestsOnlyCodingOrOnlyAgenticToolUse() {
        for (List<InferenceEvent> events : Traffic.byClient(ArchetypeKind.CAPABILITY_DISTILLER, 6, Duration.ofHours(1)).values()) {
            long agentic = events.stream().filter(e -> e.request().messages().get(0).content()
                    .startsWith(CapabilityDistiller.AGENT_SYSTEM)).count();
            assertTrue(agentic == 0 || agentic == events.size());
            if (agentic > 0) {
                assertTrue(events.stream().allMatch(e -> e.request().messages().stream().anyMatch(m -> m.role().equals("tool"))
                        && "tool_calls".equals(e.response().finishReason())));
            }
            assertTrue(events.stream().allMatch(e -> e.response().completionTokens() >= 40));
        }
    }
}
