package dev.quarry.fingerprint.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Reference values from SciPy 1.17.1 ({@code scipy.stats.shapiro}) on the same samples, which a
 * 64-bit LCG generates identically here and in the Python snippet that produced them:
 * {@code s = (s * 6364136223846793005 + 1442695040888963407) mod 2^64; u = (s >> 11) * 2^-53};
 * normal = sum of 12 uniforms - 6, skewed = exp(3u).
 */
class ShapiroWilkTest {
    private static final double W_TOLERANCE = 2e-6;

    @Test
    void threeObservationsMatchTheExactDistribution() {
        ShapiroWilk.Result r = ShapiroWilk.test(new double[] {4.0, 1.0, 2.0});
        assertEquals(0.9642857142857142, r.w(), W_TOLERANCE);
        assertEquals(0.6368868450289689, r.pValue(), 1e-6);
    }

    @Test
    void equallySpacedTripleIsPerfectlyNormal() {
        ShapiroWilk.Result r = ShapiroWilk.test(new double[] {1.0, 2.0, 3.0});
        assertEquals(1.0, r.w(), 1e-12);
        assertEquals(1.0, r.pValue(), 1e-9);
    }

    @Test
    void smallSamplesMatchScipy() {
        check(uniform(4, 9), 0.8714190218313758, 0.30328067911235473);
        check(normal(5, 10), 0.8132511304851575, 0.10345601899363344);
        check(skewed(11, 8), 0.8476023405088406, 0.03970959325799008);
    }

    @Test
    void twentyObservationsMatchScipy() {
        check(normal(20, 1), 0.9520517864206546, 0.3993128251742799);
        check(uniform(20, 2), 0.9521768834779909, 0.40134730263847224);
        check(skewed(20, 3), 0.9156035196329579, 0.08156828004626383);
    }

    @Test
    void normalSampleOfFiveHundredHasWNearOne() {
        ShapiroWilk.Result r = check(normal(500, 4), 0.9970368228164032, 0.5030843205667672);
        assertTrue(r.w() > 0.99);
    }

    @Test
    void uniformAndSkewedSamplesOfFiveHundredAreRejected() {
        check(uniform(500, 5), 0.9513982767819286, 9.289819588095794e-12);
        ShapiroWilk.Result skewed = check(skewed(500, 6), 0.8679992161480162, 3.806211098986196e-20);
        assertTrue(skewed.pValue() < 1e-10);
    }

    @Test
    void largestSupportedSampleMatchesScipy() {
        check(normal(5000, 7), 0.9996787037148528, 0.641964824742463);
    }

    @Test
    void rejectsSamplesOutsideTheSupportedSizesOrConstant() {
        assertThrows(IllegalArgumentException.class, () -> ShapiroWilk.test(new double[] {1, 2}));
        assertThrows(IllegalArgumentException.class, () -> ShapiroWilk.test(new double[5001]));
        assertThrows(IllegalArgumentException.class, () -> ShapiroWilk.test(new double[] {2, 2, 2, 2}));
        assertThrows(IllegalArgumentException.class, () -> ShapiroWilk.testSorted(new double[] {3, 1, 2}));
    }

    private static ShapiroWilk.Result check(double[] sample, double w, double p) {
        ShapiroWilk.Result r = ShapiroWilk.test(sample);
        assertEquals(w, r.w(), W_TOLERANCE, "W");
        // p-values span many decades: compare relative to their size.
        assertEquals(p, r.pValue(), Math.max(1e-6, p * 2e-3), "p-value");
        return r;
    }

    private static final class Lcg {
        private long state;

        Lcg(long seed) {
            state = seed;
        }

        double next() {
            state = state * 6364136223846793005L + 1442695040888963407L;
            return (state >>> 11) * 0x1.0p-53;
        }
    }

    private static double[] normal(int n, long seed) {
        Lcg g = new Lcg(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int k = 0; k < 12; k++) {
                s += g.next();
            }
            x[i] = s - 6;
        }
        return x;
    }

    private static double[] uniform(int n, long seed) {
        Lcg g = new Lcg(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = g.next();
        }
        return x;
    }

    private static double[] skewed(int n, long seed) {
        Lcg g = new Lcg(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = Math.exp(3 * g.next());
        }
        return x;
    }
}
