package dev.quarry.detectors.fusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.detectors.alert.Alert;
import dev.quarry.detectors.alert.DetectorFinding;
import dev.quarry.detectors.alert.Severity;
import dev.quarry.detectors.alert.Subject;
import dev.quarry.detectors.config.FusionConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AlertFusionTest {
    private static final long MIN = 60_000;
    private final FusionConfig config = new FusionConfig();
    private final AlertFusion fusion = new AlertFusion(config, DetectorFinding::name);
    private final Subject subject = Subject.client("key_a");

    private Optional<Alert> fuse(FusionState state, long ts, String event, double... scores) {
        List<DetectorFinding> findings = new java.util.ArrayList<>();
        for (int i = 0; i < scores.length; i++) {
            findings.add(new DetectorFinding("d" + i, scores[i], Map.of("i", i)));
        }
        return fusion.fuse(subject, ts, event, findings, state, 1);
    }

    @Test
    void opensAnAlertWhenTheScoreReachesLow() {
        FusionState s = new FusionState();
        assertTrue(fuse(s, 0, "e0", 0.1).isEmpty());
        Alert a = fuse(s, MIN, "e1", 0.3).orElseThrow();
        assertEquals(Severity.LOW, a.severity());
        assertEquals(1, a.version());
        assertEquals("e1", a.triggerEventId());
    }

    @Test
    void escalatesTheSameAlertWhenSeverityRises() {
        FusionState s = new FusionState();
        Alert first = fuse(s, 0, "e0", 0.3).orElseThrow();
        Alert second = fuse(s, 1, "e1", 0.55).orElseThrow();
        Alert third = fuse(s, 2, "e2", 0.95).orElseThrow();
        assertEquals(first.alertId(), second.alertId());
        assertEquals(first.alertId(), third.alertId());
        assertEquals(List.of(1, 2, 3), List.of(first.version(), second.version(), third.version()));
        assertEquals(Severity.CRITICAL, third.severity());
    }

    @Test
    void suppressesRepeatsOfAnOngoingAttack() {
        FusionState s = new FusionState();
        fuse(s, 0, "e0", 0.6).orElseThrow();
        int published = 0;
        for (int i = 1; i <= 1000; i++) {
            if (fuse(s, i * 1000L, "e" + i, 0.6).isPresent()) {
                published++;
            }
        }
        assertEquals(0, published);
        assertEquals(1000, s.suppressed());
    }

    @Test
    void republishesAtTheSameSeverityOnlyAfterARiseAndAnInterval() {
        FusionState s = new FusionState();
        fuse(s, 0, "e0", 0.50).orElseThrow();
        assertTrue(fuse(s, MIN, "e1", 0.65).isEmpty(), "too soon");
        assertTrue(fuse(s, 11 * MIN, "e2", 0.65).isPresent(), "risen by 0.15 after 11 minutes");
    }

    @Test
    void combinesDetectorsWithNoisyOr() {
        FusionState s = new FusionState();
        Alert a = fuse(s, 0, "e0", 0.4, 0.4).orElseThrow();
        assertEquals(0.64, a.score(), 1e-9);
        assertEquals(Severity.MEDIUM, a.severity());
        assertEquals(2, a.detectors().size());
    }

    @Test
    void closesAfterInactivityAndOpensANewAlertLater() {
        FusionState s = new FusionState();
        Alert first = fuse(s, 0, "e0", 0.6).orElseThrow();
        long later = Duration.ofHours(72).toMillis();
        Alert second = fuse(s, later, "e1", 0.6).orElseThrow();
        assertNotEquals(first.alertId(), second.alertId());
        assertEquals(1, second.version());
    }

    @Test
    void derivesAlertIdsFromSubjectAndTriggerOnly() {
        assertEquals(AlertFusion.alertId(subject, "e0"), AlertFusion.alertId(Subject.client("key_a"), "e0"));
        assertNotEquals(AlertFusion.alertId(subject, "e0"), AlertFusion.alertId(Subject.client("key_b"), "e0"));
    }

    @Test
    void survivesEncodingBetweenEvents() {
        FusionState s = new FusionState();
        Alert a = fuse(s, 0, "e0", 0.6).orElseThrow();
        FusionState decoded = FusionState.decode(s.encode());
        assertEquals(a.alertId(), decoded.alertId());
        assertTrue(fuse(decoded, 1, "e1", 0.6).isEmpty());
        assertEquals(a.alertId(), fuse(decoded, 2, "e2", 0.8).orElseThrow().alertId());
    }

    @Test
    void capsAnAllowListedSubjectAtLowButKeepsWatchingIt() {
        FusionState s = new FusionState();
        Alert a = fusion.fuse(subject, 0, "e0", List.of(new DetectorFinding("d0", 0.95, Map.of())), s, 1, true)
                .orElseThrow();
        assertEquals(Severity.LOW, a.severity());
        assertEquals(0.95, a.score(), 1e-9);
        assertTrue(a.summary().endsWith("(allow-listed: capped at low)"), a.summary());
    }

    @Test
    void matchesTheAllowListByClientOrByOrganisation() {
        FusionConfig c = new FusionConfig();
        c.allowList.allowedClients.add("key_partner");
        c.allowList.allowedOrgs.add("org_evals");
        AlertFusion f = new AlertFusion(c, DetectorFinding::name);
        assertTrue(f.allowListed("key_partner", null));
        assertTrue(f.allowListed("key_any", "org_evals"));
        assertFalse(f.allowListed("key_any", "org_other"));
        assertFalse(f.allowListed("key_any", null));
    }

    @Test
    void leavesScoresUnderTheNoiseFloorOutOfTheFusedScore() {
        FusionState s = new FusionState();
        // Five detectors at 0.08 would make 0.34 (low) under a plain noisy-OR.
        assertTrue(fuse(s, 0, "e0", 0.08, 0.08, 0.08, 0.08, 0.08).isEmpty());
        assertEquals(0.0, s.latestScore());
        Alert a = fuse(s, MIN, "e1", 0.3, 0.08).orElseThrow();
        assertEquals(0.3, a.score(), 1e-9);
    }

    @Test
    void countsASupportingDetectorOnlyBesideAPrimaryOne() {
        FusionState s = new FusionState();
        List<DetectorFinding> automationAlone = List.of(new DetectorFinding("automation_cadence", 0.3, Map.of()));
        assertTrue(fusion.fuse(subject, 0, "e0", automationAlone, s, 1).isEmpty(), "automation alone never alerts");
        Alert a = fusion.fuse(subject, MIN, "e1", List.of(new DetectorFinding("templated_queries", 0.3, Map.of())),
                s, 2).orElseThrow();
        assertEquals(1 - 0.7 * 0.7, a.score(), 1e-9);
    }
}
