package dev.quarry.corpora.archetype;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.corpora.CorpusSpec;
import dev.quarry.corpora.TrafficGenerator;
import dev.quarry.corpora.source.Sources;
import dev.quarry.ingest.InferenceEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JudgeEvalTeamTest {
    private static final Map<String, List<InferenceEvent>> TRAFFIC =
            Traffic.byClient(ArchetypeKind.JUDGE_EVAL_TEAM, 8, Duration.ofHours(48));

    /** The questions of each run of a team: a run starts after a gap of more than ten minutes. */
    private static List<Set<String>> runs(List<InferenceEvent> events) {
        List<Set<String>> runs = new ArrayList<>();
        long last = Long.MIN_VALUE;
        for (InferenceEvent e : events) {
            if (runs.isEmpty() || e.tsMillis() - last > 10 * 60_000L) {
                runs.add(new LinkedHashSet<>());
            }
            last = e.tsMillis();
            String q = JudgeEvalTeam.BUILT_IN_QUESTIONS.stream().filter(e.request().userText()::contains)
                    .findFirst().orElseThrow(() -> new AssertionError(e.request().userText()));
            runs.get(runs.size() - 1).add(q);
        }
        return runs;
    }

    @Test
    void everyRunJudgesTheSameFixedQuestionSet() {
        int multiRun = 0;
        for (List<InferenceEvent> events : TRAFFIC.values()) {
            List<Set<String>> runs = runs(events);
            assertTrue(!runs.isEmpty());
            for (Set<String> run : runs) {
                assertEquals(Set.copyOf(JudgeEvalTeam.BUILT_IN_QUESTIONS), run);
            }
            multiRun += runs.size() > 1 ? 1 : 0;
        }
        assertTrue(multiRun >= TRAFFIC.size() / 2, multiRun + " teams ran more than once");
    }

    @Test
    void runsAreBoundedBurstsNotSustainedTraffic() {
        for (List<InferenceEvent> events : TRAFFIC.values()) {
            int runs = runs(events).size();
            assertTrue(events.size() <= runs * 4 * JudgeEvalTeam.BUILT_IN_QUESTIONS.size(), events.size() + " calls");
        }
    }

    @Test
    void usesMtBenchsEightyQuestionsWhenTheTextSourceHasThem() {
        Path corpora = Path.of("../../shared/corpora");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(corpora.resolve("FastChat")));
        Sources sources = Sources.of(corpora, null);
        List<String> set = JudgeEvalTeam.questionSet(sources, false);
        assertEquals(80, set.size());
        TrafficGenerator g = new TrafficGenerator(CorpusSpec.empty(3, CorpusSpec.DEFAULT_START, Duration.ofHours(24))
                .withCount(ArchetypeKind.JUDGE_EVAL_TEAM, 1), sources);
        Set<String> both = new java.util.HashSet<>(set);
        both.addAll(JudgeEvalTeam.questionSet(sources, true));
        for (var it = g.events(); it.hasNext(); ) {
            String text = it.next().request().userText();
            assertTrue(both.stream().anyMatch(text::contains), text);
        }
    }
}
