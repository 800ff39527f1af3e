package dev.quarry.fingerprint.stats;

import java.util.Arrays;
import java.util.Optional;

/**
 * PRADA's test of a client's minimum distances (Juuti et al. 2019, <i>PRADA: Protecting against
 * DNN Model Stealing Attacks</i>, EuroS&amp;P; the authors' released code): distances more than
 * {@value #OUTLIER_SIGMAS} standard deviations from their mean are removed, then the Shapiro-Wilk W
 * of the rest is the statistic. Benign streams give roughly normal distances (W near 1); synthetic
 * probing does not. As in the released code the standard deviation is the population one and a
 * distance is kept when {@code |d - mean| < 3 std}.
 *
 * <p>The test needs at least {@code minDistances} distances left after outlier removal; PRADA
 * waits for about 100 ({@link #DEFAULT_MIN_DISTANCES}) because W is noisy on small samples. A
 * sample whose kept values are all equal gets W = 1, the value SciPy's {@code shapiro} (which
 * PRADA's code calls) returns for a zero-range sample: it is not flagged.
 *
 * <p>Shared by {@code QueryDistanceDetector} and the evaluation's PRADA baseline, so both apply
 * the same rules. Stateless and thread-safe.
 */
public final class PradaTest {
    /** Distances PRADA waits for before it tests. */
    public static final int DEFAULT_MIN_DISTANCES = 100;
    /** Distances farther than this many standard deviations from the mean are removed before the test. */
    public static final double OUTLIER_SIGMAS = 3.0;
    /**
     * A minimum distance below this is an exact repeat of a query in the growing set: int8
     * quantisation and rounding put a repeat a few thousandths above 0, while two different
     * prompts are at least 0.05 apart.
     */
    public static final double REPEAT_DISTANCE = 0.01;

    private PradaTest() {
    }

    /**
     * One test.
     *
     * @param w the Shapiro-Wilk W of the kept distances, in (0, 1]
     * @param tested the distances kept and tested
     * @param outliers the distances removed as outliers
     */
    public record Result(double w, int tested, int outliers) {
    }

    /** Whether a query at this minimum distance from the growing set is an exact repeat of one in it. */
    public static boolean isRepeat(double minDistance) {
        return minDistance < REPEAT_DISTANCE;
    }

    /**
     * Tests the first {@code n} distances of {@code sorted} (ascending, not modified).
     *
     * @return the result, or empty when fewer than {@code minDistances} are left after outlier
     *     removal (no verdict: a caller keeps its previous one)
     * @throws IllegalArgumentException if {@code minDistances} is below {@link ShapiroWilk#MIN_N}
     *     or {@code n} above {@link ShapiroWilk#MAX_N}
     */
    public static Optional<Result> testSorted(double[] sorted, int n, int minDistances) {
        if (minDistances < ShapiroWilk.MIN_N || n > ShapiroWilk.MAX_N) {
            throw new IllegalArgumentException("need min_distances >= 3 and at most 5000 distances: " + minDistances
                    + ", " + n);
        }
        if (n < minDistances) {
            return Optional.empty();
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += sorted[i];
        }
        double mean = sum / n;
        double ss = 0;
        for (int i = 0; i < n; i++) {
            ss += (sorted[i] - mean) * (sorted[i] - mean);
        }
        double limit = OUTLIER_SIGMAS * Math.sqrt(ss / n);
        int lo = 0;
        int hi = n;
        if (limit > 0) {
            // sorted, so the kept distances are one run: trim from both ends
            while (lo < hi && mean - sorted[lo] >= limit) {
                lo++;
            }
            while (hi > lo && sorted[hi - 1] - mean >= limit) {
                hi--;
            }
        }
        int kept = hi - lo;
        if (kept < minDistances) {
            return Optional.empty();
        }
        if (sorted[hi - 1] == sorted[lo]) {
            return Optional.of(new Result(1.0, kept, n - kept));
        }
        double[] x = lo == 0 ? sorted : Arrays.copyOfRange(sorted, lo, hi);
        return Optional.of(new Result(ShapiroWilk.testSorted(x, kept).w(), kept, n - kept));
    }
}
