package dev.quarry.fingerprint.vector;

import java.util.Objects;

/**
 * Vector kernels for query embeddings: single-pair forms (dot, cosine, squared L2) and the batched
 * forms detectors need, one query against a row-major matrix of a client's recent vectors
 * ({@code rows} vectors of {@code dim} floats, row {@code r} at {@code matrix[r * dim]}).
 *
 * <p>The implementation is chosen once, when this class loads: SIMD kernels on the Java Vector API
 * when the {@code jdk.incubator.vector} module is present, else a plain-Java fallback. The choice
 * is logged with the flag that enables the fast path. Both give the same results up to float
 * rounding (summation order differs).
 *
 * <p>All methods are static, stateless and thread-safe, and allocate nothing but what they return.
 */
public final class VectorMath {
    private static final VectorKernels KERNELS = VectorKernelsProvider.select();

    private VectorMath() {}

    /** Which kernels are in use, e.g. {@code "scalar"}. */
    public static String implementation() {
        return KERNELS.describe();
    }

    /**
     * One MinHash step over all slots: {@code mins[k] = min(mins[k], mix64(shingle ^ seeds[k]) >>> 1)}
     * (see {@link dev.quarry.fingerprint.MinHasher}); SIMD over 64-bit lanes where the hardware has
     * eight of them, identical results either way.
     */
    public static void minHashOffer(long[] mins, long[] seeds, long shingle) {
        if (mins.length != seeds.length) {
            throw new IllegalArgumentException("mins and seeds differ in length: " + mins.length + " vs " + seeds.length);
        }
        KERNELS.minHashOffer(mins, seeds, shingle);
    }

    /**
     * Dequantises {@code len} int8 components, {@code out[outOff + i] = q[qOff + i] * scale}: the
     * same float products as the plain loop (a byte converts to float exactly, and each product is
     * one rounding), so results are identical on every implementation.
     */
    public static void dequantise(byte[] q, int qOff, float scale, float[] out, int outOff, int len) {
        Objects.checkFromIndexSize(qOff, len, q.length);
        Objects.checkFromIndexSize(outOff, len, out.length);
        KERNELS.dequantise(q, qOff, scale, out, outOff, len);
    }

    /** Dot product of two vectors of equal length. */
    public static float dot(float[] a, float[] b) {
        checkSameLength(a, b);
        return KERNELS.dot(a, b, 0, a.length);
    }

    /** Cosine similarity; 0 when either vector is all zeros. */
    public static float cosine(float[] a, float[] b) {
        checkSameLength(a, b);
        float ab = KERNELS.dot(a, b, 0, a.length);
        float aa = KERNELS.dot(a, a, 0, a.length);
        float bb = KERNELS.dot(b, b, 0, b.length);
        if (aa == 0f || bb == 0f) {
            return 0f;
        }
        return (float) (ab / Math.sqrt((double) aa * bb));
    }

    /** Squared Euclidean distance of two vectors of equal length. */
    public static float squareDistance(float[] a, float[] b) {
        checkSameLength(a, b);
        return KERNELS.squareDistance(a, b, 0, a.length);
    }

    /**
     * The smallest squared distance from {@code query} to any of the first {@code rows} rows of
     * {@code matrix}, or {@link Float#POSITIVE_INFINITY} when {@code rows == 0}.
     */
    public static float minSquareDistance(float[] query, float[] matrix, int rows) {
        int dim = checkMatrix(query, matrix, rows);
        return KERNELS.minSquareDistance(query, matrix, rows, dim);
    }

    /**
     * How many of the first {@code rows} rows have a dot product with {@code query} of at least
     * {@code threshold}. For L2-normalised vectors the dot product is the cosine similarity.
     */
    public static int countDotAtLeast(float[] query, float[] matrix, int rows, float threshold) {
        int dim = checkMatrix(query, matrix, rows);
        int n = 0;
        for (int r = 0, off = 0; r < rows; r++, off += dim) {
            if (KERNELS.dot(query, matrix, off, dim) >= threshold) {
                n++;
            }
        }
        return n;
    }

