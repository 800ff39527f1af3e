package dev.quarry.fingerprint.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PradaTestTest {

    private static double[] normal(int n, long seed) {
        Random rnd = new Random(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 0.8 + 0.1 * rnd.nextGaussian();
        }
        Arrays.sort(x);
        return x;
    }

    @Test
    void removesDistancesBeyondThreeStandardDeviationsBeforeTesting() {
        double[] clean = normal(150, 1);
        double[] withOutlier = Arrays.copyOf(clean, 151);
        withOutlier[150] = 1.9;
        Arrays.sort(withOutlier);
        PradaTest.Result r = PradaTest.testSorted(withOutlier, 151, 100).orElseThrow();
        assertEquals(1, r.outliers());
        assertEquals(150, r.tested());
        assertEquals(ShapiroWilk.testSorted(clean).w(), r.w(), 1e-12);
        assertTrue(ShapiroWilk.testSorted(withOutlier).w() < r.w(), "the outlier alone lowers W");
    }

    @Test
    void keepsADistanceWithinThreeStandardDeviations() {
        double[] x = normal(120, 2);
        PradaTest.Result r = PradaTest.testSorted(x, x.length, 100).orElseThrow();
        assertEquals(0, r.outliers());
        assertEquals(ShapiroWilk.testSorted(x).w(), r.w(), 1e-12);
    }

    @Test
    void doesNotTestFewerThanTheMinimumLeftAfterOutlierRemoval() {
        double[] x = normal(99, 3);
        assertTrue(PradaTest.testSorted(x, 99, PradaTest.DEFAULT_MIN_DISTANCES).isEmpty());
        double[] y = Arrays.copyOf(normal(100, 3), 101);
        y[100] = 5.0;
        Arrays.sort(y);
        assertTrue(PradaTest.testSorted(y, 101, 101).isEmpty(), "101 distances, 100 left");
    }

    @Test
    void givesEqualDistancesWOfOne() {
        double[] x = new double[120];
        Arrays.fill(x, 0.5);
        assertEquals(1.0, PradaTest.testSorted(x, 120, 100).orElseThrow().w());
    }

    @Test
    void treatsOnlyNearZeroDistancesAsRepeats() {
        assertTrue(PradaTest.isRepeat(0.0));
        assertTrue(PradaTest.isRepeat(0.004));
        assertTrue(!PradaTest.isRepeat(0.05));
    }
}
