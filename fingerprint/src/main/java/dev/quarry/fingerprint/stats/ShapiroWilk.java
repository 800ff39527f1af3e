package dev.quarry.fingerprint.stats;

import java.util.Arrays;

/**
 * The Shapiro-Wilk test of normality, after Royston 1995, <i>Remark AS R94: A Remark on Algorithm
 * AS 181: The W-test for Normality</i> (Applied Statistics 44(4)), the algorithm behind R's
 * {@code shapiro.test} and SciPy's {@code stats.shapiro}. Valid for 3 to 5000 observations.
 *
 * <p>PRADA (Juuti et al. 2019) runs it on the distribution of each client's minimum distances
 * between a new query and its earlier ones: natural traffic gives a roughly normal distribution,
 * synthetic probing does not, so a small {@code W} is the signal.
 *
 * <p>Expected normal order statistics come from an inverse normal with relative error below
 * 1.2e-9 (Acklam), where AS R94 used the 7-digit PPND7; the statistic agrees with SciPy to about
 * 1e-6. Stateless and thread-safe; {@link #test} allocates the coefficient array of size n/2.
 */
public final class ShapiroWilk {
    public static final int MIN_N = 3;
    public static final int MAX_N = 5000;

    private static final double SMALL = 1e-19;
    private static final double[] C1 = {0.0, 0.221157, -0.147981, -2.07119, 4.434685, -2.706056};
    private static final double[] C2 = {0.0, 0.042981, -0.293762, -1.752461, 5.682633, -3.582633};
    private static final double[] C3 = {0.544, -0.39978, 0.025054, -6.714e-4};
    private static final double[] C4 = {1.3822, -0.77857, 0.062767, -0.0020322};
    private static final double[] C5 = {-1.5861, -0.31082, -0.083751, 0.0038915};
    private static final double[] C6 = {-0.4803, -0.082676, 0.0030302};
    private static final double[] G = {-2.273, 0.459};

    private ShapiroWilk() {
    }

    /**
     * The outcome of one test.
     *
     * @param w the statistic, in (0, 1]; 1 for a perfectly normal-looking sample
     * @param pValue probability of a W this small or smaller under normality
     */
    public record Result(double w, double pValue) {
    }

    /** Tests an unsorted sample (copied, not modified). */
    public static Result test(double[] sample) {
        double[] x = sample.clone();
        Arrays.sort(x);
        return testSorted(x);
    }

    /**
     * Tests a sample already sorted ascending; the fast path for callers that keep their data
     * sorted (as PRADA's growing distance list does).
     *
     * @throws IllegalArgumentException if n is outside [3, 5000], the sample is not sorted, holds a
     *     non-finite value, or all its values are equal (W is undefined)
     */
    public static Result testSorted(double[] x) {
        return testSorted(x, x.length);
    }

    /** Like {@link #testSorted(double[])} on the first {@code n} elements of {@code x}. */
    public static Result testSorted(double[] x, int n) {
        if (n < MIN_N || n > MAX_N) {
            throw new IllegalArgumentException("Shapiro-Wilk needs 3 to 5000 observations, got " + n);
        }
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(x[i])) {
                throw new IllegalArgumentException("non-finite observation at " + i + ": " + x[i]);
            }
            if (i > 0 && x[i] < x[i - 1]) {
                throw new IllegalArgumentException("sample is not sorted at " + i);
            }
        }
        double range = x[n - 1] - x[0];
        if (range < SMALL) {
            throw new IllegalArgumentException("all observations are equal: W is undefined");
        }
        double[] a = coefficients(n);

        // W as 1 - w1, computed from centred, range-scaled values: forming W directly as a ratio of
        // two nearly equal sums loses the digits that separate 0.9995 from 0.9999 at large n.
        int half = n / 2;
        double sa = 0;
        double sx = 0;
        for (int i = 0; i < n; i++) {
            sa += signedCoefficient(a, i, n, half);
            sx += x[i] / range;
        }
        sa /= n;
        sx /= n;
        double ssa = 0;
        double ssx = 0;
        double sax = 0;
        for (int i = 0; i < n; i++) {
            double asa = signedCoefficient(a, i, n, half) - sa;
            double xsx = x[i] / range - sx;
            ssa += asa * asa;
            ssx += xsx * xsx;
            sax += asa * xsx;
        }
        double ssassx = Math.sqrt(ssa * ssx);
        double w1 = (ssassx - sax) * (ssassx + sax) / (ssa * ssx);
        double w = 1.0 - w1;
        return new Result(w, pValue(w, w1, n));
    }

    /** The coefficient of the i-th order statistic: -a for the lower half, +a for the upper, 0 in the middle. */
    private static double signedCoefficient(double[] a, int i, int n, int half) {
        int j = n - 1 - i;
        if (i < j) {
            return -a[i];
        }
        if (i > j) {
            return a[j];
        }
        return 0.0;
    }

    /** Royston's approximation of the n/2 positive coefficients a_n, a_(n-1), ... (largest first). */
    static double[] coefficients(int n) {
        int half = n / 2;
        double[] a = new double[half];
        if (n == 3) {
            a[0] = Math.sqrt(0.5);
            return a;
        }
        double[] m = new double[half];
        double an25 = n + 0.25;
        double summ2 = 0;
        for (int i = 0; i < half; i++) {
            m[i] = NormalDistribution.quantile((i + 1 - 0.375) / an25);
            summ2 += m[i] * m[i];
        }
        summ2 *= 2;
        double ssumm2 = Math.sqrt(summ2);
        double rsn = 1.0 / Math.sqrt(n);
        double a1 = poly(C1, rsn) - m[0] / ssumm2;
        int first;
        double fac;
        if (n > 5) {
            first = 2;
            double a2 = -m[1] / ssumm2 + poly(C2, rsn);
            fac = Math.sqrt((summ2 - 2 * m[0] * m[0] - 2 * m[1] * m[1]) / (1 - 2 * a1 * a1 - 2 * a2 * a2));
            a[1] = a2;
        } else {
            first = 1;
            fac = Math.sqrt((summ2 - 2 * m[0] * m[0]) / (1 - 2 * a1 * a1));
        }
        a[0] = a1;
        for (int i = first; i < half; i++) {
            a[i] = -m[i] / fac;
        }
        return a;
    }

    private static double pValue(double w, double w1, int n) {
        if (n == 3) {
            // Exact for n = 3: W is at least 3/4, and P(W <= w) = (6/pi) (asin(sqrt w) - pi/3).
            double pw = 6.0 / Math.PI * (Math.asin(Math.sqrt(Math.max(w, 0.75))) - Math.PI / 3);
            return Math.min(1.0, Math.max(0.0, pw));
        }
        if (w1 <= 0) {
            return 1.0;
        }
        double y = Math.log(w1);
        double m;
        double s;
        if (n <= 11) {
            double gamma = poly(G, n);
            if (y >= gamma) {
                return 1e-99;
            }
            y = -Math.log(gamma - y);
            m = poly(C3, n);
            s = Math.exp(poly(C4, n));
        } else {
            double xx = Math.log(n);
            m = poly(C5, xx);
            s = Math.exp(poly(C6, xx));
        }
        return NormalDistribution.upperTail((y - m) / s);
    }

    /** c[0] + c[1] x + c[2] x^2 + ... */
    private static double poly(double[] c, double x) {
        double r = 0;
        for (int i = c.length - 1; i >= 0; i--) {
            r = r * x + c[i];
        }
        return r;
    }
}
