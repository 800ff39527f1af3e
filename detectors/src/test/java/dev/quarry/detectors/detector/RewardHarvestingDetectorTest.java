package dev.quarry.detectors.detector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.detectors.Traffic;
import dev.quarry.detectors.alert.DetectorFinding;
import dev.quarry.detectors.config.RewardHarvestingConfig;
import dev.quarry.fingerprint.reference.ReferenceEntry;
import dev.quarry.fingerprint.reference.ReferenceIndex;
import dev.quarry.fingerprint.reference.ReferenceKind;
import dev.quarry.ingest.Endpoint;
import dev.quarry.ingest.EventBuilder;
import dev.quarry.ingest.InferenceEvent;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Judging traffic written for these tests from the published judge prompts' descriptions
 * (MT-bench, UltraFeedback, Constitutional AI, RLAIF), with randomised wording, scales, volumes,
 * output lengths and runs.
 */
class RewardHarvestingDetectorTest {
    private final RewardHarvestingDetector detector = new RewardHarvestingDetector(new RewardHarvestingConfig());

    private static final String[] SUBJECTS = {"photosynthesis", "a binary heap", "the Treaty of Utrecht", "compound interest",
        "a sonnet about rain", "TCP slow start", "the causes of the Great Depression", "a SQL join", "plate tectonics",
        "a cover letter for a nurse", "recursion in Python", "the immune system", "a haiku about autumn", "Bayes' theorem",
        "an email declining a meeting", "the French Revolution", "a REST API for a library", "black holes",
        "a product description for running shoes", "the Krebs cycle", "gradient descent", "a limerick about cats",
        "supply and demand", "the water cycle", "a regex for dates", "Kant's categorical imperative", "vaccines",
        "a bedtime story about a fox", "inflation targeting", "a unit test for a stack", "the Silk Road", "climate models"};
    private static final String[] ASKS = {"Explain %s to a beginner.", "Write %s.", "What are the main criticisms of %s?",
        "Give three examples involving %s.", "Summarise %s in one paragraph.", "Debug this attempt at %s.",
        "Compare %s with an alternative.", "How would you teach %s to a child?", "Draft %s in a formal tone."};

    /** A broad, ever new task: subject, ask and a detail, so each one is distinct. */
    private static String task(Random rnd) {
        return String.format(ASKS[rnd.nextInt(ASKS.length)], SUBJECTS[rnd.nextInt(SUBJECTS.length)])
                + " Keep it under " + (50 + rnd.nextInt(400)) + " words and mention case " + rnd.nextInt(1_000_000) + ".";
    }

