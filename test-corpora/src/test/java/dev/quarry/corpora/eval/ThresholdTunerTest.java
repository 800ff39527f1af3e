package dev.quarry.corpora.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.corpora.ClientLabel;
import dev.quarry.ingest.InferenceEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ThresholdTunerTest {
    private static final List<ClientLabel> LABELS = List.of(
            new ClientLabel("a1", "attack", "x", ""),
            new ClientLabel("a2", "attack", "x", ""),
            new ClientLabel("a3", "attack", "y", ""),
            new ClientLabel("b1", "benign", "z", ""),
            new ClientLabel("b2", "benign", "z", ""),
            new ClientLabel("b3", "benign", "z", ""),
            new ClientLabel("b4", "benign", "z", ""));

    /** Final scores: attackers 9, 5, 2; benign 1, 3, 4, NaN (never scored). */
    private static Map<String, ScoreTrace> traces() {
        Map<String, ScoreTrace> t = new LinkedHashMap<>();
        t.put("a1", trace(1, 4, 9));
        t.put("a2", trace(5));
        t.put("a3", trace(2));
        t.put("b1", trace(1));
        t.put("b2", trace(3));
        t.put("b3", trace(2, 4));
        t.put("b4", trace(Double.NaN));
        return t;
    }

    private static ScoreTrace trace(double... scores) {
        ScoreTrace t = new ScoreTrace();
        for (int i = 0; i < scores.length; i++) {
            t.append(1_000L * i, scores[i]);
        }
        return t;
    }

    @Test
    void withZeroTargetPicksTheSmallestScoreAboveEveryBenignClient() {
        ThresholdTuner.Tuned t = ThresholdTuner.tune(traces(), LABELS, 0.0);
        assertEquals(5.0, t.suspicionThreshold());
        assertEquals(Map.of("a1", new ClientDetection(3, 2_000), "a2", new ClientDetection(1, 0)), t.detections());
    }

    @Test
    void picksTheSmallestThresholdWithinTheTargetFalsePositiveRate() {
        // At 4: only b3 (FPR 0.25); at 2 and 3: b2 and b3 (0.5); at 1: three of four (0.75).
        assertEquals(4.0, ThresholdTuner.tune(traces(), LABELS, 0.25).suspicionThreshold());
        assertEquals(2.0, ThresholdTuner.tune(traces(), LABELS, 0.5).suspicionThreshold());
        assertEquals(2.0, ThresholdTuner.tune(traces(), LABELS, 0.6).suspicionThreshold());
        assertEquals(1.0, ThresholdTuner.tune(traces(), LABELS, 1.0).suspicionThreshold());
    }

    @Test
    void flagsNobodyWhenEveryAttackerScoresBelowABenignClient() {
        Map<String, ScoreTrace> t = traces();
        t.put("b1", trace(100));
        ThresholdTuner.Tuned tuned = ThresholdTuner.tune(t, LABELS, 0.0);
        assertEquals(Double.POSITIVE_INFINITY, tuned.suspicionThreshold());
        assertTrue(tuned.detections().isEmpty());
    }

    @Test
    void reportsALowerIsSuspiciousThresholdInTheBaselinesOwnUnits() {
        Baseline lowerIsSuspicious = new Baseline() {
            public String name() {
                return "w";
            }

            public String description() {
                return "a statistic where low values are suspicious";
            }

            public boolean higherIsSuspicious() {
                return false;
            }

            public double score(InferenceEvent event) {
                throw new UnsupportedOperationException();
            }
        };
        BaselineResult r = BaselineResult.of(lowerIsSuspicious, traces(), LABELS, 0.0);
        assertEquals(-5.0, r.threshold());
        assertEquals("<=", r.comparison());
        assertEquals(2.0 / 3, r.scorecard().tpr(), 1e-12);
        assertEquals(0.0, r.scorecard().fpr(), 1e-12);
        assertEquals(0.5, r.scorecard().macroTpr(), 1e-12);
    }
}
