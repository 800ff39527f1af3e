package dev.quarry.fingerprint.stats;

/**
 * Poisson tail probabilities in log space, summed term by term from the mode down (each term
 * {@code e^-m m^x / x!} through {@link Binomial#lnGamma}), so that tails far below {@code 1e-300}
 * keep their exponent. Pure functions; thread-safe.
 */
public final class Poisson {
    private static final double LN_10 = Math.log(10);

    private Poisson() {}

    /** {@code log10 P(X <= k)} for {@code X ~ Poisson(mean)}: finite however small the tail. */
    public static double log10LowerTail(long k, double mean) {
        if (!(mean >= 0) || Double.isInfinite(mean)) {
            throw new IllegalArgumentException("need a finite mean >= 0: " + mean);
        }
        if (k < 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (mean == 0) {
            return 0.0;
        }
        // Past the mean the lower tail is at least about a half: the sum of terms would be long and
        // the answer is no evidence either way.
        if (k >= mean) {
            return Math.log10(Math.min(1.0, lowerTailBySum(k, mean, (long) Math.floor(mean))));
        }
        double top = term(k, mean);
        double sum = 0;
        // Terms fall as x goes down from k (k < mean); stop when they no longer count.
        for (long x = k; x >= 0; x--) {
            double r = Math.exp(term(x, mean) - top);
            sum += r;
            if (r < 1e-17 * sum) {
                break;
            }
        }
        return (top + Math.log(sum)) / LN_10;
    }

    /** {@code P(X <= k)} summed directly (only for k at or past the mean, where it is not small). */
    private static double lowerTailBySum(long k, double mean, long mode) {
        double total = 0;
        long from = Math.max(0, mode - 40 - (long) (12 * Math.sqrt(mean)));
        for (long x = from; x <= k; x++) {
            total += Math.exp(term(x, mean));
            if (x > mode && Math.exp(term(x, mean)) < 1e-17 * total) {
                break;
            }
        }
        return total;
    }

    /** {@code ln(e^-m m^x / x!)}. */
    private static double term(long x, double mean) {
        return -mean + x * Math.log(mean) - Binomial.lnGamma(x + 1.0);
    }
}
