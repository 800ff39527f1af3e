package dev.quarry.fingerprint.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class VectorMathTest {

    @Test
    void batchedFormsAgreeWithPairwiseScalarMath() {
        Random rnd = new Random(3);
        int dim = 37;
        int rows = 50;
        float[] q = random(rnd, dim);
        float[] m = new float[rows * dim];
        for (int i = 0; i < m.length; i++) {
            m[i] = (float) rnd.nextGaussian();
        }
        float min = Float.POSITIVE_INFINITY;
        int above = 0;
        for (int r = 0; r < rows; r++) {
            float[] row = java.util.Arrays.copyOfRange(m, r * dim, (r + 1) * dim);
            min = Math.min(min, naiveSquareDistance(q, row));
            if (naiveDot(q, row) >= 1.0f) {
                above++;
            }
        }
        assertEquals(min, VectorMath.minSquareDistance(q, m, rows), 1e-3);
        assertEquals(above, VectorMath.countDotAtLeast(q, m, rows, 1.0f));
    }

    @Test
    void topKReturnsTheBestRowsInOrder() {
        float[] q = {1, 0};
        float[] m = {0.1f, 0, 0.9f, 0, 0.5f, 0, 0.7f, 0};
        int[] rows = new int[2];
        float[] scores = new float[2];
        assertEquals(2, VectorMath.topKDot(q, m, 4, 2, rows, scores));
        assertArrayEquals(new int[] {1, 3}, rows);
        assertArrayEquals(new float[] {0.9f, 0.7f}, scores);
    }

    @Test
    void minDistanceOfNoRowsIsInfinite() {
        assertEquals(Float.POSITIVE_INFINITY, VectorMath.minSquareDistance(new float[4], new float[0], 0));
    }

    @Test
    void rejectsMismatchedLengths() {
        assertThrows(IllegalArgumentException.class, () -> VectorMath.dot(new float[3], new float[4]));
        assertThrows(IllegalArgumentException.class, () -> VectorMath.minSquareDistance(new float[4], new float[7], 2));
    }

    private static float[] random(Random rnd, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        return v;
    }

    private static float naiveDot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return (float) s;
    }

    private static float naiveSquareDistance(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return (float) s;
    }
}
