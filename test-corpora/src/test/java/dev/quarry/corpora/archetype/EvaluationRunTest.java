package dev.quarry.corpora.archetype;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.corpora.CorpusSpec;
import dev.quarry.ingest.InferenceEvent;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import dev.quarry.corpora.TrafficGenerator;
import dev.quarry.corpora.source.Sources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluationRunTest {
    private static final Map<String, List<InferenceEvent>> TRAFFIC =
            Traffic.byClient(ArchetypeKind.EVALUATION_RUN, 12, Duration.ofHours(24));

    /** A multiple-choice run: one token with logprobs. */
    private static boolean multipleChoice(List<InferenceEvent> events) {
        return Integer.valueOf(1).equals(events.get(0).request().maxTokens());
    }

    /** The few-shot generative run: one user message, temperature 0, a cap of 256 tokens or more. */
    private static boolean fewShot(List<InferenceEvent> events) {
        InferenceEvent e = events.get(0);
        return !multipleChoice(events) && e.request().messages().size() == 1 && e.request().maxTokens() != null
                && e.request().maxTokens() >= 256 && e.request().maxTokens() <= 1024
                && Double.valueOf(0.0).equals(e.request().temperature()) && e.request().seed() == null
                && e.request().userText().split("\n").length > 4;
    }

    @Test
    void runsOneBoundedSweepAndThenStops() {
        long end = CorpusSpec.DEFAULT_START.toEpochMilli() + Duration.ofHours(24).toMillis();
        for (List<InferenceEvent> events : TRAFFIC.values()) {
            if (multipleChoice(events)) {
                assertTrue(events.size() >= EvaluationRun.MIN_ITEMS && events.size() <= EvaluationRun.MAX_ITEMS,
                        "calls " + events.size());
                assertTrue(events.get(events.size() - 1).tsMillis() < end - 6 * 3_600_000L,
                        "it stopped long before the end");
            }
            assertTrue(events.size() <= 36_000, "calls " + events.size());
        }
    }

    @Test
    void asksAtTemperatureZeroForOneTokenWithLogprobsOrForOneBoundedAnswerLength() {
        for (List<InferenceEvent> events : TRAFFIC.values()) {
            if (!multipleChoice(events) && !fewShot(events)) {
                continue;
            }
            for (InferenceEvent e : events) {
                assertEquals(0.0, e.request().temperature());
                assertTrue(e.request().logitBias() == null || e.request().logitBias().isEmpty());
                if (multipleChoice(events)) {
                    assertEquals(1, e.request().maxTokens());
                    assertEquals(Boolean.TRUE, e.request().logprobs());
                } else {
                    // lm-evaluation-harness generates up to 256 tokens by default; a run keeps one cap.
                    assertEquals(events.get(0).request().maxTokens(), e.request().maxTokens());
                    assertTrue(e.request().maxTokens() >= 256, "cap " + e.request().maxTokens());
                }
            }
        }
    }

    /**
     * An instructed suite keeps its sampling settings for the whole run and asks every item of a
     * pass of each model it compares: the same user turn under every model.
     */
    @Test
    void anInstructedSuiteAsksEveryItemOfEachModelItCompares() {
        int suites = 0;
        for (List<InferenceEvent> events : TRAFFIC.values()) {
            if (multipleChoice(events) || fewShot(events)) {
                continue;
            }
            suites++;
            Map<String, Set<String>> modelsPerItem = new HashMap<>();
            Set<String> models = new HashSet<>();
            for (InferenceEvent e : events) {
                assertEquals(events.get(0).request().temperature(), e.request().temperature());
                assertEquals(events.get(0).request().maxTokens(), e.request().maxTokens());
                models.add(e.model());
                modelsPerItem.computeIfAbsent(e.request().userText(), k -> new HashSet<>()).add(e.model());
            }
            long complete = modelsPerItem.values().stream().filter(m -> m.size() == models.size()).count();
            assertTrue(complete >= 0.9 * modelsPerItem.size(), complete + " of " + modelsPerItem.size()
                    + " items asked of all " + models.size() + " models");
        }
        assertTrue(suites >= 1, "no instructed suite among the clients");
    }

    /**
     * Evaluation harnesses score GSM8K on its test split: the items an evaluation run walks are
     * test questions, never training ones (its few-shot exemplars, shown with their answers, may be either).
     */
    @Test
    void walksGsm8kTestQuestionsOnly(@TempDir Path dir) throws Exception {
        Path data = Files.createDirectories(dir.resolve("grade-school-math/grade_school_math/data"));
        StringBuilder train = new StringBuilder();
        StringBuilder test = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            train.append("{\"question\": \"Training question ").append(i).append(": how many pens are left?\"}\n");
            test.append("{\"question\": \"Test question ").append(i).append(": how many cups are left?\"}\n");
        }
        Files.writeString(data.resolve("train.jsonl"), train);
        Files.writeString(data.resolve("test.jsonl"), test);
        int walked = 0;
        for (long seed = 1; seed <= 3; seed++) {
            CorpusSpec spec = CorpusSpec.empty(seed, CorpusSpec.DEFAULT_START, Duration.ofHours(12))
                    .withCount(ArchetypeKind.EVALUATION_RUN, 12);
            TrafficGenerator g = new TrafficGenerator(spec, Sources.of(dir, null));
            for (Iterator<InferenceEvent> it = g.events(); it.hasNext(); ) {
                String text = it.next().request().userText();
                for (String paragraph : text.split("\n\n")) {
                    // an exemplar carries its worked answer; the item walked has none yet
                    boolean exemplar = paragraph.contains("We work it out in order");
                    assertTrue(exemplar || !paragraph.contains("Training question"), "walked a training item: " + text);
                    walked += !exemplar && paragraph.contains("Test question") ? 1 : 0;
                }
            }
        }
        assertTrue(walked > 100, "GSM8K test items walked: " + walked);
    }
}
