package dev.quarry.fingerprint.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Both kernel implementations, tested directly against a double-precision reference. */
class VectorKernelsTest {
    private static final int MAX_LENGTH = 1031;
    private final VectorKernels scalar = ScalarKernels.INSTANCE;
    private final VectorKernels panama = new PanamaKernels();

    @Test
    void panamaAndScalarDotAgreeOnEveryLengthUpTo1031() {
        Random rnd = new Random(11);
        for (int len : lengths()) {
            float[] a = random(rnd, len);
            float[] b = random(rnd, len + 5);
            int off = len % 6;
            double want = referenceDot(a, b, off, len);
            assertClose(want, scalar.dot(a, b, off, len), len, "scalar dot");
            assertClose(want, panama.dot(a, b, off, len), len, "panama dot");
        }
    }

    @Test
    void panamaMinHashStepsEqualTheScalarOnesForAnySlotCount() {
        Random rnd = new Random(5);
        for (int slots : new int[] {1, 7, 8, 9, 16, 32, 63, 64, 65, 128}) {
            long[] seeds = rnd.longs(slots).toArray();
            long[] a = new long[slots];
            long[] b = new long[slots];
            java.util.Arrays.fill(a, Long.MAX_VALUE);
            java.util.Arrays.fill(b, Long.MAX_VALUE);
            for (int shingle = 0; shingle < 40; shingle++) {
                long h = rnd.nextLong();
                scalar.minHashOffer(a, seeds, h);
                panama.minHashOffer(b, seeds, h);
            }
            assertArrayEquals(a, b, "slots " + slots);
            assertTrue(java.util.Arrays.stream(a).allMatch(v -> v >= 0 && v < Long.MAX_VALUE), "every slot took a minimum");
        }
    }

    @Test
    void panamaDequantisesToExactlyTheScalarProductsOnEveryLengthAndOffset() {
        Random rnd = new Random(13);
        for (int len : lengths()) {
            byte[] q = new byte[len + 7];
            rnd.nextBytes(q);
            int off = len % 7;
            float scale = rnd.nextFloat() / 127f;
            float[] a = new float[len + 3];
            float[] b = new float[len + 3];
            scalar.dequantise(q, off, scale, a, 3, len);
            panama.dequantise(q, off, scale, b, 3, len);
            for (int i = 0; i < len; i++) {
                assertEquals(q[off + i] * scale, a[3 + i], "scalar at " + i + " of " + len);
                assertEquals(Float.floatToRawIntBits(a[3 + i]), Float.floatToRawIntBits(b[3 + i]), "panama at " + i + " of " + len);
            }
        }
    }

    @Test
    void panamaAndScalarSquareDistanceAgreeOnEveryLengthUpTo1031() {
        Random rnd = new Random(12);
        for (int len : lengths()) {
            float[] a = random(rnd, len);
            float[] b = random(rnd, len + 5);
            int off = len % 6;
            double want = referenceSquareDistance(a, b, off, len);
            assertClose(want, scalar.squareDistance(a, b, off, len), len, "scalar l2");
            assertClose(want, panama.squareDistance(a, b, off, len), len, "panama l2");
        }
    }

    @Test
    void batchedMinSquareDistanceMatchesRowByRowForAnyRowCountAndDimension() {
        Random rnd = new Random(13);
        for (int dim : new int[] {1, 7, 16, 37, 64, 256, 384}) {
            for (int rows : new int[] {0, 1, 3, 4, 5, 9, 64, 67}) {
                float[] q = random(rnd, dim);
                float[] m = random(rnd, rows * dim);
                double want = Double.POSITIVE_INFINITY;
                for (int r = 0; r < rows; r++) {
                    want = Math.min(want, referenceSquareDistance(q, m, r * dim, dim));
                }
                float gotPanama = panama.minSquareDistance(q, m, rows, dim);
                float gotScalar = scalar.minSquareDistance(q, m, rows, dim);
                if (rows == 0) {
                    assertEquals(Float.POSITIVE_INFINITY, gotPanama);
                    assertEquals(Float.POSITIVE_INFINITY, gotScalar);
                } else {
                    assertClose(want, gotPanama, dim, "panama min rows=" + rows);
                    assertClose(want, gotScalar, dim, "scalar min rows=" + rows);
                }
            }
        }
    }

