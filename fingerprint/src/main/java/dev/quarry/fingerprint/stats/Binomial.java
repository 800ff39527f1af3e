package dev.quarry.fingerprint.stats;

/**
 * Exact binomial tail probabilities, through the regularised incomplete beta function
 * ({@code P(X >= k) = I_p(k, n - k + 1)}), evaluated by Lentz's continued fraction (Press et al.,
 * Numerical Recipes, 3rd ed., 6.4) with log-gamma by Lanczos' approximation, all in log space so
 * that tails far below {@code 1e-300} keep their exponent. Pure functions; thread-safe.
 */
public final class Binomial {
    private static final double[] LANCZOS = {0.99999999999980993, 676.5203681218851, -1259.1392167224028,
        771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
        9.9843695780195716e-6, 1.5056327351493116e-7};
    private static final double LN_10 = Math.log(10);
    private static final double TINY = 1e-300;
    private static final double EPS = 1e-15;

    private Binomial() {}

    /** {@code P(X >= k)} for {@code X ~ Binomial(n, p)}; underflows to 0 below about 1e-308 (see {@link #log10UpperTail}). */
    public static double upperTail(long n, long k, double p) {
        return Math.exp(logUpperTail(n, k, p));
    }

    /** {@code log10 P(X >= k)}: finite however small the tail. */
    public static double log10UpperTail(long n, long k, double p) {
        return logUpperTail(n, k, p) / LN_10;
    }

    /**
     * {@code log10 P(X <= k)} for {@code X ~ Binomial(n, p)}, as the upper tail of the failures
     * ({@code P(n - X >= n - k)} with {@code 1 - p}): finite however small the tail, unlike
     * {@code 1 - P(X >= k + 1)}.
     */
    public static double log10LowerTail(long n, long k, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("need p in [0, 1]: p=" + p);
        }
        return logUpperTail(n, n - k, 1 - p) / LN_10;
    }

    /** Natural log of {@code P(X >= k)}. */
    public static double logUpperTail(long n, long k, double p) {
        if (n < 0 || !(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("need n >= 0 and p in [0, 1]: n=" + n + " p=" + p);
        }
        if (k <= 0) {
            return 0.0;
        }
        if (k > n) {
            return Double.NEGATIVE_INFINITY;
        }
        if (p == 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (p == 1) {
            return 0.0;
        }
        return logRegularisedBeta(p, k, n - k + 1.0);
    }

    /** {@code ln I_x(a, b)}. */
    static double logRegularisedBeta(double x, double a, double b) {
        double logFront = lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log1p(-x);
        if (x < (a + 1) / (a + b + 2)) {
            return logFront + Math.log(continuedFraction(x, a, b) / a);
        }
        // The complement converges here; the tail is then large, so 1 - small loses nothing that matters.
        double complement = Math.exp(logFront + Math.log(continuedFraction(1 - x, b, a) / b));
        return Math.log1p(-complement);
    }

    /** Lentz's evaluation of the continued fraction of the incomplete beta function. */
    private static double continuedFraction(double x, double a, double b) {
        double qab = a + b;
        double qap = a + 1;
        double qam = a - 1;
        double c = 1;
        double d = 1 / awayFromZero(1 - qab * x / qap);
        double h = d;
        for (int m = 1; m <= 100_000; m++) {
            int m2 = 2 * m;
            // Even step, then odd step, of the fraction's recurrence.
            double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
            d = 1 / awayFromZero(1 + aa * d);
            c = awayFromZero(1 + aa / c);
            h *= d * c;
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
            d = 1 / awayFromZero(1 + aa * d);
            c = awayFromZero(1 + aa / c);
            double del = d * c;
            h *= del;
            if (Math.abs(del - 1) < EPS) {
                return h;
            }
        }
        return h;
    }

    /** Lentz's guard: a value this close to zero is replaced by a tiny one of the same role. */
    private static double awayFromZero(double v) {
        return Math.abs(v) < TINY ? TINY : v;
    }

    /** {@code ln Gamma(x)} for {@code x > 0}, Lanczos (g = 7, 9 terms), relative error about 1e-15. */
    static double lnGamma(double x) {
        if (x < 0.5) {
            // Reflection keeps the approximation in its accurate range.
            return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lnGamma(1 - x);
        }
        x -= 1;
        double sum = LANCZOS[0];
        double t = x + 7.5;
        for (int i = 1; i < LANCZOS.length; i++) {
            sum += LANCZOS[i] / (x + i);
        }
        return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(sum);
    }
}
