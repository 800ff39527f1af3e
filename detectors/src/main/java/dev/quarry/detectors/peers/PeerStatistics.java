package dev.quarry.detectors.peers;

import dev.quarry.detectors.cluster.ClusterMessage;
import dev.quarry.fingerprint.Hashing;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pools the clients of each {@link ClientShape} into peer statistics, in a way that depends on
 * the samples and on event time only, never on how partitions interleave or how many instances
 * run.
 *
 * <ul>
 *   <li>Samples are kept per client and clock hour; of two samples of one client and hour the one
 *       with the later event time wins (ties: the larger values), so the kept set is the same in
 *       any arrival order.
 *   <li>A snapshot at boundary B pools, per client, its latest sample with event time in
 *       {@code [B - window, B)}, by the shape of that sample.
 *   <li>A shape with more than {@code maxClients} clients is pooled over the {@code maxClients}
 *       with the smallest 64-bit hash of their id: a uniform sample (bottom-k sampling, Cohen and
 *       Kaplan 2007) that, unlike a KLL or t-digest sketch fed in arrival order, is the same set in
 *       any order. Quantiles are then exact over the sample.
 * </ul>
 *
 * A hand-written bottom-k with exact quantiles rather than a sketch library: no quantile sketch
 * is among the kept libraries (Apache DataSketches is not), t-digest's centroids depend on the
 * order of insertion, and the sample here holds at most a few thousand values per shape once an
 * hour. Stateless and thread-safe.
 */
public final class PeerStatistics {
    private PeerStatistics() {}

    /** The key of a shape's snapshot at a boundary on the peer-statistics topic: {@code shape@boundary}. */
    public static String recordKey(String shape, long boundary) {
        return shape + "@" + boundary;
    }

    /** The key a sample is kept under: client and clock hour. */
    public static String key(ClusterMessage.PeerSample s) {
        return s.clientId() + "|" + Math.floorDiv(s.ts(), 3_600_000L);
    }

    /** Which of two samples of one client and hour to keep (either may be null). */
    public static ClusterMessage.PeerSample newer(ClusterMessage.PeerSample a, ClusterMessage.PeerSample b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        if (a.ts() != b.ts()) {
            return a.ts() > b.ts() ? a : b;
        }
        int c = Arrays.compare(a.values(), b.values());
        if (c != 0) {
            return c > 0 ? a : b;
        }
        return a.shape().compareTo(b.shape()) >= 0 ? a : b;
    }

    /**
     * The snapshots at {@code boundary} of every shape but {@code unknown} with at least one client,
     * in shape order.
     *
     * @param samples the kept samples (any order)
     * @param window how far back before the boundary a sample counts
     * @param maxClients clients per shape pooled at most (bottom-k by hash of the client id)
     */
    public static List<PeerSnapshot> snapshot(Iterable<ClusterMessage.PeerSample> samples, long boundary, long window,
            int maxClients) {
        Map<String, ClusterMessage.PeerSample> latest = new HashMap<>();
        for (ClusterMessage.PeerSample s : samples) {
            if (s.ts() < boundary && s.ts() >= boundary - window) {
                latest.merge(s.clientId(), s, PeerStatistics::newer);
            }
        }
        Map<ClientShape, List<ClusterMessage.PeerSample>> byShape = new EnumMap<>(ClientShape.class);
        for (ClusterMessage.PeerSample s : latest.values()) {
            ClientShape shape;
            try {
                shape = ClientShape.fromWireName(s.shape());
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (shape != ClientShape.UNKNOWN) {
                byShape.computeIfAbsent(shape, k -> new ArrayList<>()).add(s);
            }
        }
        List<PeerSnapshot> out = new ArrayList<>();
        for (Map.Entry<ClientShape, List<ClusterMessage.PeerSample>> e : byShape.entrySet()) {
            List<ClusterMessage.PeerSample> pooled = e.getValue();
            pooled.sort(Comparator.comparingLong((ClusterMessage.PeerSample s) -> Hashing.hash64(s.clientId()))
                    .thenComparing(ClusterMessage.PeerSample::clientId));
            if (pooled.size() > maxClients) {
                pooled = pooled.subList(0, maxClients);
            }
            Map<PeerQuantity, double[]> sorted = new EnumMap<>(PeerQuantity.class);
            for (PeerQuantity q : PeerQuantity.values()) {
                double[] v = new double[pooled.size()];
                for (int i = 0; i < v.length; i++) {
                    double[] values = pooled.get(i).values();
                    v[i] = q.ordinal() < values.length && Double.isFinite(values[q.ordinal()]) ? values[q.ordinal()] : 0;
                }
                Arrays.sort(v);
                sorted.put(q, v);
            }
            out.add(new PeerSnapshot(e.getKey().wireName(), boundary, pooled.size(), PeerSnapshot.percentilesOf(sorted)));
        }
        return out;
    }
}
