package dev.quarry.detectors.fusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.detectors.alert.Alert;
import dev.quarry.detectors.alert.DetectorFinding;
import dev.quarry.detectors.alert.EvidenceGroup;
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

    /** Detector {@code d<i>} reports the i-th score, each in its own specific evidence group. */
    private Optional<Alert> fuse(FusionState state, long ts, String event, double... scores) {
        List<DetectorFinding> findings = new java.util.ArrayList<>();
        for (int i = 0; i < scores.length; i++) {
            findings.add(new DetectorFinding("d" + i, SPECIFIC.get(i), scores[i], Map.of("i", i)));
        }
        return fusion.fuse(subject, ts, event, findings, state, 1);
    }

    private static final List<EvidenceGroup> SPECIFIC = java.util.Arrays.stream(EvidenceGroup.values())
            .filter(EvidenceGroup::specific).toList();

    private static DetectorFinding finding(String name, EvidenceGroup group, double score) {
        return new DetectorFinding(name, group, score, Map.of());
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
        Alert a = fusion.fuse(subject, 0, "e0", List.of(finding("d0", EvidenceGroup.PROVENANCE, 0.95)), s, 1, true)
                .orElseThrow();
        assertEquals(Severity.LOW, a.severity());
        assertEquals(0.95, a.score(), 1e-9);
        assertTrue(a.summary().endsWith("(allow-listed: capped at low)"), a.summary());
    }

    @Test
    void matchesTheAllowListByClientOrByOrganisation() {
        FusionConfig c = new FusionConfig();
        c.allowList().allowedClients().add("key_partner");
        c.allowList().allowedOrgs().add("org_evals");
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
    void countsAutomationOnlyBesideAnotherGroup() {
        FusionState s = new FusionState();
        List<DetectorFinding> automationAlone = List.of(finding("automation_cadence", EvidenceGroup.AUTOMATION, 0.3));
        assertTrue(fusion.fuse(subject, 0, "e0", automationAlone, s, 1).isEmpty(), "automation alone never alerts");
        Alert a = fusion.fuse(subject, MIN, "e1", List.of(finding("benchmark_harvesting", EvidenceGroup.PROVENANCE, 0.3)),
                s, 2).orElseThrow();
        // 0.3 specific, 0.3 support: 1 - 0.7 * (1 - min(0.3, 0.3))
        assertEquals(1 - 0.7 * 0.7, a.score(), 1e-9);
    }

    @Test
    void raisesNoAlertOnSupportingEvidenceAlone() {
        FusionState s = new FusionState();
        Optional<Alert> a = fusion.fuse(subject, 0, "e0", List.of(
                finding("templated_queries", EvidenceGroup.TEMPLATES, 0.95),
                finding("blended_traffic", EvidenceGroup.REQUEST_STYLE, 0.99),
                finding("query_distance", EvidenceGroup.QUERY_DISTRIBUTION, 0.9),
                finding("automation_cadence", EvidenceGroup.AUTOMATION, 0.3)), s, 1);
        assertTrue(a.isEmpty(), () -> "alert " + a);
        assertEquals(config.supportOnlyMax(), s.latestScore(), 1e-9);
    }

    @Test
    void putsSupportingEvidenceAloneOnTheWatchListWhenConfiguredTo() {
        FusionConfig c = new FusionConfig();
        c.supportOnlyMax(0.4);
        Alert a = new AlertFusion(c, DetectorFinding::name).fuse(subject, 0, "e0", List.of(
                finding("templated_queries", EvidenceGroup.TEMPLATES, 0.95)), new FusionState(), 1).orElseThrow();
        assertEquals(Severity.LOW, a.severity());
        assertEquals(0.4, a.score(), 1e-9);
        assertTrue(a.summary().contains("[evidence: none specific; support: templates 0.95]"), a.summary());
    }

    @Test
    void rejectsASupportOnlyCapAtOrAboveMedium() {
        FusionConfig c = new FusionConfig();
        c.supportOnlyMax(c.medium());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new AlertFusion(c, DetectorFinding::name));
    }

    @Test
    void countsDetectorsOfOneEvidenceGroupOnce() {
        FusionState s = new FusionState();
        Alert a = fusion.fuse(subject, 0, "e0", List.of(
                finding("benchmark_harvesting", EvidenceGroup.PROVENANCE, 0.4),
                finding("another_provenance_check", EvidenceGroup.PROVENANCE, 0.4)), s, 1).orElseThrow();
        assertEquals(0.4, a.score(), 1e-9, "the max of the group, not 1 - 0.6 * 0.6");
        assertEquals(Severity.LOW, a.severity());
    }

    @Test
    void letsSupportAtMostDoubleTheSpecificEvidence() {
        FusionState s = new FusionState();
        Alert weak = fusion.fuse(subject, 0, "e0", List.of(
                finding("reasoning_trace_coercion", EvidenceGroup.REASONING_EXTRACTION, 0.2),
                finding("blended_traffic", EvidenceGroup.REQUEST_STYLE, 0.99)), s, 1).orElseThrow();
        assertEquals(1 - 0.8 * 0.8, weak.score(), 1e-9);
        assertEquals(Severity.LOW, weak.severity(), "a weak specific signal stays on the watch list");
        Alert strong = fusion.fuse(subject, 1, "e1", List.of(
                finding("reasoning_trace_coercion", EvidenceGroup.REASONING_EXTRACTION, 0.4)), s, 2).orElseThrow();
        assertEquals(1 - 0.6 * 0.6, strong.score(), 1e-9);
        assertEquals(Severity.MEDIUM, strong.severity());
        assertTrue(strong.summary().contains("[evidence: reasoning_extraction 0.40; support: request_style 0.99]"),
                strong.summary());
    }

    @Test
    void supportACapabilitySweepAlreadyMeasuresOrContradictsDoesNotLiftIt() {
        List<EvidenceGroup> overlapping = List.of(EvidenceGroup.TEMPLATES, EvidenceGroup.REQUEST_STYLE,
                EvidenceGroup.AUTOMATION, EvidenceGroup.QUERY_DISTRIBUTION);
        for (EvidenceGroup support : overlapping) {
            Alert sweep = fusion.fuse(subject, 0, "e0", List.of(
                    finding("capability_coverage", EvidenceGroup.CAPABILITY_SWEEP, 0.46),
                    finding("launch_pivot", EvidenceGroup.LAUNCH_TIMING, 0.0),
                    finding("support", support, 0.9)), new FusionState(), 1).orElseThrow();
            assertEquals(0.46, sweep.score(), 1e-9, support + " is part of the sweep's own score or its opposite");
            assertEquals(Severity.LOW, sweep.severity());
            assertTrue(sweep.summary().endsWith("[evidence: capability_sweep 0.46; not counted beside it: "
                    + support.wireName() + " 0.90]"), sweep.summary());
            Alert provenance = fusion.fuse(subject, 0, "e0", List.of(
                    finding("benchmark_harvesting", EvidenceGroup.PROVENANCE, 0.46),
                    finding("support", support, 0.9)), new FusionState(), 1).orElseThrow();
            assertEquals(1 - 0.54 * 0.54, provenance.score(), 1e-9, support + " still corroborates provenance");
        }
        Alert launch = fusion.fuse(subject, 0, "e0", List.of(
                finding("capability_coverage", EvidenceGroup.CAPABILITY_SWEEP, 0.46),
                finding("launch_pivot", EvidenceGroup.LAUNCH_TIMING, 0.9)), new FusionState(), 1).orElseThrow();
        assertEquals(1 - 0.54 * 0.54, launch.score(), 1e-9, "other support still counts beside a sweep");
        Alert both = fusion.fuse(subject, 0, "e0", List.of(
                finding("capability_coverage", EvidenceGroup.CAPABILITY_SWEEP, 0.46),
                finding("benchmark_harvesting", EvidenceGroup.PROVENANCE, 0.5),
                finding("templated_queries", EvidenceGroup.TEMPLATES, 0.9)), new FusionState(), 1).orElseThrow();
        double specific = 1 - 0.54 * 0.5;
        assertEquals(1 - (1 - specific) * (1 - Math.min(0.9, specific)), both.score(), 1e-9,
                "the strongest specific group decides what corroborates");
    }

    @Test
    void dropsAFindingItsDetectorWithdrewWithAZeroScore() {
        FusionState s = new FusionState();
        fusion.fuse(subject, 0, "e0", List.of(finding("capability_coverage", EvidenceGroup.CAPABILITY_SWEEP, 0.8)), s, 1)
                .orElseThrow();
        assertTrue(fusion.fuse(subject, 1, "e1", List.of(finding("capability_coverage", EvidenceGroup.CAPABILITY_SWEEP, 0.0)),
                s, 2).isEmpty());
        assertEquals(0.0, s.latestScore());
        FusionState decoded = FusionState.decode(s.encode());
        assertEquals(0.0, fusion.fusedScore(fusion.groupScores(decoded.latest.values())));
    }

    @Test
    void countsTheGroupsOfADeclaredUseCaseAsSupportAndStillAlertsOnOtherEvidence() {
        FusionConfig c = new FusionConfig();
        FusionConfig.UseCase u = new FusionConfig.UseCase();
        u.orgId("org_writer");
        u.description("content generation");
        u.expectedGroups().add(EvidenceGroup.CAPABILITY_SWEEP);
        c.allowList().useCases().add(u);
        AlertFusion f = new AlertFusion(c, DetectorFinding::name);
        Standing standing = f.standing("key_w", "org_writer");
        assertEquals(Standing.NONE, f.standing("key_w", "org_other"));
        FusionState s = new FusionState();
        assertTrue(f.fuse(subject, 0, "e0", List.of(finding("capability_coverage", EvidenceGroup.CAPABILITY_SWEEP, 0.8)),
                s, 1, standing).isEmpty(), "the declared product's topic sweep alone raises nothing");
        Alert a = f.fuse(subject, 1, "e1", List.of(finding("logit_bias_sweep", EvidenceGroup.LOGIT_PROBING, 0.6)),
                s, 2, standing).orElseThrow();
        assertEquals(Severity.HIGH, a.severity());
        assertEquals(1 - 0.4 * 0.4, a.score(), 1e-9, "the sweep supports the probing: 1 - (1 - 0.6)(1 - min(0.8, 0.6))");
        assertTrue(a.summary().contains("support: capability_sweep 0.80] (declared use case: content generation)"),
                a.summary());
    }

    @Test
    void rejectsAUseCaseNamingBothAClientAndAnOrganisation() {
        FusionConfig c = new FusionConfig();
        FusionConfig.UseCase u = new FusionConfig.UseCase();
        u.orgId("org_a");
        u.clientId("key_a");
        u.expectedGroups().add(EvidenceGroup.TEMPLATES);
        c.allowList().useCases().add(u);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new AlertFusion(c, DetectorFinding::name));
    }
}
