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

class SlowAndLowTest {
    @Test
    void sendsFewJitteredCallsSpreadOverTheWholeWindow() {
        Duration day = Duration.ofHours(24);
        for (List<InferenceEvent> events : Traffic.byClient(ArchetypeKind.SLOW_AND_LOW, 4, day).values()) {
            assertTrue(events.size() >= 50 && events.size() <= 400, "calls " + events.size());
            long span = events.get(events.size() - 1).tsMillis() - events.get(0).tsMillis();
            assertTrue(span > day.toMillis() * 0.8);
            assertTrue(Stats.coefficientOfVariation(Stats.gaps(events)) > 0.6, "jittered");
        }
    }
}
