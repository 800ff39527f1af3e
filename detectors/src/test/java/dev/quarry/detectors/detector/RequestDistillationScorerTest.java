package dev.quarry.detectors.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.detectors.DistillationTraffic;
import dev.quarry.fingerprint.MinHasher;
import dev.quarry.fingerprint.PromptFeatures;
import dev.quarry.ingest.EventBuilder;
import dev.quarry.ingest.InferenceEvent;
import org.junit.jupiter.api.Test;

class RequestDistillationScorerTest {
    private final RequestDistillationScorer scorer = new RequestDistillationScorer();
    private final MinHasher hasher = new MinHasher(64, 1);

    private double score(InferenceEvent e) {
        return scorer.score(e, PromptFeatures.of(e.request(), hasher));
    }

    @Test
    void scoresAnOrcaStyleHarvestRequestHigh() {
        double s = score(DistillationTraffic.harvestRequest("k", 1, DistillationTraffic.T0).build());
        assertTrue(s > 0.6, "score " + s);
    }

    @Test
    void scoresAStepByStepRequestForSeveralLongSamplesAboveTheCountingThreshold() {
        double s = score(EventBuilder.event("e").user("Derive the closed form of the Fibonacci sequence, step by step, "
                + "and justify your answer.").n(4).maxTokens(4096).promptTokens(30).completionTokens(1400).build());
        assertTrue(s >= 0.5, "score " + s);
    }

    @Test
    void matchesCuesOnWordBoundariesAndCountsANestedCueOnce() {
        double nested = score(EventBuilder.event("e").system("Answer faithfully.")
                .user("Solve it step by step.").build());
        double plain = score(EventBuilder.event("e").system("Answer faithfully.").user("Solve it.").build());
        double glued = score(EventBuilder.event("e").system("Answer faithfullyish.").user("Solve it stepbystep.").build());
        assertTrue(nested > plain, nested + " vs " + plain);
        assertTrue(glued < plain, "no cue inside a longer word: " + glued + " vs " + plain);
    }

    @Test
    void neverLooksAtTheAnswersLength() {
        EventBuilder request = EventBuilder.event("e").user("Describe the water cycle.").promptTokens(10);
        assertTrue(score(request.completionTokens(20).build()) == score(EventBuilder.event("e")
                .user("Describe the water cycle.").promptTokens(10).completionTokens(4000).build()));
    }

    @Test
    void scoresAChatFollowUpLow() {
        double s = score(EventBuilder.event("e").user("what should i cook tonight?").assistant("Maybe a stir fry.")
                .user("ok can you write the recipe in detail").promptTokens(40).completionTokens(500).build());
        assertTrue(s < 0.1, "score " + s);
    }

    @Test
    void scoresAnEssayRequestFromAChatUserBelowTheCountingThreshold() {
        double s = score(EventBuilder.event("e").user("Write me a detailed essay about my favourite city, Lisbon")
                .promptTokens(15).completionTokens(1000).build());
        assertTrue(s < 0.6, "score " + s);
    }

    @Test
    void scoresAGroundedRagQuestionLow() {
        InferenceEvent e = DistillationTraffic.ragApplication("k", 1).get(0);
        assertTrue(score(e) < 0.05, "score " + score(e));
    }

    @Test
    void scoresAOneTokenEvaluationQuestionLow() {
        InferenceEvent e = DistillationTraffic.evaluationRun("k", 1).get(0);
        assertTrue(score(e) < 0.05, "score " + score(e));
    }

    @Test
    void scoresAStudentsStepByStepHomeworkBelowTheCountingThreshold() {
        double s = score(EventBuilder.event("e").user("Solve for x: 3x + 7 = 40, show all steps please")
                .promptTokens(20).completionTokens(450).build());
        assertTrue(s < 0.5, "score " + s);
    }

    @Test
    void scoresARequestTheSameWhenItsSystemPromptWasSeenBeforeAndWhenNot() {
        String pipeline = "You are an AI assistant. Answer faithfully and justify your answer step by step.";
        EventBuilder request = EventBuilder.event("e").system(pipeline)
                .user("Explain the causes of the French Revolution in detail, step by step.");
        double first = score(request.build());
        for (int i = 0; i < 100; i++) { // other system prompts in between push it out of the kept few
            score(EventBuilder.event("o" + i).system("You are assistant number " + i + " of our help desk.")
                    .user("Explain the causes of the French Revolution in detail, step by step.").build());
        }
        double again = score(request.build());
        double cached = score(request.build());
        assertEquals(first, again);
        assertEquals(first, cached);
        double plain = score(EventBuilder.event("p").system("You are a helpful assistant.")
                .user("Explain the causes of the French Revolution in detail, step by step.").build());
        assertTrue(first != plain, "the system prompt's cues count: " + first + " vs " + plain);
    }
}
