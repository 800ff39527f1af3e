package dev.quarry.detectors.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.roaringbitmap.RoaringBitmap;

import dev.quarry.detectors.Traffic;
import dev.quarry.detectors.alert.DetectorFinding;
import dev.quarry.detectors.config.BenchmarkHarvestingConfig;
import dev.quarry.fingerprint.MinHasher;
import dev.quarry.fingerprint.PromptFeatures;
import dev.quarry.fingerprint.reference.ReferenceEntry;
import dev.quarry.fingerprint.reference.ReferenceIndex;
import dev.quarry.fingerprint.reference.ReferenceKind;
import dev.quarry.fingerprint.reference.ReferenceLookup;
import dev.quarry.ingest.EventBuilder;
import dev.quarry.ingest.InferenceEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchmarkHarvestingDetectorTest {
    private static final String[] VOCABULARY = ("apple river seven market train doctor copper lantern orbit tiger "
            + "basket ledger violin harbour meadow crystal engine pepper castle rocket saddle thunder wallet forest "
            + "garden hammer island jacket kettle ladder magnet needle oyster pillow quiver ribbon shovel tunnel "
            + "umbrella valley wagon yogurt zipper anchor bridge candle dragon feather glacier helmet iron").split(" ");
    /** Benchmark items, alternately of "gsm-like" (even indexes) and "mmlu-like" (odd), 300 each. */
    private static List<String> items;
    /** Items of the instruction set "alpaca-like". */
    private static List<String> instructions;
    /** Items of the conversation set "chat-like". */
    private static List<String> conversations;
    /** Items of the small benchmark "mt-like" (40 items, as MT-bench's 80 questions are few). */
    private static List<String> small;
    private static ReferenceLookup reference;

    @BeforeAll
    static void buildReference() {
        Random rnd = new Random(7);
        items = new ArrayList<>();
        instructions = new ArrayList<>();
        conversations = new ArrayList<>();
        small = new ArrayList<>();
        List<ReferenceEntry> entries = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            items.add(sentence("How many", rnd));
            entries.add(new ReferenceEntry(i % 2 == 0 ? "gsm-like" : "mmlu-like", items.get(i)));
        }
        for (int i = 0; i < 200; i++) {
            instructions.add(sentence("Write a short story about", rnd));
            entries.add(new ReferenceEntry("alpaca-like", ReferenceKind.INSTRUCTION, instructions.get(i)));
            conversations.add(sentence("Can you tell me why my", rnd));
            entries.add(new ReferenceEntry("chat-like", ReferenceKind.CONVERSATION, conversations.get(i)));
        }
        for (int i = 0; i < 40; i++) {
            small.add(sentence("Describe how the", rnd));
            entries.add(new ReferenceEntry("mt-like", small.get(i)));
        }
        reference = ReferenceIndex.of(entries, ReferenceIndex.DEFAULT_MIN_SIMILARITY, ReferenceIndex.DEFAULT_MIN_WORDS);
    }

    private static String sentence(String opening, Random rnd) {
        StringBuilder q = new StringBuilder(opening);
        for (int w = 0; w < 18; w++) {
            q.append(' ').append(VOCABULARY[rnd.nextInt(VOCABULARY.length)]);
        }
        return q.append('?').toString();
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
        config.fullCoverage(1.0); // as if the datasets were far larger than what was swept
        DetectorFinding f = new DetectorHarness<>(new BenchmarkHarvestingDetector(config, reference))
                .feed(harvester("key_h", 150)).last().orElseThrow();
        assertTrue(f.score() >= 0.5 && f.score() < 1, "score " + f.score());
    }

    @Test
    void countsCoveringAQuarterOfOneDatasetPastTheItemFloorAsFullVolume() {
        DetectorFinding f = new DetectorHarness<>(detector).feed(harvester("key_h", 220)).last().orElseThrow();
        assertTrue(((Number) f.evidence().get("top_dataset_coverage")).doubleValue() >= 0.25);
        assertEquals(1.0, f.score());
    }

    @Test
    void doesNotCountAQuarterOfASmallSetAsFullVolume() {
        List<InferenceEvent> out = new ArrayList<>();
        for (int i = 0; i < 60; i++) { // all of mt-like, then 20 gsm-like items: 60 distinct items
            String q = i < 40 ? small.get(i) : items.get(2 * i);
            out.add(at("key_small", i).user(q).maxTokens(2048).completionTokens(700).build());
        }
        DetectorFinding f = new DetectorHarness<>(detector).feed(out).last().orElseThrow();
        assertEquals(1.0, ((Number) f.evidence().get("top_dataset_coverage")).doubleValue());
        assertTrue(f.score() <= 0.29, "score " + f.score());
    }

    /**
     * A developer trying a new model: a few dozen items from several public sets (a small one
     * covered in part), asked for full answers, before any prompt of their own, so the share is
     * 100%. At most the watch list, which support cannot lift to medium.
     */
    @Test
    void keepsADeveloperTryingAFewDozenItemsFromSeveralSetsOnTheWatchList() {
        List<InferenceEvent> out = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            out.add(at("key_try", 3 * i).user(small.get(i)).completionTokens(600).build());
            out.add(at("key_try", 3 * i + 1).user(items.get(2 * i)).completionTokens(500).build());
            out.add(at("key_try", 3 * i + 2).user(items.get(2 * i + 1)).maxTokens(4096).completionTokens(300).build());
        }
        for (int i = 0; i < 15; i++) {
            out.add(at("key_try", 100 + i).user(instructions.get(i)).completionTokens(400).build());
        }
        DetectorHarness<BenchmarkHarvestingState> h = new DetectorHarness<>(detector).feed(out);
        assertTrue(h.maxScore() > 0 && h.maxScore() <= 0.29, "max score " + h.maxScore());
        assertEquals(Boolean.TRUE, h.last().orElseThrow().evidence().get("below_item_floor"));
    }

    /** A slow harvester, one item every five minutes for 12 hours over two sets, is still caught. */
    @Test
    void flagsASlowHarvesterOnceItsWalkPassesTheItemFloor() {
        List<InferenceEvent> out = new ArrayList<>();
        for (int i = 0; i < 144; i++) {
            out.add(EventBuilder.event("slow-" + i).client("key_slow").at(Traffic.T0.plus(Duration.ofMinutes(5L * i)))
                    .user(items.get(i) + "\nExplain your reasoning in full.").temperature(0.3).maxTokens(1500)
                    .completionTokens(500).build());
        }
        DetectorFinding f = new DetectorHarness<>(detector).feed(out).last().orElseThrow();
        assertTrue(f.score() >= 0.5, "score " + f.score());
    }

    /** A harvester that rewords each item (two words changed, a lead-in of its own) is still caught. */
    @Test
    void flagsAParaphrasingHarvester() {
        Random rnd = new Random(5);
        List<InferenceEvent> out = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String[] words = items.get(i).split(" ");
            int swap = 2 + rnd.nextInt(words.length - 4);
            String w = words[swap];
            words[swap] = words[swap + 1];
            words[swap + 1] = w;
            words[2 + rnd.nextInt(words.length - 3)] = VOCABULARY[rnd.nextInt(VOCABULARY.length)];
            out.add(at("key_para", i).user("Here is a problem for you.\n" + String.join(" ", words)
                            + "\nWork through it carefully and justify every step.")
                    .temperature(0.7).maxTokens(2048).completionTokens(600).build());
        }
        DetectorHarness<BenchmarkHarvestingState> h = new DetectorHarness<>(detector).feed(out);
        DetectorFinding f = h.last().orElseThrow();
        assertTrue(number(f, "distinct_items") >= 200, "matched " + f.evidence());
        assertTrue(f.score() >= 0.5, "score " + f.score());
    }

    /**
     * An evaluation suite in lm-evaluation-harness's few-shot form over two benchmarks, one pass,
     * chain-of-thought answers: each prompt carries three solved exemplars under the labels of the
     * item. Breadth and worked answers, but the harness form keeps it where support cannot lift it.
     */
    @Test
    void keepsAFewShotEvaluationSuiteOverTwoBenchmarksBelowWhatSupportCanLiftToMedium() {
        Random rnd = new Random(21);
        StringBuilder shots = new StringBuilder();
        for (int k = 0; k < 3; k++) { // solved exemplars from a training split (not in the index)
            shots.append("Question: ").append(sentence("Tom buys", rnd)).append("\nAnswer: ")
                    .append("We count each part in turn. The answer is ").append(k + 3).append(".\n\n");
        }
        List<InferenceEvent> out = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            out.add(at("key_harness", i).user(shots + "Question: " + items.get(i) + "\nAnswer:")
                    .temperature(0).maxTokens(256).completionTokens(120 + i % 90).build());
        }
        DetectorHarness<BenchmarkHarvestingState> h = new DetectorHarness<>(detector).feed(out);
        DetectorFinding f = h.last().orElseThrow();
        assertTrue(number(f, "sources_walked") >= 2, "walk " + f.evidence());
        assertEquals(1.0, ((Number) f.evidence().get("few_shot_share")).doubleValue());
        assertTrue(h.maxScore() <= 0.29, "max score " + h.maxScore());
    }

    /**
     * A zero-shot evaluation suite over two benchmarks, one pass, one model, worked answers of a
     * few hundred tokens: every item under an instruction that names the parseable form of the
     * final answer (the answer slot simple-evals and Inspect templates end with). Breadth and worked
     * answers, but the harness form keeps it where support cannot lift it to medium.
     */
    @Test
    void keepsAZeroShotSuiteWithAnAnswerSlotBelowWhatSupportCanLiftToMedium() {
        List<InferenceEvent> out = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            out.add(at("key_suite", i).user("Work through the problem below. Your final line must read "
                    + "'Answer: $VALUE'.\n\n" + items.get(i)).temperature(0.5).completionTokens(250 + i % 200).build());
        }
        DetectorHarness<BenchmarkHarvestingState> h = new DetectorHarness<>(detector).feed(out);
        DetectorFinding f = h.last().orElseThrow();
        assertTrue(number(f, "sources_walked") >= 2, "walk " + f.evidence());
        assertEquals(1.0, ((Number) f.evidence().get("answer_slot_share")).doubleValue());
        assertTrue(h.maxScore() <= 0.29, "max score " + h.maxScore());
    }

    /**
     * The dataset-split side claims worked-answer items only: an item under an answer slot (a
     * team evaluating its own subjects of a benchmark) is not claimed; the same item asked for a
     * worked answer is.
     */
    @Test
    void doesNotClaimAnAnswerSlotItemForTheDatasetSplit() {
        MinHasher hasher = new MinHasher(64, 0x51A2_77E5L);
        InferenceEvent slot = at("key_s", 1).user(items.get(5) + "\nReply with the final value after ####.")
                .temperature(0).maxTokens(1024).completionTokens(300).build();
        InferenceEvent worked = at("key_s", 2).user(items.get(5) + "\n\nLet's think step by step.")
                .temperature(0).maxTokens(1024).completionTokens(300).build();
        assertTrue(detector.harvestedItem(slot, PromptFeatures.of(slot.request(), hasher)).isEmpty());
        assertTrue(detector.harvestedItem(worked, PromptFeatures.of(worked.request(), hasher)).isPresent());
    }

    /**
     * A tutoring app's students follow up on a third of the items they paste: once its follow-ups
     * reach fullFollowUpShare of its prompts, its items are not claimed for the dataset split.
     * A client that sends the same items single-turn keeps claiming them.
     */
    @Test
    void doesNotClaimItemsOfAClientWhoseStudentsFollowUp() {
        MinHasher hasher = new MinHasher(64, 0x51A2_77E5L);
        List<InferenceEvent> tutoring = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            tutoring.add(at("key_tutor", 2 * i).system("You are a patient tutor.").user(items.get(i))
                    .maxTokens(1500).completionTokens(500).build());
            if (i % 3 == 0) {
                tutoring.add(at("key_tutor", 2 * i + 1).system("You are a patient tutor.").user(items.get(i))
                        .assistant("First we find the total, then we divide.").user("why divide at the end?")
                        .maxTokens(1500).completionTokens(300).build());
            }
        }
        InferenceEvent next = at("key_tutor", 100).system("You are a patient tutor.").user(items.get(40))
                .maxTokens(1500).completionTokens(500).build();
        PromptFeatures f = PromptFeatures.of(next.request(), hasher);
        BenchmarkHarvestingState students = new DetectorHarness<>(detector).feed(tutoring).state();
        assertTrue(detector.harvestedItem(next, f, students).isEmpty());
        BenchmarkHarvestingState single = new DetectorHarness<>(detector)
                .feed(tutoring.stream().filter(e -> e.request().messages().size() == 2).toList()).state();
        assertTrue(detector.harvestedItem(next, f, single).isPresent());
    }

    /** The same suite with a third of its items open-ended (answers for a judge): still a harness. */
    @Test
    void keepsASuiteMixingSlottedAndOpenEndedItemsBelowMedium() {
        List<InferenceEvent> out = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            String item = items.get(i);
            out.add(at("key_mixed", i).user(i % 3 == 0 ? item : item + "\nEnd with #### and the number.")
                    .temperature(0).completionTokens(300).build());
        }
        DetectorHarness<BenchmarkHarvestingState> h = new DetectorHarness<>(detector).feed(out);
        assertTrue(h.maxScore() <= 0.29, "max score " + h.maxScore() + " " + h.last().orElseThrow().evidence());
    }

    /**
     * Three models compared on the same items, each item sent to every model back to back (runs in
     * flight together): comparisons, counted as re-runs; one model sampled three times in a row is
     * a harvester taking several answers per item and is not discounted.
     */
    @Test
    void discountsItemsComparedAcrossModelsButNotSampledFromOneModel() {
        List<InferenceEvent> compared = new ArrayList<>();
        List<InferenceEvent> sampled = new ArrayList<>();
        String[] models = {"model-a", "model-b", "model-c"};
        for (int i = 0; i < 450; i++) {
            String prompt = "Solve: " + items.get(i / 3) + "\n\nShow your reasoning.";
            compared.add(at("key_cmp", i).model(models[i % 3]).user(prompt).temperature(0).maxTokens(1024)
                    .completionTokens(400).build());
            sampled.add(at("key_smp", i).model("model-a").user(prompt).temperature(0.9).maxTokens(1024)
                    .completionTokens(400).build());
        }
        DetectorHarness<BenchmarkHarvestingState> c = new DetectorHarness<>(detector).feed(compared);
        DetectorHarness<BenchmarkHarvestingState> s = new DetectorHarness<>(detector).feed(sampled);
        assertTrue(number(c.last().orElseThrow(), "rerun_ratio") >= 2.9, "compared " + c.last().orElseThrow().evidence());
        assertTrue(c.maxScore() < 0.5, "compared max " + c.maxScore());
        assertTrue(s.last().orElseThrow().score() >= 0.5, "sampled " + s.last().orElseThrow().evidence());
    }

    /**
     * A tutoring app whose students paste exam items (most of its prompts) and follow up on a
     * third of them: the follow-ups quarter what the items alone would score, low enough that
     * supporting evidence at its loudest (which at most doubles the weight) keeps it under
     * {@code medium}.
     */
    @Test
    void quartersTheScoreOfAnAppWhoseStudentsFollowUpOnTheItemsTheyPaste() {
        List<InferenceEvent> pasted = new ArrayList<>();
        List<InferenceEvent> withFollowUps = new ArrayList<>();
        for (int i = 0; i < 240; i++) {
            InferenceEvent item = at("key_tutor", 2 * i).system("You are a patient tutor.").user(items.get(i))
                    .temperature(0.6).maxTokens(1500).completionTokens(500).build();
            pasted.add(item);
            withFollowUps.add(item);
            if (i % 3 == 0) {
                withFollowUps.add(at("key_tutor", 2 * i + 1).system("You are a patient tutor.").user(items.get(i))
                        .assistant("First we find the total, then we divide.").user("why do you divide at the end?")
                        .temperature(0.6).maxTokens(1500).completionTokens(300).build());
            }
        }
        double alone = new DetectorHarness<>(detector).feed(pasted).maxScore();
        DetectorHarness<BenchmarkHarvestingState> h = new DetectorHarness<>(detector).feed(withFollowUps);
        assertTrue(alone >= 0.5, "items alone " + alone);
        assertTrue(h.last().orElseThrow().score() < 0.25 * alone + 1e-9 && h.maxScore() < 0.29,
                "with follow-ups " + h.maxScore() + " (alone " + alone + ")");
    }

    /**
     * A person trying instructions from a public set, re-asking some of them later (drawn at
     * random, with repeats), is discounted as re-runs, unlike a harvester sampling each item
     * several times in a row.
     */
    @Test
    void discountsInstructionItemsReaskedLaterButNotSampledInARow() {
        Random rnd = new Random(9);
        List<InferenceEvent> out = new ArrayList<>();
        for (int i = 0; i < 260; i++) {
            out.add(at("key_person", i).user(instructions.get(rnd.nextInt(150))).temperature(0.8)
                    .completionTokens(300 + rnd.nextInt(300)).build());
        }
        DetectorFinding f = new DetectorHarness<>(detector).feed(out).last().orElseThrow();
        assertTrue(((Number) f.evidence().get("rerun_ratio")).doubleValue() >= 1.5, "evidence " + f.evidence());
        assertTrue(f.score() < 0.5, "score " + f.score());
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
        DetectorHarness<BenchmarkHarvestingState> h = new DetectorHarness<>(detector).feed(student);
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
        DetectorHarness<BenchmarkHarvestingState> h = new DetectorHarness<>(detector).feed(run);
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

    private static long number(DetectorFinding f, String key) {
        return ((Number) f.evidence().get(key)).longValue();
    }

    /**
     * One benchmark with a training and a test split, read from files as an operator's reference
     * directory holds them: a zero-shot chain-of-thought walk of the training split over a working
     * day is harvesting (training questions are what distillation sets are built from); the same
     * walk of the test split, one benchmark, stays below {@code medium} on provenance alone.
     */
    @Test
    void flagsAWalkOfABenchmarksTrainingSplitButNotTheSameWalkOfItsTestSplit(@TempDir Path dir) throws IOException {
        Random rnd = new Random(11);
        List<String> train = new ArrayList<>();
        List<String> test = new ArrayList<>();
        StringBuilder trainFile = new StringBuilder();
        StringBuilder testFile = new StringBuilder();
        for (int i = 0; i < 900; i++) {
            String q = sentence(i % 3 == 0 ? "How many" : "A farmer has", rnd);
            (i < 700 ? train : test).add(q);
            (i < 700 ? trainFile : testFile).append("{\"question\": \"").append(q).append("\"}\n");
        }
        Files.createDirectories(dir.resolve("word-problems/data"));
        Files.writeString(dir.resolve("word-problems/data/train.jsonl"), trainFile);
        Files.writeString(dir.resolve("word-problems/data/test.jsonl"), testFile);
        ReferenceIndex index = ReferenceIndex.load(dir);
        BenchmarkHarvestingDetector d = new BenchmarkHarvestingDetector(new BenchmarkHarvestingConfig(), index);
        double[] maxScore = new double[2];
        for (int split = 0; split < 2; split++) {
            List<String> walked = split == 0 ? train : test;
            List<InferenceEvent> out = new ArrayList<>();
            for (int i = 0; i < 180; i++) {
                out.add(EventBuilder.event("s" + split + "-" + i).client("key_s" + split)
                        .at(Traffic.T0.plus(Duration.ofSeconds(200L * i)))
                        .user(walked.get(i) + "\n\nLet's think step by step, then give the final answer on its own "
                                + "line.")
                        .temperature(0.6).completionTokens(300).build());
            }
            DetectorHarness<BenchmarkHarvestingState> h = new DetectorHarness<>(d).feed(out);
            maxScore[split] = h.maxScore();
            DetectorFinding f = h.last().orElseThrow();
            assertEquals(Map.of("benchmark", 180L, "instruction", 0L), f.evidence().get("kinds"));
            assertEquals(split == 0 ? 180L : 0L, number(f, "training_split_items"));
        }
        assertTrue(maxScore[0] >= 0.5, "training split walked: " + maxScore[0]);
        assertTrue(maxScore[1] < 0.5, "test split walked: " + maxScore[1]);
        // A prompt optimiser's run over the same training questions, in one burst, stays capped.
        List<InferenceEvent> burst = new ArrayList<>();
        for (int i = 0; i < 180; i++) {
            burst.add(EventBuilder.event("o-" + i).client("key_opt").at(Traffic.T0.plus(Duration.ofSeconds(15L * i)))
                    .user(train.get(i) + "\n\nLet's think step by step, then give the final answer on its own "
                            + "line.").temperature(0.6).completionTokens(300).build());
        }
        double burstScore = new DetectorHarness<>(d).feed(burst).maxScore();
        assertTrue(burstScore <= 0.29, "one run over the training split: " + burstScore);
    }

    @Test
    void flagsAnInstructionSetHarvesterWalkingOneSet() {
        List<InferenceEvent> out = new ArrayList<>();
        for (int i = 0; i < 180; i++) {
            out.add(at("key_i", i).user(instructions.get(i) + "\nRespond in detail.").temperature(0.7)
                    .completionTokens(400).build());
        }
        DetectorFinding f = new DetectorHarness<>(detector).feed(out).last().orElseThrow();
        assertTrue(f.score() >= 0.7, "score " + f.score());
        assertEquals(Map.of("benchmark", 0L, "instruction", 180L), f.evidence().get("kinds"));
        assertEquals(1L, number(f, "sources_walked"));
    }

    @Test
    void doesNotDiscountAnInstructionSetHarvesterSamplingEachItemThreeTimes() {
        List<InferenceEvent> out = new ArrayList<>();
        for (int i = 0; i < 450; i++) {
            out.add(at("key_i", i).user(instructions.get(i / 3)).temperature(1.0).maxTokens(1024)
                    .completionTokens(380).build());
        }
        DetectorFinding f = new DetectorHarness<>(detector).feed(out).last().orElseThrow();
        assertTrue(f.score() >= 0.7, "score " + f.score());
        assertEquals(3.0, ((Number) f.evidence().get("repeat_ratio")).doubleValue());
    }

    private static final String[] LEAD_INS = {"", "Next task: ", "One more for the doc - ", "fyi ", "Here goes: "};
    private static final String[] TAILS = {"", " Full answer please.", " Cover every part.", " Make it long."};

    /**
     * A client walking an instruction set over a working day, as an adaptive distiller does: each
     * item drawn at random (so some come back), reworded with a lead-in and a tail, at a varied
     * temperature, in sessions of a few calls with pauses between; {@code calls} prompts spread
     * over {@code hours}.
     */
    private static List<InferenceEvent> paraphrasedInstructionWalk(String client, int calls, int hours, long seed) {
        Random rnd = new Random(seed);
        List<InferenceEvent> out = new ArrayList<>();
        long spacing = hours * 3_600L / calls;
        for (int i = 0; i < calls; i++) {
            String text = LEAD_INS[rnd.nextInt(LEAD_INS.length)] + instructions.get(rnd.nextInt(instructions.size()))
                    + TAILS[rnd.nextInt(TAILS.length)];
            out.add(EventBuilder.event(client + "-" + i).client(client)
                    .at(Traffic.T0.plus(Duration.ofSeconds(i * spacing + rnd.nextInt((int) spacing / 2))))
                    .user(text).temperature(0.2 + rnd.nextInt(100) / 100.0).completionTokens(300 + rnd.nextInt(900))
                    .build());
        }
        return out;
    }

    @Test
    void flagsAParaphrasedInstructionWalkOverHoursAtAFewDozenItems() {
        for (long seed = 1; seed <= 5; seed++) {
            DetectorHarness<BenchmarkHarvestingState> h = new DetectorHarness<>(detector)
                    .feed(paraphrasedInstructionWalk("key_ad" + seed, 50, 6, seed));
            DetectorFinding f = h.last().orElseThrow();
            assertTrue(number(f, "distinct_items") < new BenchmarkHarvestingConfig().watchItems(), "evidence " + f.evidence());
            assertEquals(Boolean.TRUE, f.evidence().get("instruction_walk"), "evidence " + f.evidence());
            assertTrue(f.score() >= 0.5, "score " + f.score() + " " + f.evidence());
        }
    }

    @Test
    void doesNotCountAFewDozenItemsOfASetTooLargeForThemToCoverAsAWalk() {
        // The same paraphrased walk of 50 items of the 200-item set, for a detector that wants a
        // third of a set covered: 25% is a few dozen items of a large set of everyday tasks, the
        // overlap of a developer's own questions with Code Alpaca, no walk. The item floor of
        // mediumItems still lets a larger walk of such a set count.
        BenchmarkHarvestingDetector strict = new BenchmarkHarvestingDetector(
                new BenchmarkHarvestingConfig().instructionWalkCoverage(0.3), reference);
        for (long seed = 1; seed <= 3; seed++) {
            List<InferenceEvent> walk = paraphrasedInstructionWalk("key_dev" + seed, 50, 6, seed);
            DetectorHarness<BenchmarkHarvestingState> h = new DetectorHarness<>(strict).feed(walk);
            assertEquals(0.0, h.maxScore(), "under the watch number of items and no walk: nothing");
            DetectorFinding lenient = new DetectorHarness<>(new BenchmarkHarvestingDetector(
                    new BenchmarkHarvestingConfig().instructionWalkCoverage(0.2), reference)).feed(walk).last().orElseThrow();
            assertEquals(Boolean.TRUE, lenient.evidence().get("instruction_walk"), "evidence " + lenient.evidence());
        }
    }

    @Test
    void keepsTheSameWalkInOneBurstBelowWhatSupportCanLiftToMedium() {
        // 80 instruction items asked in one sitting of under an hour, then the person's own questions
        List<InferenceEvent> out = new ArrayList<>();
        Random rnd = new Random(3);
        for (int i = 0; i < 80; i++) {
            out.add(at("key_try", 5 * i).user(instructions.get(i)).temperature(0.7).completionTokens(500).build());
        }
        for (int i = 0; i < 40; i++) {
            out.add(EventBuilder.event("key_try-own-" + i).client("key_try")
                    .at(Traffic.T0.plus(Duration.ofMinutes(60 + 15L * i))).user(sentence("Could you help me plan", rnd))
                    .completionTokens(400).build());
        }
        DetectorHarness<BenchmarkHarvestingState> h = new DetectorHarness<>(detector).feed(out);
        assertTrue(h.maxScore() > 0 && h.maxScore() <= 0.29, "max score " + h.maxScore());
        assertEquals(Boolean.FALSE, h.lastReported().orElseThrow().evidence().get("instruction_walk"));
    }

    @Test
    void doesNotFlagAPersonPastingAFewInstructionItemsAmongTheirOwnQuestionsAllDay() {
        // 30 instruction items among 120 questions of their own, over 12 hours
        Random rnd = new Random(5);
        List<InferenceEvent> out = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            String text = i % 5 == 2 ? instructions.get(i / 5) : sentence("Could you help me plan", rnd);
            out.add(EventBuilder.event("key_p-" + i).client("key_p").at(Traffic.T0.plus(Duration.ofMinutes(5L * i)))
                    .user(text).temperature(0.8).completionTokens(600).build());
        }
        DetectorHarness<BenchmarkHarvestingState> h = new DetectorHarness<>(detector).feed(out);
        assertEquals(0.0, h.maxScore(), "max score");
    }

    @Test
    void doesNotCountAnAppReaskingAFewFixedInstructionTasksAllDayAsAWalk() {
        // 50 fixed tasks that are instruction items, asked over and over, as 55% of 1,100 prompts over 11 hours
        Random rnd = new Random(13);
        List<InferenceEvent> out = new ArrayList<>();
        for (int i = 0; i < 1_100; i++) {
            String text = rnd.nextInt(100) < 55 ? instructions.get(rnd.nextInt(50)) : sentence("Could you help me plan", rnd);
            out.add(EventBuilder.event("key_app-" + i).client("key_app").at(Traffic.T0.plus(Duration.ofSeconds(36L * i)))
                    .user(text).temperature(0.2).completionTokens(500).build());
        }
        DetectorHarness<BenchmarkHarvestingState> h = new DetectorHarness<>(detector).feed(out);
        assertTrue(h.maxScore() < 0.29, "max score " + h.maxScore());
        assertEquals(Boolean.FALSE, h.lastReported().orElseThrow().evidence().get("instruction_walk"));
    }

    @Test
    void needsMostPromptsToBeInstructionItemsByTheBinomialTest() {
        // the walk above, with as many questions of the client's own interleaved: half, not mostly
        Random rnd = new Random(11);
        List<InferenceEvent> out = new ArrayList<>();
        for (InferenceEvent e : paraphrasedInstructionWalk("key_half", 80, 8, 4)) {
            out.add(e);
            out.add(EventBuilder.from(e).eventId(e.eventId() + "-own").user(sentence("Could you help me plan", rnd))
                    .build());
        }
        DetectorHarness<BenchmarkHarvestingState> h = new DetectorHarness<>(detector).feed(out);
        assertTrue(h.maxScore() < 0.29, "max score " + h.maxScore());
    }

    @Test
    void keepsASingleBenchmarkChainOfThoughtEvaluationRepeatedOverThreeRunsBelowMedium() {
        Random rnd = new Random(11);
        List<InferenceEvent> runs = new ArrayList<>();
        for (int run = 0; run < 3; run++) {
            for (int i = 0; i < 300; i++) { // every gsm-like item, in order, as a harness task does
                runs.add(at("key_eval", run * 300 + i).user("Question: " + items.get(2 * i)
                                + "\nAnswer: Let's think step by step.")
                        .temperature(0).maxTokens(512).completionTokens(260 + rnd.nextInt(80)).build());
            }
        }
        DetectorHarness<BenchmarkHarvestingState> h = new DetectorHarness<>(detector).feed(runs);
        DetectorFinding f = h.last().orElseThrow();
        assertTrue(h.maxScore() < 0.5, "max score " + h.maxScore());
        assertTrue(f.score() < 0.25, "score after three runs " + f.score());
        assertEquals(1L, number(f, "sources_walked"));
        assertEquals(3.0, ((Number) f.evidence().get("repeat_ratio")).doubleValue());
        assertEquals(1.0, ((Number) f.evidence().get("worked_answer_ratio")).doubleValue());
    }

    /**
     * An open-ended suite: every item of two benchmarks once, one benchmark after the other,
     * zero-shot with long answers for a judge, on one model, at a harness's pace (one call every
     * {@code gapSeconds}).
     */
    private static List<InferenceEvent> suite(String client, long gapSeconds) {
        List<InferenceEvent> out = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            String q = items.get(i < 300 ? 2 * i : 2 * (i - 300) + 1); // all gsm-like, then all mmlu-like
            out.add(EventBuilder.event(client + "-" + i).client(client)
                    .at(Traffic.T0.plus(Duration.ofSeconds(gapSeconds * i))).user(q)
                    .maxTokens(2048).completionTokens(600).build());
        }
        return out;
    }

    @Test
    void keepsOneRunOfAnOpenEndedSuiteOverTwoBenchmarksBelowWhatSupportCanLiftToMedium() {
        for (long gap : new long[] {1, 7, 12}) { // 10 minutes to 2 hours
            DetectorHarness<BenchmarkHarvestingState> h = new DetectorHarness<>(detector).feed(suite("key_s", gap));
            DetectorFinding f = h.last().orElseThrow();
            assertTrue(h.maxScore() <= 0.29, "gap " + gap + " s: max score " + h.maxScore());
            assertEquals(2L, number(f, "sources_walked"));
            assertEquals(Boolean.TRUE, f.evidence().get("one_run"));
        }
    }

    @Test
    void flagsTheSameWalkWhenItGoesOnHourAfterHour() {
        DetectorFinding f = new DetectorHarness<>(detector).feed(suite("key_s", 60)).last().orElseThrow(); // 10 hours
        assertEquals(Boolean.FALSE, f.evidence().get("one_run"));
        assertTrue(number(f, "new_item_hours") >= 10, "hours " + f.evidence().get("new_item_hours"));
        assertTrue(f.score() >= 0.9, "score " + f.score());
    }

    @Test
    void flagsPooledSetsDrawnItemByItemEvenInOneBurst() {
        DetectorFinding f = new DetectorHarness<>(detector).feed(harvester("key_h", 300)).last().orElseThrow();
        assertEquals(Boolean.FALSE, f.evidence().get("one_run"));
        assertTrue(((Number) f.evidence().get("set_change_share")).doubleValue() > 0.9);
        assertTrue(f.score() >= 0.9, "score " + f.score());
    }

    @Test
    void doesNotCountReRunsOfTheSameItemsAsNewHours() {
        List<InferenceEvent> runs = new ArrayList<>();
        for (int run = 0; run < 4; run++) { // the same 300 items, one run every three hours, for another model
            for (int i = 0; i < 300; i++) {
                runs.add(EventBuilder.event("key_r-" + run + "-" + i).client("key_r")
                        .at(Traffic.T0.plus(Duration.ofHours(3L * run).plusSeconds(2L * i))).model("model-" + run)
                        .user(items.get(i < 150 ? 2 * i : 2 * (i - 150) + 1)).maxTokens(2048).completionTokens(600)
                        .build());
            }
        }
        DetectorHarness<BenchmarkHarvestingState> h = new DetectorHarness<>(detector).feed(runs);
        DetectorFinding f = h.last().orElseThrow();
        assertTrue(number(f, "new_item_hours") <= 1, "hours " + f.evidence().get("new_item_hours"));
        assertTrue(h.maxScore() <= 0.29, "max score " + h.maxScore());
    }

    @Test
    void keepsTheHoursAndSetChangesAcrossARestore() throws IOException {
        DetectorHarness<BenchmarkHarvestingState> h = new DetectorHarness<>(detector).feed(suite("key_s", 60));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        h.state().writeTo(new DataOutputStream(bytes));
        BenchmarkHarvestingState back =
                detector.readState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertEquals(h.state().newItemHours, back.newItemHours);
        assertEquals(h.state().lastNewItemHour, back.lastNewItemHour);
        assertEquals(h.state().setChanges, back.setChanges);
        assertEquals(1, back.setChanges, "one benchmark after the other");
    }

    @Test
    void scoresAWalkOfTwoSetsAboveTheSameVolumeFromOneBenchmark() {
        List<InferenceEvent> one = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            one.add(at("key_1", i).user("Solve: " + items.get(2 * i)).maxTokens(2048).completionTokens(700).build());
        }
        double single = new DetectorHarness<>(detector).feed(one).last().orElseThrow().score();
        double two = new DetectorHarness<>(detector).feed(harvester("key_2", 200)).last().orElseThrow().score();
        assertTrue(single < 0.5 && two >= 0.9, "one set " + single + ", two sets " + two);
    }

    @Test
    void doesNotCountConversationMatchesAsMatchedItems() {
        List<InferenceEvent> out = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            out.add(at("key_c", i).user(conversations.get(i)).maxTokens(2048).completionTokens(600).build());
        }
        DetectorHarness<BenchmarkHarvestingState> h = new DetectorHarness<>(detector).feed(out);
        assertEquals(0.0, h.maxScore());
        assertEquals(0L, h.state().matched());
        assertEquals(200L, h.state().conversation());
    }

    @Test
    void countsConversationMatchesAsOrdinaryPromptsInTheShare() {
        List<InferenceEvent> out = new ArrayList<>(harvester("key_m", 100));
        for (int i = 0; i < 200; i++) {
            out.add(at("key_m", 1000 + i).user(conversations.get(i)).maxTokens(2048).completionTokens(600).build());
        }
        DetectorHarness<BenchmarkHarvestingState> h = new DetectorHarness<>(detector).feed(out);
        assertTrue(h.last().isEmpty(), () -> "finding " + h.last());
        assertEquals(100.0 / 300, h.state().matched() / (double) h.state().prompts(), 1e-9);
    }

    @Test
    void doesNotFlagASupportAssistantWhoseCustomersAskCommonQuestions() {
        Random rnd = new Random(3);
        List<InferenceEvent> out = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            out.add(at("key_support", i).user("Customer message: " + conversations.get(rnd.nextInt(conversations.size()))
                            + "\n\nReply as the Acme help desk, friendly and complete.")
                    .temperature(0.3).maxTokens(800).completionTokens(250 + rnd.nextInt(200)).build());
        }
        DetectorHarness<BenchmarkHarvestingState> h = new DetectorHarness<>(detector).feed(out);
        assertEquals(0.0, h.maxScore());
        assertTrue(h.last().isEmpty());
    }

    @Test
    void readsStateWrittenBeforeSetsHadKinds() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeLong(70); // format 1: prompts, matched, harvest-like, evaluation-like, last source, bitmaps
        out.writeLong(60);
        out.writeLong(55);
        out.writeLong(0);
        out.writeUTF("gsm-like");
        out.writeInt(1);
        out.writeUTF("gsm-like");
        RoaringBitmap ids = RoaringBitmap.bitmapOfRange(0, 60);
        ids.serialize(out);
        BenchmarkHarvestingState s =
                detector.readState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertEquals(70, s.prompts());
        assertEquals(60, s.matched());
        assertEquals(ReferenceKind.BENCHMARK, s.sources.get("gsm-like").kind);
        assertEquals(60, s.sources.get("gsm-like").prompts);
    }
}
