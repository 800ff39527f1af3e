package dev.quarry.detectors.detector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.detectors.DistillationTraffic;
import dev.quarry.detectors.alert.DetectorFinding;
import dev.quarry.detectors.config.CapabilityCoverageConfig;
import dev.quarry.fingerprint.MinHasher;
import dev.quarry.fingerprint.PromptFeatures;
import dev.quarry.fingerprint.reference.ReferenceEntry;
import dev.quarry.fingerprint.reference.ReferenceIndex;
import dev.quarry.fingerprint.reference.ReferenceKind;
import dev.quarry.ingest.InferenceEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CapabilityCoverageDetectorTest {
    private final CapabilityCoverageDetector detector = new CapabilityCoverageDetector(new CapabilityCoverageConfig());

    @Test
    void flagsCodingDistillerSweepingManyTasksAtMachinePace() {
        DetectorFinding f = new DetectorHarness<>(detector).feed(DistillationTraffic.codingDistiller("key_c", 600))
                .last().orElseThrow();
        assertTrue(f.score() >= 0.5, "finding " + f);
    }

    /**
     * A sweep of a public instruction set's items is provenance, {@code benchmark_harvesting}'s to
     * count: coverage leaves those prompts out, so the same walk is not counted in two evidence
     * groups. Prompts that repeat a conversation set (questions real users type) still count.
     */
    @Test
    void leavesPromptsRepeatingAnInstructionSetToProvenance() {
        List<InferenceEvent> sweep = DistillationTraffic.codingDistiller("key_c", 600);
        List<ReferenceEntry> asInstructions = new ArrayList<>();
        List<ReferenceEntry> asConversations = new ArrayList<>();
        for (InferenceEvent e : sweep) {
            asInstructions.add(new ReferenceEntry("code-set", ReferenceKind.INSTRUCTION, e.request().userText()));
            asConversations.add(new ReferenceEntry("chat-set", ReferenceKind.CONVERSATION, e.request().userText()));
        }
        CapabilityCoverageDetector withInstructions = new CapabilityCoverageDetector(new CapabilityCoverageConfig(),
                new RequestDistillationScorer(), ReferenceIndex.of(asInstructions,
                        ReferenceIndex.DEFAULT_MIN_SIMILARITY, ReferenceIndex.DEFAULT_MIN_WORDS));
        CapabilityCoverageDetector withConversations = new CapabilityCoverageDetector(new CapabilityCoverageConfig(),
                new RequestDistillationScorer(), ReferenceIndex.of(asConversations,
                        ReferenceIndex.DEFAULT_MIN_SIMILARITY, ReferenceIndex.DEFAULT_MIN_WORDS));
        assertEquals(0.0, new DetectorHarness<>(withInstructions).feed(sweep).maxScore());
        assertTrue(new DetectorHarness<>(withConversations).feed(sweep).maxScore() >= 0.5);
    }

    /**
     * An agentic harvest has no instruction wording, but every call is a step of a trajectory this
     * client never opened (tool turns under a task it never sent on its own): unopened steps carry
     * the harvest style and the task spread.
     */
    @Test
    void flagsAnAgenticHarvestOfStepsFromTrajectoriesItNeverOpened() {
        DetectorFinding f = new DetectorHarness<>(detector).feed(DistillationTraffic.agenticDistiller("key_a", 600))
                .lastReported().orElseThrow();
        assertTrue(f.score() >= 0.5, "finding " + f);
        assertTrue(((Number) f.evidence().get("window_unopened_step_share")).doubleValue() > 0.9, "evidence " + f.evidence());
    }

    /** The same harvest inside the warm-up is not evidence: those could be conversations begun before Quarry watched. */
    @Test
    void countsNoUnopenedStepsDuringTheWarmUp() {
        CapabilityCoverageDetector longWarmUp = new CapabilityCoverageDetector(
                new CapabilityCoverageConfig().conversationWarmupMinutes(24 * 60));
        DetectorHarness<CapabilityCoverageDetector.State> h = new DetectorHarness<>(longWarmUp)
                .feed(DistillationTraffic.agenticDistiller("key_a", 600));
        assertTrue(h.maxScore() < 0.5, () -> "max score " + h.maxScore());
    }

    @Test
    void reportsTheWindowTestAgainstBenignChatAsEvidence() {
        DetectorFinding f = new DetectorHarness<>(detector).feed(DistillationTraffic.codingDistiller("key_c", 128))
                .last().orElseThrow();
        assertEquals(128L, ((Number) f.evidence().get("prompts")).longValue());
        assertTrue(((Number) f.evidence().get("mmd_null_sds")).doubleValue() > 3, "evidence " + f.evidence());
    }

    @Test
    void staysQuietBelowTheMinimumNumberOfPrompts() {
        assertTrue(new DetectorHarness<>(detector).feed(DistillationTraffic.codingDistiller("key_c", 63)).last().isEmpty());
    }

    @Test
    void doesNotFlagAHeavyChatUser() {
        assertQuiet(DistillationTraffic.heavyChatUser("key_h", 600, 3));
    }

    @Test
    void doesNotFlagADeveloperWithEditorCompletionsAndQuestions() {
        assertQuiet(DistillationTraffic.developer("key_dev", 1000));
    }

    @Test
    void doesNotFlagALegitimateCodingAgentWorkingThroughItsTasks() {
        assertQuiet(DistillationTraffic.codingAgentSessions("key_agent", 800));
    }

    @Test
    void skipsAnEvaluationRunsOneTokenAnswers() {
        DetectorHarness<CapabilityCoverageDetector.State> h = new DetectorHarness<>(detector)
                .feed(DistillationTraffic.evaluationRun("key_eval", 2000));
        assertTrue(h.last().isEmpty(), () -> "finding " + h.last());
    }

    @Test
    void doesNotFlagAStudent() {
        assertQuiet(DistillationTraffic.student("key_s", 150));
    }

    @Test
    void doesNotFlagARagApplication() {
        assertQuiet(DistillationTraffic.ragApplication("key_rag", 800));
    }

    @Test
    void stateRoundTripsToIdenticalBytesAndStaysSmall() throws IOException {
        MinHasher hasher = new MinHasher(64, 1);
        CapabilityCoverageDetector.State s = detector.newState();
        List<InferenceEvent> events = DistillationTraffic.codingDistiller("key_c", 2000);
        for (int i = 0; i < events.size(); i++) {
            detector.observe(events.get(i), PromptFeatures.of(events.get(i).request(), hasher), s);
            if (i == 1000) {
                // mid-window, so the open window's sum and bucket set are written too
                byte[] bytes = bytes(s);
                assertArrayEquals(bytes, bytes(detector.readState(new DataInputStream(new ByteArrayInputStream(bytes)))));
            }
        }
        byte[] bytes = bytes(s);
        assertArrayEquals(bytes, bytes(detector.readState(new DataInputStream(new ByteArrayInputStream(bytes)))));
        assertTrue(bytes.length < 4096, "state bytes " + bytes.length);
    }

    @Test
    void replayingTheSameEventsGivesTheSameScore() {
        List<InferenceEvent> events = DistillationTraffic.agenticDistiller("key_a", 300);
        assertEquals(new DetectorHarness<>(detector).feed(events).last(), new DetectorHarness<>(detector).feed(events).last());
    }

    @Test
    void doesNotFlagAContentProductFillingItsCustomersTopicsIntoOneTaskOverManySeeds() {
        String[] things = {"trail running shoes", "a budgeting app", "organic coffee beans", "a dental clinic",
            "cloud backup", "a yoga retreat", "electric bikes", "a law firm", "handmade candles", "a SaaS CRM",
            "kids' coding classes", "a bakery", "solar panels", "a travel insurance plan", "noise-cancelling headphones",
            "a language school", "vegan protein bars", "a car dealership", "home security cameras", "a wedding venue"};
        String[] audiences = {"busy parents", "students", "small business owners", "retirees", "developers", "nurses"};
        for (int seed = 0; seed < 12; seed++) {
            java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
            String[] frames = {"Write a %d-word blog post about %s for %s.", "Write a %d-word landing page for %s aimed at %s.",
                "Draft a %d-word newsletter featuring %s for %s."};
            int phrasings = 1 + r.nextInt(frames.length);
            List<InferenceEvent> events = new java.util.ArrayList<>();
            long t = 0;
            for (int i = 0; i < 600; i++) {
                t += 3 + r.nextInt(20);
                String user = String.format(frames[r.nextInt(phrasings)], 300 + 100 * r.nextInt(20),
                        things[r.nextInt(things.length)], audiences[r.nextInt(audiences.length)]);
                events.add(dev.quarry.ingest.EventBuilder.event("c" + seed + "-" + i).client("key_content")
                        .at(DistillationTraffic.T0.plusSeconds(t))
                        .system("You are the writing engine of a marketing platform. Match the brand voice, use headings.")
                        .user(user).maxTokens(2000 + r.nextInt(3000)).temperature(0.7).promptTokens(80)
                        .completionTokens(700 + r.nextInt(1900)).build());
            }
            assertQuiet(events);
        }
    }

    /** Never enough alone for the watch list (fusion's default {@code low}, 0.25). */
    private void assertQuiet(List<InferenceEvent> events) {
        DetectorHarness<CapabilityCoverageDetector.State> h = new DetectorHarness<>(detector).feed(events);
        assertTrue(h.maxScore() < 0.25, () -> "max score " + h.maxScore() + ", last " + h.last());
    }

    private static byte[] bytes(DetectorState s) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        s.writeTo(new DataOutputStream(out));
        return out.toByteArray();
    }
}
