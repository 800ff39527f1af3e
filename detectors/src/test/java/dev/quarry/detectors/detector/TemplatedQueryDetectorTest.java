package dev.quarry.detectors.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.detectors.Traffic;
import dev.quarry.detectors.alert.DetectorFinding;
import dev.quarry.detectors.config.TemplatedQueryConfig;
import java.util.SplittableRandom;
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

    @Test
    void packedSimilarityCountsTheSlotsWhoseLow16BitsAgree() {
        SplittableRandom random = new SplittableRandom(7);
        for (int[] lengths : new int[][] {{64, 64}, {61, 61}, {64, 60}, {3, 5}, {1, 1}}) {
            for (int round = 0; round < 200; round++) {
                int[] a = new int[lengths[0]];
                int[] b = new int[lengths[1]];
                for (int i = 0; i < b.length; i++) {
                    b[i] = random.nextInt();
                }
                for (int i = 0; i < a.length; i++) {
                    // Some slots equal, some equal in their low 16 bits only, some differing in one bit.
                    int kind = random.nextInt(4);
                    int other = i < b.length ? b[i] : random.nextInt();
                    a[i] = kind == 0 ? other : kind == 1 ? other ^ 0x10000 : kind == 2 ? other ^ (1 << random.nextInt(16))
                            : random.nextInt();
                }
                int n = Math.min(a.length, b.length);
                int same = 0;
                for (int i = 0; i < n; i++) {
                    same += (short) a[i] == (short) b[i] ? 1 : 0;
                }
                TemplatedQueryDetector.Template t = new TemplatedQueryDetector.Template(
                        TemplatedQueryDetector.lowBits(b), b.length, 0, 0, "");
                assertEquals((double) same / n,
                        TemplatedQueryDetector.similarity(TemplatedQueryDetector.lowBits(a), a.length, t), 0.0);
            }
        }
    }
}