    /**
     * {@link #minSquareDistance} over the first {@code rows} int8 rows of {@code components}
     * ({@code query.length} bytes each), row {@code r} dequantised with {@code scales[r]} as
     * {@link #dequantise} does: the same float as dequantising them into a matrix first, without
     * the matrix.
     */
    public static float minSquareDistanceQuantised(float[] query, byte[] components, float[] scales, int rows) {
        int dim = checkQuantised(query, components, scales, rows);
        float min = Float.POSITIVE_INFINITY;
        for (int r = 0, off = 0; r < rows; r++, off += dim) {
            min = Math.min(min, KERNELS.squareDistanceQuantised(query, components, off, scales[r], dim));
        }
        return min;
    }

    /**
     * Whether any of the first {@code rows} int8 rows of {@code components}, dequantised as in
     * {@link #minSquareDistanceQuantised}, has a dot product with {@code query} of at least
     * {@code threshold}: {@code countDotAtLeast(...) > 0} on the dequantised matrix, stopping at
     * the first such row.
     */
    public static boolean anyDotAtLeastQuantised(float[] query, byte[] components, float[] scales, int rows,
            float threshold) {
        int dim = checkQuantised(query, components, scales, rows);
        for (int r = 0, off = 0; r < rows; r++, off += dim) {
            if (KERNELS.dotQuantised(query, components, off, scales[r], dim) >= threshold) {
                return true;
            }
        }
        return false;
    }

    /**
     * The {@code k} rows with the largest dot product with {@code query}, best first: row indices
     * go to {@code outRows} and their dot products to {@code outScores} (both of length at least
     * {@code k}). Returns how many were written, {@code min(k, rows)}. Ties keep the lower row.
     */
    public static int topKDot(float[] query, float[] matrix, int rows, int k, int[] outRows, float[] outScores) {
        int dim = checkMatrix(query, matrix, rows);
        if (k < 0 || outRows.length < k || outScores.length < k) {
            throw new IllegalArgumentException("k must be >= 0 and fit the output arrays");
        }
        int filled = 0;
        for (int r = 0, off = 0; r < rows; r++, off += dim) {
            float s = KERNELS.dot(query, matrix, off, dim);
            if (filled < k) {
                filled++;
            } else if (k == 0 || s <= outScores[k - 1]) {
                continue;
            }
            // insertion into the small sorted prefix; k is a handful, so this beats a heap
            int i = filled - 1;
            while (i > 0 && outScores[i - 1] < s) {
                outScores[i] = outScores[i - 1];
                outRows[i] = outRows[i - 1];
                i--;
            }
            outScores[i] = s;
            outRows[i] = r;
        }
        return filled;
    }

    /** Scales {@code v} in place to unit length; leaves an all-zero vector as it is. */
    public static void normalise(float[] v) {
        Objects.requireNonNull(v, "v");
        float n = KERNELS.dot(v, v, 0, v.length);
        if (n > 0f) {
            float inv = (float) (1.0 / Math.sqrt(n));
            for (int i = 0; i < v.length; i++) {
                v[i] *= inv;
            }
        }
    }

    private static void checkSameLength(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("vector lengths differ: " + a.length + " != " + b.length);
        }
    }

    private static int checkQuantised(float[] query, byte[] components, float[] scales, int rows) {
        int dim = query.length;
        if (rows < 0 || rows > scales.length || (long) rows * dim > components.length) {
            throw new IllegalArgumentException(components.length + " components and " + scales.length
                    + " scales hold no " + rows + " rows of " + dim);
        }
        return dim;
    }

    private static int checkMatrix(float[] query, float[] matrix, int rows) {
        int dim = query.length;
        if (rows < 0 || (long) rows * dim > matrix.length) {
            throw new IllegalArgumentException("matrix of " + matrix.length + " floats has no " + rows + " rows of " + dim);
        }
        return dim;
    }
}