    private static String answer(Random rnd) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0, n = 2 + rnd.nextInt(5); i < n; i++) {
            sb.append("Sentence ").append(i).append(" about ").append(SUBJECTS[rnd.nextInt(SUBJECTS.length)]).append(". ");
        }
        return sb.toString();
    }

    /** One judging prompt in one of the published shapes, its wording varied. */
    static String judgePrompt(Random rnd, String question) {
        return judgePrompt(rnd, question, rnd.nextInt(5));
    }

    /** One judging prompt of the given shape (0-4). */
    static String judgePrompt(Random rnd, String question, int shape) {
        int top = rnd.nextBoolean() ? 10 : 5;
        switch (shape) {
            case 0: // MT-bench pairwise
                return (rnd.nextBoolean() ? "Please act as an impartial judge and evaluate the two responses below."
                        : "You are a fair evaluator. Decide which assistant answered better.")
                        + "\n\n[User Question]\n" + question + "\n\n[The Start of Assistant A's Answer]\n" + answer(rnd)
                        + "\n[The End of Assistant A's Answer]\n\n[The Start of Assistant B's Answer]\n" + answer(rnd)
                        + "\n[The End of Assistant B's Answer]\n\nOutput your final verdict: \"[[A]]\" if A is better, "
                        + "\"[[B]]\" if B is better, \"[[C]]\" for a tie.";
            case 1: // UltraFeedback-style rating of several texts
                StringBuilder uf = new StringBuilder("Rate each text for helpfulness on a scale of 1 to " + top
                        + ", then give a one-sentence rationale.\n\nInstruction: " + question + "\n\nTexts:\n");
                for (int i = 1, n = 2 + rnd.nextInt(3); i <= n; i++) {
                    uf.append("<text ").append(i).append("> ").append(answer(rnd)).append('\n');
                }
                return uf.toString();
            case 2: // Constitutional AI style choice
                return "Consider the following conversation between a human and an assistant.\nHuman: " + question
                        + "\n\nWhich of these assistant responses is " + (rnd.nextBoolean() ? "less harmful" : "more helpful")
                        + "?\nResponse A: " + answer(rnd) + "\nResponse B: " + answer(rnd) + "\nThe answer is:";
            case 3: // single answer, rubric
                return "Score the response below from 1 to " + top + " using this rubric: accuracy, relevance, depth."
                        + "\n\n[Question]\n" + question + "\n\nResponse: " + answer(rnd) + "\n\nReply with the score only.";
            default: // ranking
                StringBuilder rk = new StringBuilder("Rank the following candidate answers from best to worst.\n\n"
                        + "Prompt: " + question + "\n\n");
                for (int i = 1, n = 3 + rnd.nextInt(3); i <= n; i++) {
                    rk.append("[Answer ").append(i).append("]\n").append(answer(rnd)).append("\n\n");
                }
                return rk.append("Output the ranking as a list of numbers.").toString();
        }
    }

    private static InferenceEvent judging(String client, int i, Instant ts, String prompt, Random rnd) {
        EventBuilder b = EventBuilder.event(client + "-" + i).client(client).at(ts).model("orion-large");
        if (rnd.nextInt(3) == 0) {
            b.system("You are a careful grader.");
        }
        return b.user(prompt).temperature(0.0).maxTokens(16 + rnd.nextInt(300))
                .completionTokens(2 + rnd.nextInt(120)).build();
    }

    /** A harvester: every day new broad tasks, each judged one to four times within minutes. */
    static List<InferenceEvent> harvester(String client, long seed, int days, int tasksPerDay) {
        Random rnd = new Random(seed);
        List<InferenceEvent> out = new ArrayList<>();
        int i = 0;
        for (int d = 0; d < days; d++) {
            Instant t = Traffic.T0.plus(Duration.ofDays(d));
            for (int k = 0; k < tasksPerDay; k++) {
                String q = task(rnd);
                for (int j = 0, n = 1 + rnd.nextInt(4); j < n; j++) {
                    t = t.plusSeconds(2 + rnd.nextInt(20));
                    out.add(judging(client, i++, t, judgePrompt(rnd, q), rnd));
                }
            }
        }
        return out;
    }

    /**
     * An evaluation team: a fixed question set judged in a few runs (a burst each, on different
     * days, one judge template per run), every question once per model under test.
     */
    static List<InferenceEvent> evaluationTeam(String client, long seed, int questions, int runs, int models) {
        Random rnd = new Random(seed);
        List<String> set = new ArrayList<>();
        for (int q = 0; q < questions; q++) {
            set.add(task(rnd));
        }
        List<InferenceEvent> out = new ArrayList<>();
        int i = 0;
        for (int run = 0; run < runs; run++) {
            Instant t = Traffic.T0.plus(Duration.ofDays(run * (1 + rnd.nextInt(10)))).plus(Duration.ofHours(rnd.nextInt(8)));
            int shape = rnd.nextInt(5);
            for (int m = 0; m < models; m++) {
                for (String q : set) {
                    t = t.plusSeconds(1 + rnd.nextInt(6));
                    out.add(judging(client, i++, t, judgePrompt(rnd, q, shape), rnd));
                }
            }
        }
        return out;
    }

    /** A moderation app: one instruction, a new user comment every time, rated 1-5, for weeks. */
    static List<InferenceEvent> moderationApp(String client, long seed, int comments) {
        Random rnd = new Random(seed);
        String[] instructions = {"Rate the toxicity of the following user comment on a scale of 1 to 5.",
            "On a 1-5 scale, how offensive is this comment? Answer with a number.",
            "Score this forum reply from 1 (harmless) to 5 (abusive)."};
        String instruction = instructions[rnd.nextInt(instructions.length)];
        List<InferenceEvent> out = new ArrayList<>();
        for (int i = 0; i < comments; i++) {
            String comment = "User " + rnd.nextInt(100_000) + " wrote about " + SUBJECTS[rnd.nextInt(SUBJECTS.length)]
                    + ": " + answer(rnd);
            String prompt = rnd.nextBoolean() ? instruction + "\n\nComment: \"" + comment + "\""
                    : instruction + "\n\nResponse: " + comment;
            out.add(judging(client, i, Traffic.T0.plus(Duration.ofSeconds(30L * i + rnd.nextInt(30))), prompt, rnd));
        }
        return out;
    }

    /** A tutoring app: students' answers to one syllabus's questions, graded against a rubric. */
    static List<InferenceEvent> tutoringApp(String client, long seed, int gradings) {
        Random rnd = new Random(seed);
        List<String> syllabus = new ArrayList<>();
        for (int q = 0, n = 40 + rnd.nextInt(160); q < n; q++) {
            syllabus.add("Week " + (1 + q / 10) + ", exercise " + q + ": explain " + SUBJECTS[q % 8] + " in your own words.");
        }
        int top = rnd.nextBoolean() ? 10 : 5;
        List<InferenceEvent> out = new ArrayList<>();
        for (int i = 0; i < gradings; i++) {
            String prompt = "Question: " + syllabus.get(rnd.nextInt(syllabus.size())) + "\nStudent answer: "
                    + answer(rnd) + "\n\nGrade the student's answer from 0 to " + top + " using the course rubric "
                    + "and give one sentence of feedback.";
            out.add(judging(client, i, Traffic.T0.plus(Duration.ofSeconds(90L * i + rnd.nextInt(60))), prompt, rnd));
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void flagsAHarvesterJudgingNewBroadTasksDayAfterDay(long seed) {
        DetectorFinding f = new DetectorHarness<>(detector).feed(harvester("key_rh", seed, 6, 300)).last().orElseThrow();
        assertTrue(f.score() >= 0.5, "score " + f.score() + " " + f.evidence());
        assertTrue(((Number) f.evidence().get("distinct_judged_tasks")).longValue() > 1000, f.evidence().toString());
        @SuppressWarnings("unchecked")
        Map<String, Object> formats = (Map<String, Object>) f.evidence().get("formats");
        assertTrue(((Number) formats.get("pairwise")).longValue() > 0 && ((Number) formats.get("rank")).longValue() > 0
                && ((Number) formats.get("grade")).longValue() > 0, formats.toString());
    }

    @Test
    void flagsAOneDayHarvestLargerThanAnyBenchmark() {
        DetectorFinding f = new DetectorHarness<>(detector).feed(harvester("key_rh", 9, 1, 6000)).last().orElseThrow();
        assertTrue(f.score() >= 0.5, "score " + f.score() + " " + f.evidence());
    }

    /** A harvester working through {@code tasks} new tasks paced evenly over {@code hours} hours of one day. */
    static List<InferenceEvent> workingDay(String client, long seed, int tasks, double hours) {
        Random rnd = new Random(seed);
        List<InferenceEvent> out = new ArrayList<>();
        double gap = hours * 3600.0 / tasks;
        Instant t = Traffic.T0.plus(Duration.ofHours(rnd.nextInt(6)));
        int i = 0;
        for (int k = 0; k < tasks; k++) {
            String q = task(rnd);
            for (int j = 0, n = 1 + rnd.nextInt(3); j < n; j++) {
                t = t.plusMillis((long) (1000 * gap / 2 * (0.5 + rnd.nextDouble())));
                out.add(judging(client, i++, t, judgePrompt(rnd, q), rnd));
            }
        }
        return out;
    }

    @Test
    void flagsAWorkingDayOfNewTasksOverManySeeds() {
        Random rnd = new Random(17);
        for (int seed = 0; seed < 10; seed++) {
            int tasks = 1_000 + rnd.nextInt(2_000);
            double hours = 6 + 6 * rnd.nextDouble();
            DetectorFinding f = new DetectorHarness<>(detector).feed(workingDay("key_rh", seed, tasks, hours)).last()
                    .orElseThrow();
            assertTrue(f.score() >= 0.5, tasks + " tasks over " + hours + " h: " + f.score() + " " + f.evidence());
            assertTrue(((Number) f.evidence().get("hours_with_new_tasks")).intValue() >= 6, f.evidence().toString());
        }
    }

    /** Three public sets of 700 made-up items each, and a detector that indexes them. */
    private static final class PublicSets {
        final List<List<String>> sets = new ArrayList<>();
        final RewardHarvestingDetector detector;

        PublicSets() {
            Random words = new Random(3);
            String[] vocabulary = new String[3_000];
            for (int i = 0; i < vocabulary.length; i++) {
                vocabulary[i] = Long.toString(Math.abs(words.nextLong()) % 1_000_000_000L, 36);
            }
            List<ReferenceEntry> entries = new ArrayList<>();
            for (String name : new String[] {"instructions-a", "instructions-b", "benchmark-c"}) {
                List<String> items = new ArrayList<>();
                for (int k = 0; k < 700; k++) {
                    StringBuilder item = new StringBuilder("Explain");
                    for (int w = 0; w < 14; w++) {
                        item.append(' ').append(vocabulary[words.nextInt(vocabulary.length)]);
                    }
                    items.add(item.append('.').toString());
                    entries.add(new ReferenceEntry(name, ReferenceKind.INSTRUCTION, items.get(k)));
                }
                sets.add(items);
            }
            detector = new RewardHarvestingDetector(new RewardHarvestingConfig(),
                    ReferenceIndex.of(entries, ReferenceIndex.DEFAULT_MIN_SIMILARITY, ReferenceIndex.DEFAULT_MIN_WORDS));
        }

        /** {@code n} items, taken set after set, or shuffled together. */
        List<String> items(int n, boolean pooled, Random rnd) {
            List<String> all = new ArrayList<>();
            for (List<String> set : sets) {
                all.addAll(set.subList(0, n / sets.size()));
            }
            if (pooled) {
                java.util.Collections.shuffle(all, rnd);
            }
            return all;
        }
    }

    @Test
    void aPooledMixOfPublicSetsCountsWhereOneBenchmarkAfterAnotherDoesNot() {
        PublicSets sets = new PublicSets();
        for (int seed = 0; seed < 4; seed++) {
            Random rnd = new Random(seed);
            DetectorFinding harvest = new DetectorHarness<>(sets.detector).feed(paced("key_mix", sets.items(2_100, true, rnd),
                    1, rnd)).last().orElseThrow();
            DetectorFinding eval = new DetectorHarness<>(sets.detector).feed(paced("key_eval", sets.items(2_100, false, rnd),
                    1, rnd)).last().orElseThrow();
            assertEquals(3, harvest.evidence().get("public_sets"), harvest.evidence().toString());
            assertTrue(harvest.score() >= 0.5, "pooled: " + harvest.score() + " " + harvest.evidence());
            assertEquals(3, eval.evidence().get("public_sets"), eval.evidence().toString());
            assertTrue(eval.score() < 0.5, "one set after another: " + eval.score() + " " + eval.evidence());
        }
    }

    @Test
    void aFewHundredPooledTasksOverAWorkingDayAreACampaignButNotInABurstOrFromOneSet() {
        PublicSets sets = new PublicSets();
        for (int seed = 0; seed < 4; seed++) {
            Random rnd = new Random(seed);
            int n = 360 + rnd.nextInt(200);
            double campaign = new DetectorHarness<>(sets.detector).feed(paced("key_c", sets.items(n, true, rnd), 9, rnd))
                    .last().orElseThrow().score();
            double burst = new DetectorHarness<>(sets.detector).feed(paced("key_b", sets.items(n, true, rnd), 0.5, rnd))
                    .maxScore();
            double blocked = new DetectorHarness<>(sets.detector).feed(paced("key_o", sets.items(n, false, rnd), 9, rnd))
                    .maxScore();
            assertTrue(campaign >= 0.5, n + " tasks over 9 h, pooled: " + campaign);
            assertTrue(burst < 0.5, n + " tasks in half an hour: " + burst);
            assertTrue(blocked < 0.5, n + " tasks over 9 h, one set after another: " + blocked);
        }
    }

    @Test
    void aThrottledHarvestOfAHundredOddPooledTasksOverAWorkingDayReachesMediumWhereABenchmarkDoesNot() {
        PublicSets sets = new PublicSets();
        for (int seed = 0; seed < 6; seed++) {
            Random rnd = new Random(seed);
            int n = 120 + rnd.nextInt(150);
            double hours = 8 + 4 * rnd.nextDouble();
            DetectorFinding throttled = new DetectorHarness<>(sets.detector)
                    .feed(paced("key_t", sets.items(n, true, rnd), hours, rnd)).last().orElseThrow();
            double mtBench = new DetectorHarness<>(sets.detector).feed(paced("key_mt", sets.items(78, true, rnd), hours, rnd))
                    .maxScore();
            double burst = new DetectorHarness<>(sets.detector).feed(paced("key_b", sets.items(n, true, rnd), 1, rnd))
                    .maxScore();
            assertTrue(throttled.score() >= 0.5, n + " tasks over " + hours + " h: " + throttled.score() + " "
                    + throttled.evidence());
            assertEquals(0.0, mtBench, "a benchmark-sized set never scores, however paced");
            assertTrue(burst < 0.5, n + " pooled tasks in an hour: " + burst);
        }
    }

    @Test
    void doesNotFlagAnEvaluationTeamRunningAPooledPublicMixOverSeveralRuns() {
        PublicSets sets = new PublicSets();
        for (int seed = 0; seed < 6; seed++) {
            Random rnd = new Random(seed);
            List<String> mix = sets.items(150 + rnd.nextInt(400), true, rnd);
            List<InferenceEvent> runs = new ArrayList<>();
            for (int run = 0, n = 2 + rnd.nextInt(2); run < n; run++) {
                runs.addAll(paced("key_team", mix, 1.5, rnd, Traffic.T0.plus(Duration.ofHours(4L * run)), run * mix.size()));
            }
            double max = new DetectorHarness<>(sets.detector).feed(runs).maxScore();
            assertTrue(max < 0.5, "seed " + seed + ": " + max);
        }
    }

    /** Every task once, spread evenly over {@code hours}. */
    private static List<InferenceEvent> paced(String client, List<String> tasks, double hours, Random rnd) {
        return paced(client, tasks, hours, rnd, Traffic.T0, 0);
    }

    /** Every task once, spread evenly over {@code hours} from {@code start}; event numbers from {@code first}. */
    private static List<InferenceEvent> paced(String client, List<String> tasks, double hours, Random rnd, Instant start,
            int first) {
        List<InferenceEvent> out = new ArrayList<>();
        Instant t = start;
        long gap = (long) (hours * 3_600_000 / tasks.size());
        for (int i = 0; i < tasks.size(); i++) {
            t = t.plusMillis(gap / 2 + rnd.nextInt((int) Math.max(1, gap)));
            out.add(judging(client, first + i, t, judgePrompt(rnd, tasks.get(i), 3), rnd));
        }
        return out;
    }

    @Test
    void doesNotFlagEvaluationTeamsOverManySeeds() {
        Random rnd = new Random(42);
        for (int seed = 0; seed < 30; seed++) {
            int questions = seed % 3 == 0 ? 80 : 200 + rnd.nextInt(900);
            List<InferenceEvent> events = evaluationTeam("key_ev", seed, questions, 1 + rnd.nextInt(3), 1 + rnd.nextInt(3));
            double max = new DetectorHarness<>(detector).feed(events).maxScore();
            assertTrue(max < 0.5, "seed " + seed + " with " + questions + " questions: " + max);
            if (questions == 80) {
                assertEquals(0.0, max, "MT-bench-sized sets never score");
            }
        }
    }

    @Test
    void doesNotFlagAModerationAppRatingCommentsOverManySeeds() {
        for (int seed = 0; seed < 20; seed++) {
            double max = new DetectorHarness<>(detector).feed(moderationApp("key_mod", seed, 1500 + seed * 200)).maxScore();
            assertTrue(max < 0.5, "seed " + seed + ": " + max);
        }
    }

    @Test
    void doesNotFlagATutoringAppGradingOneSyllabusOverManySeeds() {
        for (int seed = 0; seed < 20; seed++) {
            double max = new DetectorHarness<>(detector).feed(tutoringApp("key_tut", seed, 2000 + seed * 150)).maxScore();
            assertTrue(max < 0.5, "seed " + seed + ": " + max);
        }
    }

    @Test
    void ignoresOrdinaryChatAndEmbeddings() {
        assertTrue(new DetectorHarness<>(detector).feed(Traffic.humanChat("key_h", 400, 3)).last().isEmpty());
        assertTrue(new DetectorHarness<>(detector).feed(Traffic.templatedDistiller("key_d", 300)).last().isEmpty());
        InferenceEvent embedding = EventBuilder.event("e").endpoint(Endpoint.EMBEDDINGS)
                .prompt(judgePrompt(new Random(1), "What is a heap?")).build();
        RewardHarvestingDetector.State s = detector.newState();
        assertTrue(detector.observe(embedding, null, s).isEmpty());
        assertEquals(0, s.requests);
    }

    @Test
    void recognisesEachPublishedShapeAndIgnoresLookAlikes() {
        Random rnd = new Random(5);
        for (int k = 0; k < 200; k++) {
            assertNotNull(JudgeRequest.parse("", judgePrompt(rnd, task(rnd))), "shape " + k);
        }
        assertNull(JudgeRequest.parse("", "What is the best interest rate I can get on a savings account, and how "
                + "do banks score my credit? Please compare the two main options."));
        assertNull(JudgeRequest.parse("", "Which is better for a beginner, Python or JavaScript? I want to build "
                + "websites and maybe some data analysis later."));
        assertNull(JudgeRequest.parse("", "Question: What is the capital of France?\nOptions: (A) Paris (B) Lyon "
                + "(C) Nice (D) Lille\nAnswer:"));
    }

    @Test
    void recognisesAComparisonWhateverItsAdjectives() {
        Random rnd = new Random(8);
        String hh = "Below is a dialogue and two candidate assistant turns. Which turn is more accurate and less "
                + "toxic? Reply (A) or (B) only.\n\nHuman: " + task(rnd) + "\n\n[Response A]\n" + answer(rnd)
                + "\n\n[Response B]\n" + answer(rnd);
        String choice = "Here are two attempts at the request \"" + task(rnd) + "\". Choose the clearer reply and "
                + "say how sure you are.\n\nResponse A:\n" + answer(rnd) + "\n\nResponse B:\n" + answer(rnd);
        assertEquals(JudgeRequest.PAIRWISE, JudgeRequest.parse("", hh).formats() & JudgeRequest.PAIRWISE);
        assertEquals(JudgeRequest.PAIRWISE, JudgeRequest.parse("", choice).formats() & JudgeRequest.PAIRWISE);
        assertNull(JudgeRequest.parse("", "Which of these SQL queries is faster? Select the customers whose orders "
                + "are larger than the average, or pick the other one with a join.\nQuery A: SELECT ...\nQuery B: ..."));
    }

    @Test
    void readsMarkdownHeadingLabelsAndAQuotedTaskBeforeLabelledCandidates() {
        Random rnd = new Random(12);
        String q1 = task(rnd);
        String q2 = task(rnd);
        String headed = "Grade the assistant output below from 1 to 5 for correctness.\n## Task\n" + q1
                + "\n## Output\n" + answer(rnd);
        JudgeRequest.Parsed h = JudgeRequest.parse("", headed);
        assertNotNull(h, "heading labels");
        assertEquals(JudgeRequest.GRADE, h.formats() & JudgeRequest.GRADE);
        assertTrue(h.beforeCandidates().contains(q1) && !h.beforeCandidates().contains("Sentence"), h.beforeCandidates());
        assertNotNull(JudgeRequest.parse("", "How good is this answer? Give it a score from 1 to 10.\n\n[Task]\n" + q1
                + "\n\n[Model answer]\n" + answer(rnd)), "a bracketed label on its own line");
        String quoted1 = "A user sent this request: \"" + q1 + "\". Select the better answer and say why.\n\nAnswer A: "
                + answer(rnd) + "\n\nAnswer B: " + answer(rnd);
        String quoted1Again = "A user sent this request: \"" + q1 + "\". Select the better answer and say why.\n\nAnswer A: "
                + answer(rnd) + "\n\nAnswer B: " + answer(rnd);
        String quoted2 = "A user sent this request: \"" + q2 + "\". Select the better answer and say why.\n\nAnswer A: "
                + answer(rnd) + "\n\nAnswer B: " + answer(rnd);
        JudgeRequest.Parsed a = JudgeRequest.parse("", quoted1);
        assertNotNull(a, "a forced choice between labelled answers");
        assertEquals(JudgeRequest.PAIRWISE, a.formats() & JudgeRequest.PAIRWISE);
        assertEquals(2, a.candidates());
        assertEquals(a.taskHash(), JudgeRequest.parse("", quoted1Again).taskHash(), "one task, other candidates");
        assertTrue(a.taskHash() != JudgeRequest.parse("", quoted2).taskHash(), "the quoted task names the task");
        assertNull(JudgeRequest.parse("", "Pick the best title for my blog post about \"how we moved our billing "
                + "service to event sourcing in six weeks\" and explain."));
        assertNull(JudgeRequest.parse("", "Choose the better option for a small team: hosted Postgres or running "
                + "our own cluster on three VMs? We have one ops person."));
    }

    @Test
    void namesTheSameTaskAcrossDifferentCandidatesAndWording() {
        Random rnd = new Random(8);
        String q = "Explain how a bloom filter works.";
        String a = "Rank the following candidate answers from best to worst.\n\nPrompt: " + q + "\n\n[Answer 1]\n"
                + answer(rnd) + "\n\n[Answer 2]\n" + answer(rnd) + "\n\n[Answer 3]\n" + answer(rnd);
        String b = "Rank the following candidate answers from best to worst.\n\nPrompt: " + q + "\n\n[Answer 1]\n"
                + answer(rnd) + "\n\n[Answer 2]\n" + answer(rnd);
        JudgeRequest.Parsed pa = JudgeRequest.parse("", a);
        JudgeRequest.Parsed pb = JudgeRequest.parse("", b);
        assertEquals(pa.taskHash(), pb.taskHash());
        assertEquals(3, pa.candidates());
        assertEquals(JudgeRequest.RANK, pa.formats() & JudgeRequest.RANK);
    }

    @Test
    void stateRoundTripsAndRejectsAnUnknownFormat() throws Exception {
        DetectorHarness<RewardHarvestingDetector.State> h = new DetectorHarness<>(detector)
                .feed(harvester("key_rh", 4, 2, 200));
        byte[] bytes = StateBytes.of(h.state());
        byte[] again = StateBytes.of(detector.readState(new DataInputStream(new ByteArrayInputStream(bytes))));
        assertArrayEquals(bytes, again);
        assertTrue(bytes.length < 3_000, "bounded state: " + bytes.length);
        assertEquals(9 + 8, StateBytes.of(detector.newState()).length);
        bytes[0] = 9;
        assertThrows(java.io.IOException.class,
                () -> detector.readState(new DataInputStream(new ByteArrayInputStream(bytes))));
    }

    @Test
    void rejectsInconsistentThresholds() {
        RewardHarvestingConfig c = new RewardHarvestingConfig();
        c.fullTasks(c.watchTasks());
        assertThrows(IllegalArgumentException.class, () -> new RewardHarvestingDetector(c));
    }
}
