package dev.quarry.detectors.cluster;

import dev.quarry.fingerprint.stats.Poisson;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.roaringbitmap.IntIterator;
import org.roaringbitmap.RoaringBitmap;

/**
 * The dataset-split test for a split hidden among many independent users of the same set.
 * {@link DatasetSplitDetector}'s member test compares each participant with the union of all the
 * others; when a popular set is also walked by many independent clients (developers trying Code
 * Alpaca items, students with GSM8K homework), a member's items meet theirs at chance and its
 * shortfall against the whole union is diluted below significance, though it shares nothing with
 * the other members. The structure to find is a group: participants that pairwise share far fewer
 * items than their sizes make likely.
 *
 * <p>Searching for such a group among many participants selects on the very overlaps the test
 * would count (among a hundred independent clients some forty share nothing by chance), so the
 * search and the test use different data: sample splitting (Cox 1975; Wasserman and Roeder 2009,
 * "High-dimensional variable selection"). The set's items are split in two halves by a fixed hash
 * of the item index. On half A the group is found by peeling: starting from every participant,
 * the one whose overlap with the rest most exceeds what independent draws give ({@code sum k_i
 * k_j / N} over the rest) is removed, until each left shares at most {@code maxOverlapRatio} of
 * that. On half B, which the search never saw, the group's pairwise shared items are compared with
 * their expectation: under independence their count is about Poisson, and the lower tail is the
 * group's p-value, significant at {@code alpha}. Members are the group's participants whose own
 * shortfall on half B, against the rest of the group, is at most {@code maxMemberAlpha}: a client
 * that joined the group by chance on half A meets its items on half B.
 *
 * <p>The pairwise overlaps cost {@code n^2 / 2} bitmap intersections, so at most
 * {@code groupSearchMaxParticipants} participants take part (those holding most items). Two
 * fleets splitting one set are found as the larger one. Stateless and thread-safe.
 */
final class SplitGroupSearch {
    /** A group found: its members (sorted by id) and the half-B test. */
    record Group(List<String> members, double log10P, long sharedPairs, double expectedPairs) {}

    /** Items of each half, by set size (the split depends on nothing else). */
    private static final Map<Integer, Integer> HALF_A = new ConcurrentHashMap<>();

    private final double maxOverlapRatio;
    private final int minMembers;
    private final double alpha;
    private final double maxMemberAlpha;
    private final int maxParticipants;

    SplitGroupSearch(double maxOverlapRatio, int minMembers, double alpha, double maxMemberAlpha, int maxParticipants) {
        this.maxOverlapRatio = maxOverlapRatio;
        this.minMembers = minMembers;
        this.alpha = alpha;
        this.maxMemberAlpha = maxMemberAlpha;
        this.maxParticipants = maxParticipants;
    }

    /** Half A or half B of an item: the top bit of a multiplicative hash of its index. */
    static boolean inHalfA(int item) {
        return (item * 0x9E3779B97F4A7C15L) >= 0;
    }

    private static int halfASize(int setSize) {
        return HALF_A.computeIfAbsent(setSize, n -> {
            int a = 0;
            for (int i = 0; i < n; i++) {
                a += inHalfA(i) ? 1 : 0;
            }
            return a;
        });
    }

    /**
     * @param setSize items in the set
     * @param participants the participants to search, by id (whole-set runs already left out)
     */
    Optional<Group> find(int setSize, Map<String, DatasetSplitDetector.Participant> participants) {
        List<Map.Entry<String, DatasetSplitDetector.Participant>> ps = new ArrayList<>(participants.entrySet());
        if (ps.size() < minMembers) {
            return Optional.empty();
        }
        ps.sort(Comparator.<Map.Entry<String, DatasetSplitDetector.Participant>>comparingLong(
                e -> -e.getValue().items().getLongCardinality()).thenComparing(Map.Entry::getKey));
        int n = Math.min(ps.size(), maxParticipants);
        int sizeA = halfASize(setSize);
        int sizeB = setSize - sizeA;
        if (sizeA == 0 || sizeB == 0) {
            return Optional.empty();
        }
        RoaringBitmap[] a = new RoaringBitmap[n];
        RoaringBitmap[] b = new RoaringBitmap[n];
        double[] kA = new double[n];
        double[] kB = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = new RoaringBitmap();
            b[i] = new RoaringBitmap();
            IntIterator it = ps.get(i).getValue().items().getIntIterator();
            while (it.hasNext()) {
                int item = it.next();
                (inHalfA(item) ? a[i] : b[i]).add(item);
            }
            kA[i] = a[i].getCardinality();
            kB[i] = b[i].getCardinality();
        }
        // Half A: pairwise shared items, and each participant's shared and expected over the rest.
        int[] shared = new int[n * n];
        double[] obs = new double[n];
        double[] exp = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                int o = kA[i] == 0 || kA[j] == 0 ? 0 : RoaringBitmap.andCardinality(a[i], a[j]);
                shared[i * n + j] = o;
                shared[j * n + i] = o;
                double e = kA[i] * kA[j] / sizeA;
                obs[i] += o;
                obs[j] += o;
                exp[i] += e;
                exp[j] += e;
            }
        }
        boolean[] alive = new boolean[n];
        java.util.Arrays.fill(alive, true);
        int left = n;
        while (left >= minMembers) {
            int worst = -1;
            double worstExcess = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                if (alive[i] && obs[i] > maxOverlapRatio * exp[i]) {
                    double excess = (obs[i] - exp[i]) / Math.sqrt(exp[i] + 1);
                    if (excess > worstExcess) {
                        worstExcess = excess;
                        worst = i;
                    }
                }
            }
            if (worst < 0) {
                break;
            }
            alive[worst] = false;
            left--;
            for (int i = 0; i < n; i++) {
                if (alive[i]) {
                    obs[i] -= shared[i * n + worst];
                    exp[i] -= kA[i] * kA[worst] / sizeA;
                }
            }
        }
        if (left < minMembers) {
            return Optional.empty();
        }
        // Half B: the group's pairwise shared items against their expectation, and each member's.
        List<Integer> group = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (alive[i]) {
                group.add(i);
            }
        }
        long pairs = 0;
        double expected = 0;
        long[] ownShared = new long[n];
        double[] ownExpected = new double[n];
        for (int x = 0; x < group.size(); x++) {
            int i = group.get(x);
            for (int y = x + 1; y < group.size(); y++) {
                int j = group.get(y);
                long o = kB[i] == 0 || kB[j] == 0 ? 0 : RoaringBitmap.andCardinality(b[i], b[j]);
                double e = kB[i] * kB[j] / sizeB;
                pairs += o;
                expected += e;
                ownShared[i] += o;
                ownShared[j] += o;
                ownExpected[i] += e;
                ownExpected[j] += e;
            }
        }
        double log10P = Poisson.log10LowerTail(pairs, expected);
        if (log10P > Math.log10(alpha)) {
            return Optional.empty();
        }
        List<String> members = new ArrayList<>();
        double log10Member = Math.log10(maxMemberAlpha);
        for (int i : group) {
            if (ownShared[i] <= maxOverlapRatio * ownExpected[i]
                    && Poisson.log10LowerTail(ownShared[i], ownExpected[i]) <= log10Member) {
                members.add(ps.get(i).getKey());
            }
        }
        if (members.size() < minMembers) {
            return Optional.empty();
        }
        members.sort(null);
        return Optional.of(new Group(List.copyOf(members), log10P, pairs, expected));
    }
}
