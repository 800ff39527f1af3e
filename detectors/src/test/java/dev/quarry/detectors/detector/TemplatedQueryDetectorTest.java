package dev.quarry.detectors.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.detectors.Traffic;
import dev.quarry.detectors.alert.DetectorFinding;
import dev.quarry.detectors.config.TemplatedQueryConfig;
import org.junit.jupiter.api.Test;

class TemplatedQueryDetectorTest {
    private final TemplatedQueryDetector detector = new TemplatedQueryDetector(new TemplatedQueryConfig());

    @Test
    void flagsTemplatedDistillerHarvestingLongAnswers() {
        DetectorFinding f = new DetectorHarness<>(detector).feed(Traffic.templatedDistiller("key_d", 250))
                .last().orElseThrow();
        assertTrue(f.score() >= 0.7, "score " + f.score());
        assertTrue(((Number) f.evidence().get("template_share")).doubleValue() >= 0.9);
    }

    @Test
    void reportsTheTemplateItSawAsEvidence() {
        DetectorFinding f = new DetectorHarness<>(detector).feed(Traffic.templatedDistiller("key_d", 60))
                .last().orElseThrow();
        String template = (String) f.evidence().get("template");
        assertTrue(template.startsWith("task: "), template);
        assertTrue(template.contains("respond with a complete, detailed answer and explain your reasoning step by step"), template);
        assertEquals(60L, ((Number) f.evidence().get("prompts")).longValue());
    }

    @Test
    void staysQuietBelowTheMinimumNumberOfPrompts() {
        assertTrue(new DetectorHarness<>(detector).feed(Traffic.templatedDistiller("key_d", 29)).last().isEmpty());
    }

    @Test
    void doesNotFlagAHumanChatting() {
        DetectorHarness<TemplatedQueryDetector.State> h = new DetectorHarness<>(detector)
                .feed(Traffic.humanChat("key_h", 150, 7));
        assertTrue(h.last().isEmpty(), () -> "finding " + h.last());
    }

    @Test
    void seesABatchSummarisersTemplateAsSupportingEvidenceOnly() {
        DetectorHarness<TemplatedQueryDetector.State> h = new DetectorHarness<>(detector)
                .feed(Traffic.batchSummariser("key_b", 400));
        // It is templated, and the detector says so; whether that matters is for specific evidence
        // to decide: templates alone never raise an alert (AlertFusionTest).
        assertTrue(h.maxScore() > 0.5, "max score " + h.maxScore());
        assertFalse(h.last().orElseThrow().group().specific());
    }
}
