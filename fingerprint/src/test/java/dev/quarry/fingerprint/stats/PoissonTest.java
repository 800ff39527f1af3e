package dev.quarry.fingerprint.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PoissonTest {
    /** The lower tail summed naively in doubles, where that is accurate. */
    private static double naive(long k, double mean) {
        double p = Math.exp(-mean);
        double total = p;
        for (long x = 1; x <= k; x++) {
            p *= mean / x;
            total += p;
        }
        return total;
    }

    @Test
    void matchesTheNaiveSumWhereItIsAccurate() {
        for (double mean : new double[] {0.3, 1, 4.5, 20, 60}) {
            for (long k = 0; k <= 90; k += 3) {
                double expected = Math.log10(Math.min(1, naive(k, mean)));
                assertEquals(expected, Poisson.log10LowerTail(k, mean), 1e-6 + Math.abs(expected) * 1e-6,
                        "k=" + k + " mean=" + mean);
            }
        }
    }

    @Test
    void keepsTheExponentOfTailsBelowDoubleRange() {
        // P(X = 0) = e^-1000: log10 = -1000 / ln 10.
        assertEquals(-1000 / Math.log(10), Poisson.log10LowerTail(0, 1000), 1e-9);
        assertTrue(Poisson.log10LowerTail(5, 1000) < -400);
        assertTrue(Poisson.log10LowerTail(5, 1000) > Poisson.log10LowerTail(0, 1000));
    }

    @Test
    void edges() {
        assertEquals(0.0, Poisson.log10LowerTail(3, 0));
        assertEquals(Double.NEGATIVE_INFINITY, Poisson.log10LowerTail(-1, 2));
    }
}
