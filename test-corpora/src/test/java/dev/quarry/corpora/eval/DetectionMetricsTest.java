package dev.quarry.corpora.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.corpora.ClientLabel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A hand-labelled corpus with known answers: 3 attackers in two families (two sweepers, one
 * distiller) and 4 benign clients (three chat users, one batch job). Flagged: one sweeper after
 * 10 queries / 60 s, the distiller after 30 queries / 120 s, and the batch job.
 */
class DetectionMetricsTest {
    private static final List<ClientLabel> LABELS = List.of(
            new ClientLabel("s1", "attack", "sweeper", ""),
            new ClientLabel("s2", "attack", "sweeper", ""),
            new ClientLabel("d1", "attack", "distiller", "fleet"),
            new ClientLabel("c1", "benign", "chat", ""),
            new ClientLabel("c2", "benign", "chat", ""),
            new ClientLabel("c3", "benign", "chat", ""),
            new ClientLabel("b1", "benign", "batch", ""));
    private static final Map<String, ClientDetection> FLAGGED = Map.of(
            "s1", new ClientDetection(10, 60_000),
            "d1", new ClientDetection(30, 120_000),
            "b1", new ClientDetection(5, 0),
            "unknown", new ClientDetection(1, 0));

    @Test
    void countsTruePositiveAndFalsePositiveRatesPerClient() {
        Scorecard s = DetectionMetrics.score(LABELS, FLAGGED);
        assertEquals(3, s.attackers());
        assertEquals(4, s.benign());
        assertEquals(2.0 / 3, s.tpr(), 1e-12);
        assertEquals(1.0 / 4, s.fpr(), 1e-12);
        assertEquals(2.0 / 3, s.precision(), 1e-12);
    }

    @Test
    void macroTprWeighsEachAttackFamilyTheSame() {
        // sweeper 1/2, distiller 1/1: macro 0.75 where the per-client TPR is 2/3.
        assertEquals(0.75, DetectionMetrics.score(LABELS, FLAGGED).macroTpr(), 1e-12);
    }

    @Test
    void reportsEachArchetypesRateAndTimesToDetection() {
        Map<String, ArchetypeScore> a = DetectionMetrics.score(LABELS, FLAGGED).archetypes();
        assertEquals(List.of("sweeper", "distiller", "chat", "batch"), List.copyOf(a.keySet()));
        ArchetypeScore sweeper = a.get("sweeper");
        assertEquals("attack", sweeper.label());
        assertEquals(2, sweeper.clients());
        assertEquals(1, sweeper.flagged());
        assertEquals(0.5, sweeper.rate(), 1e-12);
        assertEquals(10.0, sweeper.medianQueriesToDetect(), 1e-12);
        assertEquals(60.0, sweeper.medianSecondsToDetect(), 1e-12);
        assertEquals(120.0, a.get("distiller").medianSecondsToDetect(), 1e-12);
        assertEquals(0.0, a.get("chat").rate(), 1e-12);
        assertTrue(Double.isNaN(a.get("chat").medianQueriesToDetect()), "no flagged chat user, no median");
        assertEquals(1.0, a.get("batch").rate(), 1e-12);
        assertEquals("benign", a.get("batch").label());
    }

    @Test
    void collectsAttackersTimesToDetectionInAscendingOrder() {
        assertEquals(List.of(60.0, 120.0), DetectionMetrics.score(LABELS, FLAGGED).attackerSecondsToDetect());
    }

    @Test
    void precisionIsUndefinedWhenNothingIsFlagged() {
        Scorecard s = DetectionMetrics.score(LABELS, Map.of());
        assertEquals(0.0, s.tpr(), 1e-12);
        assertEquals(0.0, s.fpr(), 1e-12);
        assertEquals(0.0, s.macroTpr(), 1e-12);
        assertTrue(Double.isNaN(s.precision()));
    }

    @Test
    void percentilesInterpolateBetweenOrderStatistics() {
        List<Double> v = List.of(40.0, 10.0, 30.0, 20.0);
        assertEquals(25.0, DetectionMetrics.percentile(v, 0.5), 1e-12);
        assertEquals(37.0, DetectionMetrics.percentile(v, 0.9), 1e-12);
        assertEquals(7.0, DetectionMetrics.percentile(List.of(7.0), 0.9), 1e-12);
        assertTrue(Double.isNaN(DetectionMetrics.percentile(List.of(), 0.5)));
    }
}
