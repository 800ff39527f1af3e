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

class StudentTest {
    private static final Map<String, List<InferenceEvent>> TRAFFIC =
            Traffic.byClient(ArchetypeKind.STUDENT, 40, Duration.ofHours(24));

    @Test
    void sometimesAsksForTheStepsButNotAlways() {
        List<InferenceEvent> all = TRAFFIC.values().stream().flatMap(List::stream).toList();
        long stepwise = all.stream().filter(e -> last(e).toLowerCase().contains("step")).count();
        assertTrue(stepwise > all.size() / 10 && stepwise < all.size() / 2, stepwise + " of " + all.size());
    }

    @Test
    void studiesInShortSessionsAtHumanVolume() {
        long gaps = 0;
        long quick = 0;
        for (List<InferenceEvent> events : TRAFFIC.values()) {
            assertTrue(events.size() < 200, "calls a day " + events.size());
            if (events.size() >= 2) {
                double[] g = Stats.gaps(events);
                gaps += g.length;
                quick += java.util.Arrays.stream(g).filter(x -> x < 60_000).count();
            }
        }
        assertTrue(gaps > 100);
        assertTrue(quick <= gaps / 20, "students read the answer first: " + quick + " quick gaps of " + gaps);
    }

    static String last(InferenceEvent e) {
        List<Message> m = e.request().messages();
        return m.get(m.size() - 1).content();
    }
}
