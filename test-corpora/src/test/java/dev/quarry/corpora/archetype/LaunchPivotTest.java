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

class LaunchPivotTest {
    private static final Duration WINDOW = Duration.ofHours(8);
    private static final Map<String, List<InferenceEvent>> TRAFFIC =
            Traffic.byClient(ArchetypeKind.LAUNCH_PIVOT, 3, WINDOW);
    private static final long START = CorpusSpec.DEFAULT_START.toEpochMilli();
    private static final long LAUNCH = Models.launchTime(START, START + WINDOW.toMillis());

    @Test
    void neverCallsTheNewModelBeforeItsLaunch() {
        for (List<InferenceEvent> events : TRAFFIC.values()) {
            assertTrue(events.stream().filter(e -> e.tsMillis() < LAUNCH).noneMatch(e -> e.model().equals(Models.LAUNCHED)));
        }
    }

    @Test
    void switchesToTheNewModelWithinHoursOfTheLaunchAndMovesMostOfItsTrafficThere() {
        for (List<InferenceEvent> events : TRAFFIC.values()) {
            long firstNew = events.stream().filter(e -> e.model().equals(Models.LAUNCHED)).mapToLong(InferenceEvent::tsMillis)
                    .min().orElseThrow();
            assertTrue(firstNew - LAUNCH <= 3 * 3_600_000L + 60_000L);
            assertTrue(events.stream().filter(e -> e.tsMillis() >= firstNew).allMatch(e -> e.model().equals(Models.LAUNCHED)));
            long after = events.stream().filter(e -> e.tsMillis() >= firstNew).count();
            assertTrue(after > 4 * (events.size() - after), "after " + after + " of " + events.size());
        }
    }
}
