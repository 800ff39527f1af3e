package dev.quarry.detectors.peers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.detectors.alert.Alert;
import dev.quarry.detectors.alert.DetectorFinding;
import dev.quarry.detectors.alert.EvidenceGroup;
import dev.quarry.detectors.alert.Severity;
import dev.quarry.detectors.alert.Subject;
import dev.quarry.detectors.cluster.ClusterMessage;
import dev.quarry.detectors.config.FusionConfig;
import dev.quarry.detectors.config.PeersConfig;
import dev.quarry.detectors.fusion.AlertFusion;
import dev.quarry.detectors.fusion.FusionState;
import dev.quarry.detectors.fusion.Standing;
import dev.quarry.detectors.suppression.Hold;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A heavy legitimate product stays under {@code medium} thanks to its peers, an extractor of the
 * same shape is still caught, evidence of extraction is never held, and few peers change nothing.
 */
class PeerFusionTest {
    private static final long HOUR = 3_600_000L;
    /** An event time that reads the statistics of the 2-hour boundary: boundary + grace + readLag. */
    private static final long READ_AT = 4 * HOUR;
    private final PeersConfig config = new PeersConfig();
    private final AlertFusion fusion = new AlertFusion(new FusionConfig(), DetectorFinding::name);

    /** Product peers whose capability breadth spreads evenly from 0.2 to 0.8 (p75 = 0.65). */
    private LivePeerStats productPeers(int clients) {
        List<ClusterMessage.PeerSample> in = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            double breadth = 0.2 + 0.6 * c / (clients - 1);
            in.add(new ClusterMessage.PeerSample("p" + c, "product", HOUR, new double[] {breadth, 0.01, 40}));
        }
        LivePeerStats live = new LivePeerStats();
        for (PeerSnapshot s : PeerStatistics.snapshot(in, 2 * HOUR, 6 * HOUR, 4096)) {
            live.put(ClientShape.fromWireName(s.shape()), s.boundary(), s);
        }
        return live;
    }

    private Alert fuse(LivePeerStats live, double breadth, DetectorFinding... findings) {
        return fuse(live, breadth, false, findings);
    }

    private Alert fuse(LivePeerStats live, double breadth, boolean risen, DetectorFinding... findings) {
        PeerContext context = new PeerContext(config, live);
        PeerStanding standing = context.standing(ClientShape.PRODUCT, new double[] {breadth, 0.0, 40},
                new boolean[] {risen, false, false}, READ_AT);
        return fusion.fuse(Subject.client("key_a"), 3 * HOUR, "e1", List.of(findings), new FusionState(), 500,
                Standing.NONE, Hold.NONE, () -> standing).orElseThrow();
    }

    private static DetectorFinding sweep(double score) {
        return new DetectorFinding("capability_coverage", EvidenceGroup.CAPABILITY_SWEEP, score,
                Map.of("prompts", 500, "window_breadth", 0.8));
    }

    @Test
    void aSlowSweepIsNotJudgedByTheWindowsBreadth() {
        DetectorFinding slow = new DetectorFinding("capability_coverage", EvidenceGroup.CAPABILITY_SWEEP, 0.6,
                Map.of("prompts", 300, "window_breadth", 0.1, "slow_sweep_score", 0.6));
        assertEquals(Severity.MEDIUM, fuse(productPeers(40), 0.0, slow).severity());
    }

    @Test
    void aLegitimateProductWhoseBreadthIsOrdinaryForItsShapeIsHeldAtLow() {
        Alert a = fuse(productPeers(40), 0.5, sweep(0.6));
        assertEquals(Severity.LOW, a.severity());
        assertEquals(0.6, a.score(), 1e-9);
        assertTrue(a.summary().contains("ordinary for its peers, product shape of 40 clients: held at low"), a.summary());
        Map<String, Object> evidence = a.detectors().get(0).evidence();
        assertEquals("product", evidence.get("peer_shape"));
        assertEquals("breadth", evidence.get("peer_quantity"));
        assertEquals(40, evidence.get("peer_clients"));
        assertEquals(true, evidence.get("peer_held"));
        assertTrue((Double) evidence.get("peer_percentile") < 0.75);
    }

    /**
     * A breadth ordinary for the shape but new for the client (an account quiet for hours that
     * turned to sweeping) is not held: its own history does not explain it.
     */
    @Test
    void aBreadthOrdinaryForTheShapeButRisenAboveTheClientsOwnHistoryIsNotHeld() {
        Alert a = fuse(productPeers(40), 0.5, true, sweep(0.6));
        assertEquals(Severity.MEDIUM, a.severity());
        Map<String, Object> evidence = a.detectors().get(0).evidence();
        assertEquals(true, evidence.get("peer_risen_above_own_history"));
        assertFalse(evidence.containsKey("peer_held"));
        assertTrue((Double) evidence.get("peer_percentile") < 0.75);
    }

    @Test
    void anExtractorOfTheSameShapeBroaderThanItsPeersIsStillCaught() {
        Alert a = fuse(productPeers(40), 0.95, sweep(0.6));
        assertEquals(Severity.MEDIUM, a.severity());
        Map<String, Object> evidence = a.detectors().get(0).evidence();
        assertEquals(1.0, (Double) evidence.get("peer_percentile"), 1e-9);
        assertFalse(evidence.containsKey("peer_held"));
    }

    @Test
    void aStrongFindingIsNeverHeldHoweverOrdinary() {
        assertEquals(Severity.HIGH, fuse(productPeers(40), 0.5, sweep(0.75)).severity());
    }

    @Test
    void evidenceOfExtractionIsNeverHeldButStatesTheShape() {
        DetectorFinding logits = new DetectorFinding("logit_bias_sweep", EvidenceGroup.LOGIT_PROBING, 0.6, Map.of());
        Alert a = fuse(productPeers(40), 0.5, sweep(0.3), logits);
        assertTrue(a.severity().isDetection());
        DetectorFinding shown = a.detectors().stream().filter(f -> f.name().equals("logit_bias_sweep")).findFirst()
                .orElseThrow();
        assertEquals("product", shown.evidence().get("peer_shape"));
    }

    /**
     * Heavy keys of one shape whose share of public items runs from 0.5 to 1 (harvesters and
     * evaluation runs near 1): a key mixing public items into a quarter of other prompts sits under
     * the upper quartile. Its provenance finding is not held by default, and is when configured.
     */
    @Test
    void provenanceIsNotHeldByDefaultButCanBeConfiguredTo() {
        List<ClusterMessage.PeerSample> in = new ArrayList<>();
        for (int c = 0; c < 40; c++) {
            in.add(new ClusterMessage.PeerSample("p" + c, "personal", HOUR, new double[] {0.1, 0.5 + 0.5 * c / 39, 40}));
        }
        LivePeerStats live = new LivePeerStats();
        for (PeerSnapshot snap : PeerStatistics.snapshot(in, 2 * HOUR, 6 * HOUR, 4096)) {
            live.put(ClientShape.fromWireName(snap.shape()), snap.boundary(), snap);
        }
        DetectorFinding provenance = new DetectorFinding("benchmark_harvesting", EvidenceGroup.PROVENANCE, 0.6,
                Map.of("distinct_items", 150));
        for (boolean held : new boolean[] {false, true}) {
            PeersConfig c = held ? new PeersConfig().heldGroups(List.of(EvidenceGroup.CAPABILITY_SWEEP,
                    EvidenceGroup.PROVENANCE)) : new PeersConfig();
            PeerStanding standing = new PeerContext(c, live).standing(ClientShape.PERSONAL, new double[] {0.1, 0.75, 40},
                    new boolean[] {false, false, false}, READ_AT);
            Alert a = fusion.fuse(Subject.client("key_a"), 3 * HOUR, "e1", List.of(provenance), new FusionState(), 500,
                    Standing.NONE, Hold.NONE, () -> standing).orElseThrow();
            assertEquals(held ? Severity.LOW : Severity.MEDIUM, a.severity(), "provenance held: " + held);
            assertEquals(held, a.detectors().get(0).evidence().containsKey("peer_held"));
        }
        assertEquals(List.of(EvidenceGroup.CAPABILITY_SWEEP), PeersConfig.DEFAULT_HELD_GROUPS);
    }

    @Test
    void withFewPeersNothingIsHeld() {
        Alert a = fuse(productPeers(19), 0.5, sweep(0.6));
        assertEquals(Severity.MEDIUM, a.severity());
        assertEquals("product", a.detectors().get(0).evidence().get("peer_shape"));
    }

    @Test
    void extractionGroupsCannotBeConfiguredToBeHeld() {
        PeersConfig c = new PeersConfig().heldGroups(List.of(EvidenceGroup.CAPABILITY_SWEEP, EvidenceGroup.LOGIT_PROBING));
        PeerStanding s = new PeerContext(c, productPeers(40)).standing(ClientShape.PRODUCT, new double[] {0.5, 0, 1},
                new boolean[0], READ_AT);
        assertFalse(s.heldGroups().contains(EvidenceGroup.LOGIT_PROBING));
    }

    /**
     * Which statistics an event reads depends on its event time, not on what arrived last: a
     * snapshot published for a later boundary (the statistics side ran ahead) does not change
     * the standing of an earlier event, and a shape with no clients at a boundary has no peer
     * context there, even when an older boundary had.
     */
    @Test
    void anEventReadsTheSnapshotOfItsOwnEventTimeWhateverArrivedSince() {
        LivePeerStats live = productPeers(40);
        PeerContext context = new PeerContext(config, live);
        double[] values = {0.5, 0.0, 40};
        PeerStanding before = context.standing(ClientShape.PRODUCT, values, new boolean[0], READ_AT);
        // A later boundary whose peers are all narrower: 0.5 is no longer ordinary there.
        List<ClusterMessage.PeerSample> broad = new ArrayList<>();
        for (int c = 0; c < 40; c++) {
            broad.add(new ClusterMessage.PeerSample("q" + c, "product", 4 * HOUR, new double[] {0.01 + 0.001 * c, 0.01, 40}));
        }
        PeerSnapshot later = PeerStatistics.snapshot(broad, 5 * HOUR, 6 * HOUR, 4096).get(0);
        live.put(ClientShape.PRODUCT, later.boundary(), later);
        PeerStanding after = context.standing(ClientShape.PRODUCT, values, new boolean[0], READ_AT);
        assertEquals(before, after);
        assertTrue(after.figures().get(EvidenceGroup.CAPABILITY_SWEEP).ordinary());
        PeerStanding atLater = context.standing(ClientShape.PRODUCT, values, new boolean[0], 7 * HOUR);
        assertFalse(atLater.figures().get(EvidenceGroup.CAPABILITY_SWEEP).ordinary());
        // No products at the 6-hour boundary: none of the earlier statistics stand in for it.
        live.put(ClientShape.PRODUCT, 6 * HOUR, null);
        assertFalse(context.standing(ClientShape.PRODUCT, values, new boolean[0], 8 * HOUR).active());
        assertEquals(0, context.standing(ClientShape.PRODUCT, values, new boolean[0], 8 * HOUR).peers());
        // Before the first boundary an event has no statistics at all.
        assertEquals(0, context.standing(ClientShape.PRODUCT, values, new boolean[0], 3 * HOUR).peers());
    }
}
