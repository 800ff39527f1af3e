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
        DetectorHarness<CapabilityCoverageState> h = new DetectorHarness<>(longWarmUp)
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
        DetectorHarness<CapabilityCoverageState> h = new DetectorHarness<>(detector)
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
        CapabilityCoverageState s = detector.newState();
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
        for (int seed = 0; seed < 12; seed++) {
            assertQuiet(contentProduct(seed, 600, 0));
        }
    }

    /**
     * A content product's windows vary with its customers' topics: over a day of them, none rises
     * above its own history, so what its shape makes ordinary stays ordinary for it.
     */
    @Test
    void aProductVaryingAsItAlwaysDidNeverRisesAboveItsOwnHistory() {
        for (int seed = 0; seed < 12; seed++) {
            CapabilityCoverageState s = detector.newState();
            int risen = 0;
            int windows = 0;
            MinHasher hasher = new MinHasher(64, 0x51A2_77E5L);
            for (InferenceEvent e : contentProduct(seed, 900, 0)) {
                double[] before = s.lastWindow;
                detector.observe(e, PromptFeatures.of(e.request(), hasher), s);
                if (s.lastWindow != before) {
                    windows++;
                    risen += detector.risenAboveOwnHistory(s) ? 1 : 0;
                }
            }
            assertTrue(windows > new CapabilityCoverageConfig().ownBaselineWindows(), "windows " + windows);
            assertEquals(0, risen, "seed " + seed + ": risen windows of " + windows);
        }
    }

    /**
     * An account that ran as a content product for hours and then turned to sweeping coding tasks
     * (an aged or stolen product key): its windows rise above its own history, and stay risen
     * while the sweep goes on, since risen windows never join the baseline.
     */
    @Test
    void aProductKeyThatTurnsToSweepingRisesAboveItsOwnHistory() {
        List<InferenceEvent> events = new ArrayList<>(contentProduct(3, 600, -40_000));
        events.addAll(DistillationTraffic.codingDistiller("key_content", 400));
        DetectorHarness<CapabilityCoverageState> h = new DetectorHarness<>(detector).feed(events);
        assertTrue(detector.risenAboveOwnHistory(h.state()), "not risen: " + h.last());
        DetectorFinding f = h.lastReported().orElseThrow();
        assertEquals(true, f.evidence().get("own_risen"), "evidence " + f.evidence());
        assertTrue(((Number) f.evidence().get("own_baseline_windows")).intValue() >= 8, "evidence " + f.evidence());
        assertTrue(((Number) f.evidence().get("own_baseline_mean")).doubleValue() < 0.2, "evidence " + f.evidence());
    }

    /**
     * A reseller key (Anthropic 2026: proxies "mix distillation traffic with unrelated customer
     * requests"): customers' chat under their own system prompts and, under the key's own, a
     * sweep of reasoned tasks, blended at 30-50% of a busy key's calls. The window's mean style is
     * diluted by the chat; the harvest is judged as a component.
     */
    @Test
    void flagsAHarvestBlendedIntoCustomersChatUnderItsOwnSystemPromptOverManySeeds() {
        for (int seed = 0; seed < 8; seed++) {
            double share = 0.3 + 0.2 * seed / 7.0;
            DetectorHarness<CapabilityCoverageState> h = new DetectorHarness<>(detector)
                    .feed(multiTenantKey("key_reseller", 900, seed, share, false));
            int seedFinal = seed;
            assertTrue(h.maxScore() >= 0.5, () -> "seed " + seedFinal + ": max " + h.maxScore() + ", " + h.last());
        }
    }

    /** The same key's score without components (a component never counts): what dilution costs. */
    @Test
    void theBlendedComponentIsWhatLiftsTheResellerAboveItsDilutedWindow() {
        CapabilityCoverageDetector whole = new CapabilityCoverageDetector(new CapabilityCoverageConfig().blendMinPrompts(1000));
        List<InferenceEvent> events = multiTenantKey("key_reseller", 900, 3, 0.3, false);
        double diluted = new DetectorHarness<>(whole).feed(events).maxScore();
        double component = new DetectorHarness<>(detector).feed(events).maxScore();
        assertTrue(component > diluted + 0.1, "component " + component + ", whole window " + diluted);
    }

    /**
     * A multi-tenant product without a harvest: the same busy key and customers' chat, with a
     * tenant that writes marketing texts in long form under its own system prompt (one task
     * filled with its customers' products) in place of the sweep.
     */
    @Test
    void doesNotFlagAMultiTenantKeyWhoseLongFormTenantFillsOneTaskOverManySeeds() {
        for (int seed = 0; seed < 12; seed++) {
            DetectorHarness<CapabilityCoverageState> h = new DetectorHarness<>(detector)
                    .feed(multiTenantKey("key_tenants", 900, seed, 0.3 + 0.2 * (seed % 4) / 3.0, true));
            int seedFinal = seed;
            assertTrue(h.maxScore() < 0.5, () -> "seed " + seedFinal + ": max " + h.maxScore() + ", " + h.last());
        }
    }

    /**
     * A quieter reseller key, 60-100 calls an hour, over twelve hours: too busy for the slow
     * path as a whole, too slow for the main window's pace. Its own job, about half the calls,
     * runs below human pace and keeps coming back: the slow path judges it at its own pace.
     */
    @Test
    void flagsAQuietResellerKeysHarvestAtItsOwnPaceOverManySeeds() {
        int flagged = 0;
        StringBuilder scores = new StringBuilder();
        for (int seed = 0; seed < 6; seed++) {
            DetectorHarness<CapabilityCoverageState> h = new DetectorHarness<>(detector)
                    .feed(multiTenantKey("key_quiet", 960, seed, 0.5, false, 36, 25));
            flagged += h.maxScore() >= 0.5 ? 1 : 0;
            scores.append(' ').append(h.maxScore());
        }
        // a slow window whose harvest requests dip under the component style ends the streak: most, not all
        assertTrue(flagged >= 5, "max scores" + scores);
    }

    /** The same quiet key with a long-form content tenant in place of the harvest stays under medium. */
    @Test
    void doesNotFlagAQuietMultiTenantKeyWhoseLongFormTenantFillsOneTaskOverManySeeds() {
        for (int seed = 0; seed < 12; seed++) {
            DetectorHarness<CapabilityCoverageState> h = new DetectorHarness<>(detector)
                    .feed(multiTenantKey("key_quiet", 960, seed, 0.5, true, 36, 25));
            int seedFinal = seed;
            assertTrue(h.maxScore() < 0.5, () -> "seed " + seedFinal + ": max " + h.maxScore() + ", " + h.last());
        }
    }

    /**
     * A busy key, a call every 2-10 s: customers' one-turn chat under two system prompts or none
     * and, on {@code share} of calls, either a sweep of reasoned tasks under an Orca-style system
     * prompt ({@code contentTenant} false) or a content tenant's marketing texts under its own.
     */
    private static List<InferenceEvent> multiTenantKey(String client, int n, long seed, double share, boolean contentTenant) {
        return multiTenantKey(client, n, seed, share, contentTenant, 2, 9);
    }

    /** As above, a call every {@code minGap} to {@code minGap + spread - 1} seconds. */
    private static List<InferenceEvent> multiTenantKey(String client, int n, long seed, double share, boolean contentTenant,
            int minGap, int spread) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        String[] customerSystems = {"You are a helpful assistant.", "You are a friendly shopping helper.", null};
        List<String> chat = DistillationTraffic.humanPrompts();
        String[] things = {"trail running shoes", "a budgeting app", "organic coffee beans", "a dental clinic",
            "cloud backup", "a yoga retreat", "electric bikes", "a law firm", "handmade candles", "a SaaS CRM"};
        List<InferenceEvent> out = new ArrayList<>();
        long t = 0;
        for (int i = 0; i < n; i++) {
            t += minGap + r.nextInt(spread);
            if (r.nextDouble() < share) {
                if (contentTenant) {
                    out.add(dev.quarry.ingest.EventBuilder.event(client + "-" + i).client(client)
                            .at(DistillationTraffic.T0.plusSeconds(t))
                            .system("You are the writing engine of a marketing platform. Match the brand voice, use headings.")
                            .user("Write a detailed, complete blog post about " + things[r.nextInt(things.length)]
                                    + ". Explain each benefit thoroughly and justify every claim.")
                            .maxTokens(3000).temperature(0.7).promptTokens(60).completionTokens(900 + r.nextInt(1200)).build());
                } else {
                    String task = TASK_KINDS[r.nextInt(TASK_KINDS.length)] + " " + SWEEP_CONCEPTS[r.nextInt(SWEEP_CONCEPTS.length)]
                            + " in " + SWEEP_FIELDS[r.nextInt(SWEEP_FIELDS.length)]
                            + ". Reason through every step and justify each conclusion before the final answer.";
                    out.add(sweepEvent(client, i, t, task, r));
                }
                continue;
            }
            dev.quarry.ingest.EventBuilder b = dev.quarry.ingest.EventBuilder.event(client + "-" + i).client(client)
                    .at(DistillationTraffic.T0.plusSeconds(t));
            String system = customerSystems[r.nextInt(customerSystems.length)];
            if (system != null) {
                b.system(system);
            }
            out.add(b.user(chat.get(r.nextInt(chat.size()))).temperature(0.8).stream(true).promptTokens(30)
                    .completionTokens(60 + r.nextInt(400)).build());
        }
        return out;
    }

    /** A marketing product filling its customers' products and audiences into one to three frames. */
    private static List<InferenceEvent> contentProduct(long seed, int n, long startSeconds) {
        String[] things = {"trail running shoes", "a budgeting app", "organic coffee beans", "a dental clinic",
            "cloud backup", "a yoga retreat", "electric bikes", "a law firm", "handmade candles", "a SaaS CRM",
            "kids' coding classes", "a bakery", "solar panels", "a travel insurance plan", "noise-cancelling headphones",
            "a language school", "vegan protein bars", "a car dealership", "home security cameras", "a wedding venue"};
        String[] audiences = {"busy parents", "students", "small business owners", "retirees", "developers", "nurses"};
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        String[] frames = {"Write a %d-word blog post about %s for %s.", "Write a %d-word landing page for %s aimed at %s.",
            "Draft a %d-word newsletter featuring %s for %s."};
        int phrasings = 1 + r.nextInt(frames.length);
        List<InferenceEvent> events = new ArrayList<>();
        long t = startSeconds;
        for (int i = 0; i < n; i++) {
            t += 3 + r.nextInt(20);
            String user = String.format(frames[r.nextInt(phrasings)], 300 + 100 * r.nextInt(20),
                    things[r.nextInt(things.length)], audiences[r.nextInt(audiences.length)]);
            events.add(dev.quarry.ingest.EventBuilder.event("c" + seed + "-" + i).client("key_content")
                    .at(DistillationTraffic.T0.plusSeconds(t))
                    .system("You are the writing engine of a marketing platform. Match the brand voice, use headings.")
                    .user(user).maxTokens(2000 + r.nextInt(3000)).temperature(0.7).promptTokens(80)
                    .completionTokens(700 + r.nextInt(1900)).build());
        }
        return events;
    }

    /**
     * A slow sweep: one self-contained task after another from a seed list expanded across verbs,
     * subjects and fields (Self-Instruct, Wang et al. 2023; Alpaca), each asking for a complete
     * reasoned answer, a few an hour around the clock: under the human-pace ramp every window, so
     * the main window scores nothing, but the slow path sees new tasks hour after hour. Three sizes,
     * from 24 prompts over a day to 150 at 12 an hour.
     */
    @Test
    void flagsSlowSweepsOfDifferentSizesBelowHumanPace() {
        int[][] sizes = {{24, 50}, {60, 14}, {150, 5}};
        for (int[] size : sizes) {
            List<InferenceEvent> sweep = slowSweep("key_slow" + size[0], size[0], size[1], 7 + size[0]);
            DetectorHarness<CapabilityCoverageState> h = new DetectorHarness<>(detector).feed(sweep);
            assertTrue(h.maxScore() >= 0.5, () -> size[0] + " prompts every " + size[1] + " min: " + h.last());
            assertTrue(h.last().orElseThrow().evidence().containsKey("slow_sweep_score"), () -> "" + h.last());
        }
    }

    @Test
    void flagsASlowAgenticHarvestOfUnopenedSteps() {
        List<InferenceEvent> events = retimed(DistillationTraffic.agenticDistiller("key_slow_agent", 80), 9 * 60, 900);
        assertTrue(new DetectorHarness<>(detector).feed(events).maxScore() >= 0.5);
    }

    /**
     * The same agentic harvest a little faster than a person, 80 requests an hour (one every 45 s)
     * for eight hours: above the slow path's human pace, where the main window's pace ramp gives
     * about a tenth. Both paths judge windows between human and full machine pace, so it is not
     * left between them; a coding agent's sessions at the same pace are not a sweep.
     */
    @Test
    void flagsAnAgenticHarvestOfUnopenedStepsBetweenHumanAndMachinePace() {
        List<InferenceEvent> events = retimed(DistillationTraffic.agenticDistiller("key_mid_agent", 640), 45, 900);
        DetectorHarness<CapabilityCoverageState> h = new DetectorHarness<>(detector).feed(events);
        assertTrue(h.maxScore() >= 0.5, () -> "" + h.last());
        List<InferenceEvent> sessions = retimed(DistillationTraffic.codingAgentSessions("key_mid_coder", 640), 45, 300);
        DetectorHarness<CapabilityCoverageState> coder = new DetectorHarness<>(detector).feed(sessions);
        assertTrue(coder.maxScore() < 0.5, () -> "coding agent at the same pace: " + coder.last());
    }

    /** The same requests of one client, one every {@code gapSeconds}, each answered with a tool call. */
    private static List<InferenceEvent> retimed(List<InferenceEvent> requests, long gapSeconds, int completionTokens) {
        List<InferenceEvent> events = new ArrayList<>();
        for (InferenceEvent e : requests) {
            int i = events.size();
            events.add(dev.quarry.ingest.EventBuilder.event(e.clientId() + "-" + i).client(e.clientId())
                    .at(DistillationTraffic.T0.plus(java.time.Duration.ofSeconds(gapSeconds * i)))
                    .messages(e.request().messages()).maxTokens(4096).promptTokens(120)
                    .completionTokens(completionTokens).finishReason("tool_calls").build());
        }
        return events;
    }

    /**
     * The same slow stream of new tasks, but every third request continues the conversation the
     * client opened (its earlier answer resent): people and their apps follow up, a harvest of
     * single-turn pairs does not.
     */
    @Test
    void doesNotCountASlowStreamThatFollowsUpOnItsConversationsAsASweep() {
        List<InferenceEvent> plain = slowSweep("key_follow", 60, 14, 5);
        List<InferenceEvent> followed = new ArrayList<>();
        for (int i = 0; i < plain.size(); i++) {
            InferenceEvent e = plain.get(i);
            dev.quarry.ingest.EventBuilder b = dev.quarry.ingest.EventBuilder.event("follow-" + i).client("key_follow")
                    .at(java.time.Instant.ofEpochMilli(e.tsMillis()))
                    .system("You are an AI assistant. Given a task, think step-by-step and justify your steps.").maxTokens(4096).temperature(0.7).promptTokens(40)
                    .completionTokens(1500);
            if (i > 0 && i % 3 == 0) {
                b.user(plain.get(i - 1).request().userText()).assistant("Here is the full answer.");
            }
            followed.add(b.user(e.request().userText()).build());
        }
        assertTrue(new DetectorHarness<>(detector).feed(plain).maxScore() >= 0.5);
        DetectorHarness<CapabilityCoverageState> h = new DetectorHarness<>(detector).feed(followed);
        assertTrue(h.maxScore() < 0.25, () -> "" + h.last());
    }

    /** The slow path alone: a sweep sent within one sitting is not yet persistent. */
    @Test
    void waitsForTheSlowSweepToComeBackOverHours() {
        // 32 prompts in about two hours: two slow windows, but only 2-3 active hours
        DetectorHarness<CapabilityCoverageState> h = new DetectorHarness<>(detector)
                .feed(slowSweep("key_sitting", 32, 4, 3));
        assertTrue(h.maxScore() < 0.25, () -> "" + h.last());
    }

    /**
     * Legitimate look-alikes below human pace, over many seeds: a small tutoring platform (a
     * step-by-step system prompt, questions from every school subject, follow-ups), a slow content
     * product (harvest wording, but one task for every customer's topic) and students. None may reach
     * the watch list through the slow path.
     */
    @Test
    void doesNotFlagSlowTutoringContentOrStudentsOverManySeeds() {
        for (int seed = 0; seed < 10; seed++) {
            assertQuiet(slowTutoring("key_tutor" + seed, 120, seed));
            assertQuiet(slowContentProduct("key_copy" + seed, 120, seed));
        }
        assertQuiet(DistillationTraffic.student("key_student", 300));
        assertQuiet(DistillationTraffic.heavyChatUser("key_chat", 300, 11));
    }

    /**
     * A slow sweep over a fixed repertoire of task kinds crossed with concepts and fields: after a
     * few hours every opener has been seen, so task novelty against the client's history falls to
     * nothing, but each window of 16 prompts still holds a dozen different tasks, which no
     * product's brief set does. Once novelty is gone, most of its windows must still score medium,
     * carried by the repertoire.
     */
    @Test
    void keepsFlaggingASlowSweepWhoseTaskKindsRecur() {
        for (int seed = 0; seed < 6; seed++) {
            DetectorHarness<CapabilityCoverageState> h = new DetectorHarness<>(detector);
            int late = 0;
            int flagged = 0;
            double lastScored = -1;
            for (InferenceEvent e : repertoireSweep("key_kinds" + seed, 200, 4, seed)) {
                DetectorFinding f = h.feed(List.of(e)).lastReported().orElse(null);
                if (f == null || !f.evidence().containsKey("slow_sweep_score")) {
                    continue;
                }
                double slow = ((Number) f.evidence().get("slow_sweep_score")).doubleValue();
                double novelty = ((Number) f.evidence().get("slow_window_new_task_share")).doubleValue();
                if (slow != lastScored && novelty <= 0.15) {
                    late++;
                    flagged += slow >= 0.5 ? 1 : 0;
                }
                lastScored = slow;
            }
            int seedFinal = seed;
            int lateFinal = late;
            int flaggedFinal = flagged;
            assertTrue(late >= 3 && flagged * 3 >= late * 2, () -> "seed " + seedFinal + ": " + flaggedFinal + " of "
                    + lateFinal + " windows without novelty at medium, last " + h.last());
        }
    }

    /**
     * A slow content product with a handful of brief templates (blog post, product page, ...),
     * harvest wording, its customers' products: its windows hold at most six different openers,
     * under the repertoire ramp, and its openers are soon all seen. Over many seeds it never
     * reaches medium, and once its first windows are past (while the client's history is empty
     * everything it sends is new, which can put one early window on the watch list) it stays quiet.
     */
    @Test
    void doesNotCountAProductsHandfulOfBriefTemplatesAsARepertoire() {
        for (int seed = 0; seed < 10; seed++) {
            DetectorHarness<CapabilityCoverageState> h = new DetectorHarness<>(detector);
            List<InferenceEvent> events = slowBriefProduct("key_briefs" + seed, 160, seed);
            double later = 0;
            for (int i = 0; i < events.size(); i++) {
                h.feed(List.of(events.get(i)));
                if (i >= 48) {
                    later = Math.max(later, h.last().map(DetectorFinding::score).orElse(0.0));
                }
            }
            int seedFinal = seed;
            double laterFinal = later;
            assertTrue(h.maxScore() < 0.5, () -> "seed " + seedFinal + ": max " + h.maxScore());
            assertTrue(later < 0.25, () -> "seed " + seedFinal + ": after its first windows " + laterFinal + ", " + h.last());
        }
    }

    private static final String[] TASK_KINDS = {"Give a rigorous account of", "Walk me through a worked example of",
        "Derive from first principles", "Contrast the competing views on", "Write a complete reference answer on",
        "Summarise the open problems of", "Design a short exam about", "Critique the standard treatment of",
        "Explain to a newcomer", "Compare two textbook approaches to", "List the classic misconceptions about",
        "Sketch the history of", "Propose an experiment that tests", "Draft a study guide for",
        "State and prove the key result of", "Relate to everyday practice", "Estimate the practical limits of",
        "Teach a workshop segment on", "Debate both sides of", "Map the prerequisites for", "Assess the evidence behind",
        "Translate into plain language", "Model with a simple equation", "Predict the next decade of",
        "Outline a lecture series on", "Diagnose typical failures of", "Rank the key open questions in",
        "Illustrate with three cases", "Formalise the core assumptions of", "Audit a textbook chapter on"};

    /** One sweep request under an Orca-style system prompt asking for justified steps, with a long answer. */
    private static InferenceEvent sweepEvent(String client, int i, long t, String task, java.util.SplittableRandom r) {
        return dev.quarry.ingest.EventBuilder.event(client + "-" + i).client(client)
                .at(DistillationTraffic.T0.plusSeconds(t))
                .system("You are an AI assistant. Given a task, think step-by-step and justify your steps.")
                .user(task).maxTokens(4096).temperature(0.7)
                .promptTokens(40).completionTokens(1200 + r.nextInt(1500)).build();
    }

    /** Task kinds x concepts x fields, one every {@code gapMinutes} (jittered), around the clock. */
    static List<InferenceEvent> repertoireSweep(String client, int n, int gapMinutes, long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        List<InferenceEvent> out = new ArrayList<>();
        long t = 0;
        for (int i = 0; i < n; i++) {
            t += gapMinutes * 30L + r.nextInt(gapMinutes * 60);
            String task = TASK_KINDS[r.nextInt(TASK_KINDS.length)] + " " + SWEEP_CONCEPTS[r.nextInt(SWEEP_CONCEPTS.length)]
                    + " in " + SWEEP_FIELDS[r.nextInt(SWEEP_FIELDS.length)]
                    + ". Reason through every step and justify each conclusion before the final answer.";
            out.add(sweepEvent(client, i, t, task, r));
        }
        return out;
    }

    /** A content product with six brief templates, its customers' products, harvest wording, a few an hour. */
    static List<InferenceEvent> slowBriefProduct(String client, int n, long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        String[] products = {"a pottery studio", "a bike repair shop", "an accounting app", "a dog groomer", "a vegan cafe",
            "a roofing company", "a language tutor", "a craft brewery", "a physiotherapy clinic", "a coworking space"};
        String[] briefs = {"Write a detailed blog post for", "Draft a complete product page for",
            "Compose a thorough newsletter issue for", "Produce an in-depth FAQ section for",
            "Create a full landing page for", "Prepare a careful press release for"};
        List<InferenceEvent> out = new ArrayList<>();
        long t = 0;
        for (int i = 0; i < n; i++) {
            t += 300 + r.nextInt(1500);
            out.add(dev.quarry.ingest.EventBuilder.event(client + "-" + i).client(client).at(DistillationTraffic.T0.plusSeconds(t))
                    .user(briefs[r.nextInt(briefs.length)] + " " + products[r.nextInt(products.length)]
                            + ". Explain each benefit thoroughly and justify every claim.")
                    .maxTokens(3000).temperature(0.8).promptTokens(60).completionTokens(900 + r.nextInt(1200)).build());
        }
        return out;
    }

    private static final String[] SWEEP_CONCEPTS = {"memory cell priming", "bond convexity", "register allocation",
        "treaty negotiation", "electron transport", "model comparison", "masonry arches", "subjunctive mood",
        "congestion control", "subduction zones", "liquidity traps", "off-target edits", "allele frequencies",
        "cathedral acoustics", "sparse factorisation", "contract consideration"};
    private static final String[] SWEEP_FIELDS = {"immunology", "fixed income", "compilers", "early modern diplomacy",
        "plant biology", "statistics", "structural engineering", "French grammar", "networking", "geology",
        "macroeconomics", "genome editing", "population genetics", "architecture"};
    private static final String[] SWEEP_ASKS = {"give a rigorous account", "walk through a worked example",
        "derive it from first principles", "contrast the competing views", "write a complete reference answer"};

    /**
     * A slow sweep: a new task every {@code gapMinutes} (jittered), around the clock, each a
     * concept of a field (16 x 14 of them, so its openers keep being new, as a seed list expanded
     * into many instructions is) with a demand for a complete reasoned answer, under an Orca-style
     * system prompt (Mukherjee et al. 2023) asking for justified steps.
     */
    static List<InferenceEvent> slowSweep(String client, int n, int gapMinutes, long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        List<InferenceEvent> out = new ArrayList<>();
        long t = 0;
        for (int i = 0; i < n; i++) {
            t += gapMinutes * 30L + r.nextInt(gapMinutes * 60);
            String task = SWEEP_CONCEPTS[r.nextInt(SWEEP_CONCEPTS.length)] + " in " + SWEEP_FIELDS[r.nextInt(SWEEP_FIELDS.length)]
                    + ": " + SWEEP_ASKS[r.nextInt(SWEEP_ASKS.length)]
                    + ". Reason through every step and justify each conclusion before the final answer.";
            out.add(sweepEvent(client, i, t, task, r));
        }
        return out;
    }

    /** A small tutoring app: a step-by-step tutor prompt, school questions, a third of them follow-ups, a few an hour. */
    static List<InferenceEvent> slowTutoring(String client, int n, long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        String[] questions = {"why does ice float on water", "how do I find the area of a trapezoid",
            "what caused the first world war", "how do plants make food", "what is the difference between weather and climate",
            "how do I factor x^2 + 5x + 6", "why did the Roman empire split", "what is a metaphor", "how does a battery work",
            "what is the Pythagorean theorem used for", "how do vaccines work", "what is photosynthesis",
            "how do I convert fractions to decimals", "what does the mitochondria do", "why is the sea salty"};
        List<InferenceEvent> out = new ArrayList<>();
        long t = 0;
        String last = questions[0];
        for (int i = 0; i < n; i++) {
            t += 300 + r.nextInt(1500);
            dev.quarry.ingest.EventBuilder b = dev.quarry.ingest.EventBuilder.event(client + "-" + i).client(client)
                    .at(DistillationTraffic.T0.plusSeconds(t))
                    .system("You are a patient tutor for school pupils. Explain step by step, show your reasoning and check "
                            + "understanding with a question at the end.");
            if (i > 0 && r.nextInt(3) == 0) {
                b.user(last).assistant("Let's work through it together.").user("i still dont get the second step, can you explain it again");
            } else {
                last = questions[r.nextInt(questions.length)] + "?";
                b.user(last);
            }
            out.add(b.maxTokens(1500).temperature(0.5).promptTokens(90).completionTokens(300 + r.nextInt(900)).build());
        }
        return out;
    }

    /** A small content product: one brief template, its customers' products, harvest wording, a few an hour. */
    static List<InferenceEvent> slowContentProduct(String client, int n, long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        String[] products = {"a pottery studio", "a bike repair shop", "an accounting app", "a dog groomer", "a vegan cafe",
            "a roofing company", "a language tutor", "a craft brewery", "a physiotherapy clinic", "a coworking space"};
        String[] kinds = {"blog post", "product page", "newsletter"};
        List<InferenceEvent> out = new ArrayList<>();
        long t = 0;
        for (int i = 0; i < n; i++) {
            t += 300 + r.nextInt(1500);
            out.add(dev.quarry.ingest.EventBuilder.event(client + "-" + i).client(client).at(DistillationTraffic.T0.plusSeconds(t))
                    .user("Write a detailed, complete " + kinds[r.nextInt(kinds.length)] + " for " + products[r.nextInt(products.length)]
                            + ". Explain each benefit thoroughly and justify every claim.")
                    .maxTokens(3000).temperature(0.8).promptTokens(60).completionTokens(900 + r.nextInt(1200)).build());
        }
        return out;
    }

    /** Never enough alone for the watch list (fusion's default {@code low}, 0.25). */
    private void assertQuiet(List<InferenceEvent> events) {
        DetectorHarness<CapabilityCoverageState> h = new DetectorHarness<>(detector).feed(events);
        assertTrue(h.maxScore() < 0.25, () -> "max score " + h.maxScore() + ", last " + h.last());
    }

    private static byte[] bytes(DetectorState s) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        s.writeTo(new DataOutputStream(out));
        return out.toByteArray();
    }
}
