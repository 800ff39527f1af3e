package dev.quarry.detectors.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.detectors.Traffic;
import dev.quarry.detectors.alert.DetectorFinding;
import dev.quarry.detectors.config.BenchmarkHarvestingConfig;
import dev.quarry.fingerprint.reference.ReferenceEntry;
import dev.quarry.fingerprint.reference.ReferenceIndex;
import dev.quarry.fingerprint.reference.ReferenceLookup;
import dev.quarry.ingest.EventBuilder;
import dev.quarry.ingest.InferenceEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BenchmarkHarvestingDetectorTest {
    private static final String[] VOCABULARY = ("apple river seven market train doctor copper lantern orbit tiger "
            + "basket ledger violin harbour meadow crystal engine pepper castle rocket saddle thunder wallet forest "
            + "garden hammer island jacket kettle ladder magnet needle oyster pillow quiver ribbon shovel tunnel "
            + "umbrella valley wagon yogurt zipper anchor bridge candle dragon feather glacier helmet iron").split(" ");
    private static List<String> items;
    private static ReferenceLookup reference;

    @BeforeAll
    static void buildReference() {
        Random rnd = new Random(7);
        items = new ArrayList<>();
        List<ReferenceEntry> entries = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            StringBuilder q = new StringBuilder("How many");
            for (int w = 0; w < 18; w++) {
                q.append(' ').append(VOCABULARY[rnd.nextInt(VOCABULARY.length)]);
            }
            items.add(q.append('?').toString());
            entries.add(new ReferenceEntry(i % 2 == 0 ? "gsm-like" : "mmlu-like", items.get(i)));
        }
        reference = ReferenceIndex.of(entries, ReferenceIndex.DEFAULT_MIN_SIMILARITY, ReferenceIndex.DEFAULT_MIN_WORDS);
    }

    private final BenchmarkHarvestingDetector detector =
            new BenchmarkHarvestingDetector(new BenchmarkHarvestingConfig(), reference);

    private static EventBuilder at(String client, int i) {
        return EventBuilder.event(client + "-" + i).client(client).at(Traffic.T0.plus(Duration.ofSeconds(7L * i)));
    }

    /** Sweeps items in order, wrapping each in a chain-of-thought request for a long worked answer. */
    private static List<InferenceEvent> harvester(String client, int requests) {
        List<InferenceEvent> out = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            out.add(at(client, i).user("Solve: " + items.get(i % items.size())
                            + "\n\nLet's think step by step. Show all intermediate reasoning.")
                    .temperature(0).maxTokens(2048).completionTokens(700).build());
        }
        return out;
    }

    @Test
    void flagsAClientSweepingBenchmarkItemsForWorkedAnswers() {
        DetectorFinding f = new DetectorHarness<>(detector).feed(harvester("key_h", 320)).last().orElseThrow();
        assertTrue(f.score() >= 0.7, "score " + f.score());
        assertEquals(320L, ((Number) f.evidence().get("distinct_items")).longValue());
        assertEquals(1.0, ((Number) f.evidence().get("matched_share")).doubleValue());
    }

    @Test
    void reachesMediumWellBeforeFullVolumeOfALargeDataset() {
        BenchmarkHarvestingConfig config = new BenchmarkHarvestingConfig();
        config.fullCoverage = 1.0; // as if the datasets were far larger than what was swept
        DetectorFinding f = new DetectorHarness<>(new BenchmarkHarvestingDetector(config, reference))
                .feed(harvester("key_h", 150)).last().orElseThrow();
        assertTrue(f.score() >= 0.5 && f.score() < 1, "score " + f.score());
    }

    @Test
    void countsCoveringAQuarterOfOneDatasetAsFullVolume() {
        DetectorFinding f = new DetectorHarness<>(detector).feed(harvester("key_h", 150)).last().orElseThrow();
        assertEquals(0.25, ((Number) f.evidence().get("top_dataset_coverage")).doubleValue());
        assertEquals(1.0, f.score());
    }

    @Test
    void staysQuietBelowTheWatchNumberOfDistinctItems() {
        assertTrue(new DetectorHarness<>(detector).feed(harvester("key_h", 49)).last().isEmpty());
    }

    @Test
    void doesNotCountTheSameItemTwice() {
        List<InferenceEvent> repeats = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            repeats.add(at("key_r", i).user(items.get(i % 10)).maxTokens(1024).completionTokens(500).build());
        }
        assertTrue(new DetectorHarness<>(detector).feed(repeats).last().isEmpty());
    }

    @Test
    void doesNotFlagAStudentAskingTwentyExamQuestionsBetweenOtherChats() {
        List<InferenceEvent> student = new ArrayList<>(Traffic.humanChat("key_s", 80, 3));
        for (int i = 0; i < 20; i++) {
            student.add(at("key_s", 100 + i).user(items.get(3 * i) + " Explain it please, step by step.")
                    .maxTokens(1024).completionTokens(400).build());
        }
        DetectorHarness<BenchmarkHarvestingDetector.State> h = new DetectorHarness<>(detector).feed(student);
        assertTrue(h.maxScore() == 0 && h.last().isEmpty(), () -> "finding " + h.last());
    }

    @Test
    void doesNotFlagAnEvaluationRunAskingForTheAnswerLetterOnly() {
        List<InferenceEvent> run = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            run.add(at("key_e", i).user(items.get(i) + "\nA. one\nB. two\nC. three\nD. four\n"
                            + "Answer with a single letter.")
                    .temperature(0).maxTokens(1).logprobs(true).topLogprobs(5).completionTokens(1).build());
        }
        DetectorHarness<BenchmarkHarvestingDetector.State> h = new DetectorHarness<>(detector).feed(run);
        assertTrue(h.maxScore() < 0.05, "max score " + h.maxScore());
        assertEquals(1.0, ((Number) h.lastReported().orElseThrow().evidence().get("answer_letter_ratio")).doubleValue());
    }

    @Test
    void doesNotFlagAnAppWhosePromptsAreMostlyNotBenchmarkItems() {
        List<InferenceEvent> mixed = new ArrayList<>(Traffic.humanChat("key_m", 400, 5));
        mixed.addAll(harvester("key_m", 120).stream()
                .map(e -> EventBuilder.from(e).eventId(e.eventId() + "-b").build()).toList());
        assertTrue(new DetectorHarness<>(detector).feed(mixed).last().isEmpty());
    }

    @Test
    void neverFiresWithoutReferenceSets() {
        BenchmarkHarvestingDetector blind = new BenchmarkHarvestingDetector(new BenchmarkHarvestingConfig(),
                ReferenceLookup.none());
        assertTrue(new DetectorHarness<>(blind).feed(harvester("key_h", 320)).last().isEmpty());
    }

    @Test
    void doesNotFlagAHumanChatting() {
        assertTrue(new DetectorHarness<>(detector).feed(Traffic.humanChat("key_c", 300, 9)).last().isEmpty());
    }
}
