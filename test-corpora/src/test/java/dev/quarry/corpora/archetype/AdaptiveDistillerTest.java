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

class AdaptiveDistillerTest {
    @Test
    void variesWordingAndTemperatureButKeepsHarvestingLongAnswers() {
        for (List<InferenceEvent> events : Traffic.byClient(ArchetypeKind.ADAPTIVE_DISTILLER, 4, Duration.ofHours(24)).values()) {
            assertTrue(events.stream().map(e -> e.request().temperature()).distinct().count() > 10);
            assertTrue(events.stream().map(e -> e.request().messages().get(0).content().split(" ")[0]).distinct().count() > 5);
            assertTrue(events.stream().allMatch(e -> e.response().completionTokens() >= 150));
            for (double gap : Stats.gaps(events)) {
                assertTrue(gap >= 20_000, "human-like pauses");
            }
        }
    }
}
