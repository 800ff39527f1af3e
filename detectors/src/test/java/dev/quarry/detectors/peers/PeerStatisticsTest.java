package dev.quarry.detectors.peers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.detectors.cluster.ClusterMessage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PeerStatisticsTest {
    private static final long HOUR = 3_600_000L;
    private static final long WINDOW = 6 * HOUR;

    private static ClusterMessage.PeerSample sample(String client, String shape, long ts, double breadth) {
        return new ClusterMessage.PeerSample(client, shape, ts, new double[] {breadth, breadth / 2, 10});
    }

    /** Keeps samples as the peer side does: the newer one per client and hour. */
    private static Map<String, ClusterMessage.PeerSample> keep(List<ClusterMessage.PeerSample> arrivals) {
        Map<String, ClusterMessage.PeerSample> kept = new HashMap<>();
        for (ClusterMessage.PeerSample s : arrivals) {
            kept.merge(PeerStatistics.key(s), s, PeerStatistics::newer);
        }
        return kept;
    }

    private static List<ClusterMessage.PeerSample> traffic() {
        Random r = new Random(3);
        List<ClusterMessage.PeerSample> out = new ArrayList<>();
        for (int c = 0; c < 300; c++) {
            String shape = c % 3 == 0 ? "product" : c % 3 == 1 ? "batch" : "personal";
            for (int k = 0; k < 5; k++) {
                out.add(sample("key_" + c, shape, 8 * HOUR + r.nextInt((int) (4 * HOUR)), r.nextDouble()));
            }
        }
        return out;
    }

    @Test
    void theSameSamplesInTwoArrivalOrdersGiveTheSameQuantiles() {
        List<ClusterMessage.PeerSample> a = traffic();
        List<ClusterMessage.PeerSample> b = new ArrayList<>(a);
        Collections.shuffle(b, new Random(11));
        List<PeerSnapshot> first = PeerStatistics.snapshot(keep(a).values(), 12 * HOUR, WINDOW, 64);
        List<PeerSnapshot> second = PeerStatistics.snapshot(keep(b).values(), 12 * HOUR, WINDOW, 64);
        assertEquals(3, first.size());
        for (int i = 0; i < first.size(); i++) {
            assertArrayEquals(first.get(i).toBytes(), second.get(i).toBytes());
        }
        assertEquals(64, first.get(0).clients());
    }

    @Test
    void percentilesAreThoseOfTheLatestSamplePerClientBeforeTheBoundary() {
        List<ClusterMessage.PeerSample> in = new ArrayList<>();
        for (int c = 0; c <= 100; c++) {
            in.add(sample("key_" + c, "product", 9 * HOUR, c / 100.0));
            // A later sample within the window wins; one at or past the boundary does not count.
            in.add(sample("key_" + c, "product", 10 * HOUR, c / 100.0));
            in.add(sample("key_" + c, "product", 12 * HOUR + 1, 5.0));
            // Older than the window: left out.
            in.add(sample("old_" + c, "product", 5 * HOUR, 9.0));
        }
        PeerSnapshot s = PeerStatistics.snapshot(keep(in).values(), 12 * HOUR, WINDOW, 4096).get(0);
        assertEquals(101, s.clients());
        assertEquals(0.75, s.valueAt(PeerQuantity.BREADTH, 0.75), 1e-9);
        assertEquals(0.5, s.percentileOf(PeerQuantity.BREADTH, 0.505), 1e-9);
        assertEquals(1.0, s.percentileOf(PeerQuantity.BREADTH, 2.0), 1e-9);
        assertEquals(0.0, s.percentileOf(PeerQuantity.BREADTH, -1), 1e-9);
    }

    @Test
    void unknownClientsAreNeverPooled() {
        List<ClusterMessage.PeerSample> in = List.of(sample("a", "unknown", HOUR, 1), sample("b", "batch", HOUR, 1));
        List<PeerSnapshot> out = PeerStatistics.snapshot(in, 2 * HOUR, WINDOW, 10);
        assertEquals(1, out.size());
        assertEquals("batch", out.get(0).shape());
    }

    @Test
    void aSnapshotSurvivesItsJson() {
        PeerSnapshot s = PeerStatistics.snapshot(keep(traffic()).values(), 12 * HOUR, WINDOW, 4096).get(0);
        PeerSnapshot back = PeerSnapshot.fromBytes(s.toBytes());
        assertEquals(s.clients(), back.clients());
        assertArrayEquals(s.points(PeerQuantity.BREADTH), back.points(PeerQuantity.BREADTH));
        assertTrue(back.points(PeerQuantity.BREADTH)[100] >= back.points(PeerQuantity.BREADTH)[0]);
    }
}
