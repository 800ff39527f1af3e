package dev.quarry.detectors.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.detectors.Traffic;
import dev.quarry.detectors.alert.DetectorFinding;
import dev.quarry.detectors.config.LogitBiasSweepConfig;
import org.junit.jupiter.api.Test;

class LogitBiasSweepDetectorTest {
    private final LogitBiasSweepDetector detector = new LogitBiasSweepDetector(new LogitBiasSweepConfig());

    @Test
    void flagsVocabularySweepAfterEnoughDistinctTokens() {
        DetectorHarness<LogitBiasSweepDetector.State> h = new DetectorHarness<>(detector)
                .feed(Traffic.logitBiasExtractor("key_x", 120, 100));
        DetectorFinding f = h.last().orElseThrow();
        assertEquals(12_000, f.evidence().get("distinct_biased_tokens"));
        assertTrue(f.score() >= 0.9, "score " + f.score());
    }

    @Test
    void scoreGrowsWithTheSweep() {
        double early = new DetectorHarness<>(detector).feed(Traffic.logitBiasExtractor("key_x", 5, 100))
                .last().orElseThrow().score();
        double later = new DetectorHarness<>(detector).feed(Traffic.logitBiasExtractor("key_x", 60, 100))
                .last().orElseThrow().score();
        assertTrue(early < later, early + " vs " + later);
    }

    @Test
    void doesNotFlagClassifierPinningThreeLabelTokens() {
        DetectorHarness<LogitBiasSweepDetector.State> h = new DetectorHarness<>(detector)
                .feed(Traffic.classifierApp("key_c", 2_000));
        assertTrue(h.last().isEmpty());
        assertEquals(0.0, h.maxScore());
    }

    @Test
    void countsRepeatsOfOnePromptWithANewBiasSet() {
        DetectorFinding f = new DetectorHarness<>(detector).feed(Traffic.logitBiasExtractor("key_x", 30, 100))
                .last().orElseThrow();
        // Three prompts in rotation: every request after the first three repeats a prompt with new bias.
        assertEquals(27L, ((Number) f.evidence().get("prompt_repeats_with_new_bias")).longValue());
        assertEquals(1.0, ((Number) f.evidence().get("share_one_token_logprob_requests")).doubleValue());
    }

    @Test
    void doesNotFlagHumanChat() {
        assertTrue(new DetectorHarness<>(detector).feed(Traffic.humanChat("key_h", 150, 1)).last().isEmpty());
    }
}