    @Test
    void selectsSimdKernelsWhenTheVectorModuleIsPresent() {
        // surefire starts the JVM with --add-modules jdk.incubator.vector
        assertTrue(ModuleLayer.boot().findModule(VectorKernelsProvider.VECTOR_MODULE).isPresent());
        assertNotNull(VectorKernelsProvider.simdOrNull());
        assertTrue(VectorKernelsProvider.select(false).describe().startsWith("panama"));
        assertTrue(VectorMath.implementation().startsWith("panama"));
    }

    @Test
    void forcingScalarSelectsTheScalarKernels() {
        assertSame(ScalarKernels.INSTANCE, VectorKernelsProvider.select(true));
    }

    @Test
    void benchmarkViewsRunTheNamedKernels() {
        assertEquals("scalar", BenchmarkKernels.scalar().describe());
        assertTrue(BenchmarkKernels.simd().orElseThrow().describe().startsWith("panama"));
    }

    @Test
    void quantisedKernelsGiveTheBitsOfDequantisingFirstOnEveryLengthAndOffset() {
        Random rnd = new Random(17);
        for (VectorKernels k : new VectorKernels[] {scalar, panama}) {
            for (int len : lengths()) {
                byte[] q = new byte[len + 7];
                rnd.nextBytes(q);
                int off = len % 7;
                float scale = rnd.nextFloat() / 127f;
                float[] a = random(rnd, len);
                float[] row = new float[len];
                k.dequantise(q, off, scale, row, 0, len);
                String what = k.describe() + " len=" + len;
                assertEquals(Float.floatToRawIntBits(k.dot(a, row, 0, len)),
                        Float.floatToRawIntBits(k.dotQuantised(a, q, off, scale, len)), "dot " + what);
                assertEquals(Float.floatToRawIntBits(k.squareDistance(a, row, 0, len)),
                        Float.floatToRawIntBits(k.squareDistanceQuantised(a, q, off, scale, len)), "distance " + what);
            }
        }
    }

    @Test
    void quantisedRowQueriesAnswerAsTheDequantisedMatrixDoes() {
        Random rnd = new Random(19);
        for (int dim : new int[] {1, 7, 16, 37, 256, 384}) {
            for (int rows : new int[] {0, 1, 5, 128}) {
                byte[] components = new byte[rows * dim + 5];
                rnd.nextBytes(components);
                float[] scales = new float[rows + 2];
                float[] matrix = new float[rows * dim];
                for (int r = 0; r < rows; r++) {
                    scales[r] = rnd.nextFloat() / 127f;
                    VectorMath.dequantise(components, r * dim, scales[r], matrix, r * dim, dim);
                }
                float[] query = random(rnd, dim);
                assertEquals(Float.floatToRawIntBits(VectorMath.minSquareDistance(query, matrix, rows)),
                        Float.floatToRawIntBits(VectorMath.minSquareDistanceQuantised(query, components, scales, rows)),
                        "dim=" + dim + " rows=" + rows);
                for (float threshold : new float[] {-1e9f, 0f, 0.05f, 1e9f}) {
                    assertEquals(VectorMath.countDotAtLeast(query, matrix, rows, threshold) > 0,
                            VectorMath.anyDotAtLeastQuantised(query, components, scales, rows, threshold),
                            "dim=" + dim + " rows=" + rows + " threshold=" + threshold);
                }
            }
        }
    }

    /** 1..1031: every tail length for 8 and 16 lanes, and the 256/384 dimensions of our encoders. */
    private static int[] lengths() {
        int[] out = new int[MAX_LENGTH];
        for (int i = 0; i < MAX_LENGTH; i++) {
            out[i] = i + 1;
        }
        return out;
    }

    /** Float sums of {@code len} terms in any order stay within a few ulps per term of the exact sum. */
    private static void assertClose(double want, float got, int len, String what) {
        double tolerance = 1e-5 * len * Math.max(1.0, Math.abs(want) / Math.sqrt(len)) + 1e-5;
        assertEquals(want, got, tolerance, what + " len=" + len);
    }

    private static double referenceDot(float[] a, float[] b, int off, int len) {
        double s = 0;
        for (int i = 0; i < len; i++) {
            s += (double) a[i] * b[off + i];
        }
        return s;
    }

    private static double referenceSquareDistance(float[] a, float[] b, int off, int len) {
        double s = 0;
        for (int i = 0; i < len; i++) {
            double d = (double) a[i] - b[off + i];
            s += d * d;
        }
        return s;
    }

    private static float[] random(Random rnd, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        return v;
    }
}
