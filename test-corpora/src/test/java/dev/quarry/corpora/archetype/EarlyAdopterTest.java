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

class EarlyAdopterTest {
    private static final Duration WINDOW = Duration.ofHours(8);
    private static final long START = CorpusSpec.DEFAULT_START.toEpochMilli();

    @Test
    void movesToTheNewModelAfterItsLaunchAtOnePersonsVolume() {
        long launch = Models.launchTime(START, START + WINDOW.toMillis());
        for (List<InferenceEvent> events : Traffic.byClient(ArchetypeKind.EARLY_ADOPTER, 10, WINDOW).values()) {
            assertTrue(events.stream().filter(e -> e.tsMillis() < launch).allMatch(e -> e.model().equals(Models.LARGE)));
            assertTrue(events.stream().anyMatch(e -> e.model().equals(Models.LAUNCHED)));
            assertTrue(events.size() < 200, "calls " + events.size());
        }
    }
}
