package dev.quarry.corpora.archetype;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.corpora.CorpusSpec;
import dev.quarry.corpora.TrafficGenerator;
import dev.quarry.corpora.source.PromptSet;
import dev.quarry.corpora.source.Sources;
import dev.quarry.ingest.Endpoint;
import dev.quarry.ingest.InferenceEvent;
import dev.quarry.ingest.Message;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
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

    @Test
    void asksMostlyUsersOwnQuestionsAndPastesAFewPublicItems() {
        Path corpora = Path.of("../../shared/corpora");
        Assumptions.assumeTrue(Files.isDirectory(corpora.resolve("Open-Assistant")));
        Sources sources = Sources.of(corpora, null);
        Set<String> chat = new HashSet<>(sources.prompts().prompts(PromptSet.CHAT));
        Set<String> instructions = new HashSet<>(sources.prompts().prompts(PromptSet.INSTRUCTIONS));
        TrafficGenerator g = new TrafficGenerator(CorpusSpec.empty(Traffic.SEED, CorpusSpec.DEFAULT_START,
                Duration.ofHours(12)).withCount(ArchetypeKind.EARLY_ADOPTER, 40), sources);
        Map<String, List<InferenceEvent>> byClient = Traffic.byClient(g);
        int withPublicItems = 0;
        for (List<InferenceEvent> events : byClient.values()) {
            long own = events.stream().filter(e -> chat.contains(e.request().userText())).count();
            long instruction = events.stream().filter(e -> instructions.contains(e.request().userText())).count();
            assertTrue(own >= events.size() * 0.6, own + " of " + events.size() + " from the chat set");
            assertTrue(instruction <= events.size() * 0.25, instruction + " of " + events.size() + " instructions");
            if (own < events.size()) {
                withPublicItems++;
            }
        }
        assertTrue(withPublicItems > 0, "no client pasted a public item");
    }
}
