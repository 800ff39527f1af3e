package dev.quarry.detectors.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.detectors.alert.DetectorFinding;
import dev.quarry.detectors.alert.EvidenceGroup;
import dev.quarry.detectors.config.HydraConfig;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The fleet's pooled capability sweep on the cluster side. */
class PooledSweepTest {
    private final HydraClusterDetector detector = new HydraClusterDetector(new HydraConfig());

    private static ClusterMessage.ClientSummary member(String id, double sweep, double rate, long mark) {
        return new ClusterMessage.ClientSummary(id, id + "-e", 1_000L, 0L, 300, 12, 50, 800, 0.05,
                new long[] {mark}, "instruction: <fill>", sweep, rate);
    }

    private static ClusterStats fleet(int members, double sweep, double rate) {
        ClusterStats s = ClusterStats.of("key_00");
        for (int i = 0; i < members; i++) {
            s.apply(member(String.format("key_%02d", i), sweep, rate, 7L), 1);
        }
        s.size = members;
        return s;
    }

    /** Ten keys at 50 prompts an hour each: human pace alone, a capability sweep together. */
    @Test
    void scoresTheFleetAtItsPooledPace() {
        DetectorFinding f = detector.pooledSweep(fleet(10, 0.8, 50)).orElseThrow();
        assertEquals(EvidenceGroup.CAPABILITY_SWEEP, f.group());
        assertEquals(0.8, f.score(), 1e-9);
        assertEquals(500L, ((Number) f.evidence().get("pooled_prompts_per_hour")).longValue());
        assertEquals(50L, ((Number) f.evidence().get("mean_member_prompts_per_hour")).longValue());
    }

    @Test
    void staysLowForFewSlowMembersOrNarrowWork() {
        assertTrue(detector.pooledSweep(fleet(5, 0.8, 12)).orElseThrow().score() == 0, "60/h pooled is human pace");
        assertTrue(detector.pooledSweep(fleet(10, 0.05, 50)).orElseThrow().score() < 0.1, "narrow or chatty work");
        assertEquals(Optional.empty(), detector.pooledSweep(fleet(4, 0.8, 50)), "below min_members");
    }

    /** Strangers linked in through a shared network carry no template mark: they neither dilute nor count. */
    @Test
    void poolsOnlyTheMembersCarryingTheTemplate() {
        ClusterStats s = fleet(10, 0.8, 50);
        for (int i = 0; i < 30; i++) {
            s.apply(member("key_stranger" + i, 0.02, 20, 1000L + i), 1);
        }
        DetectorFinding f = detector.pooledSweep(s).orElseThrow();
        assertEquals(0.8, f.score(), 1e-9);
        assertEquals(10, ((Number) f.evidence().get("template_members")).intValue());
    }

    /** A larger group of strangers sharing another template does not hide the fleet. */
    @Test
    void findsTheSweepingGroupBesideALargerGroupWithAnotherTemplate() {
        ClusterStats s = fleet(10, 0.8, 50);
        for (int i = 0; i < 40; i++) {
            s.apply(member("key_office" + i, 0.05, 8, 99L), 1);
        }
        assertEquals(7L, detector.sweepMark(s));
        assertEquals(0.8, detector.pooledSweep(s).orElseThrow().score(), 1e-9);
    }

    @Test
    void scalesADeclaredTenant() {
        ClusterStats s = fleet(10, 0.8, 50);
        s.addKey(LinkKeys.ORG + "acme", 32);
        assertEquals(0.2, detector.pooledSweep(s).orElseThrow().score(), 1e-9);
    }

    @Test
    void aMembersNewSummaryReplacesItsOldWindow() {
        ClusterStats s = fleet(10, 0.8, 50);
        s.apply(member("key_03", 0.8, 50, 7L), -1);
        s.apply(member("key_03", 0.8, 150, 7L), 1);
        assertEquals(600L, ((Number) detector.pooledSweep(s).orElseThrow().evidence()
                .get("pooled_prompts_per_hour")).longValue());
        assertEquals(10.0, s.markSweep(7L)[2]);
    }
}
