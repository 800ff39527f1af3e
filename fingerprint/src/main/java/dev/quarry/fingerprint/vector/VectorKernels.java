package dev.quarry.fingerprint.vector;

/**
 * The kernels behind {@link VectorMath}, one implementation per instruction set. Arguments are
 * already checked by {@code VectorMath}. Implementations are stateless and thread-safe, and their
 * hot loops allocate nothing.
 */
interface VectorKernels {

    /** Sum of {@code a[i] * b[aOff..]}: the dot product of {@code a} and row {@code b[bOff, bOff+len)}. */
    float dot(float[] a, float[] b, int bOff, int len);

    /** Squared Euclidean distance of {@code a} and row {@code b[bOff, bOff+len)}. */
    float squareDistance(float[] a, float[] b, int bOff, int len);

    /**
     * {@link #dot} of {@code a} and the int8 row {@code q[qOff, qOff+len)} dequantised with
     * {@code scale}, without writing the dequantised row anywhere: each component is
     * {@code q[i] * scale} as {@link #dequantise} makes it, and the sum is taken in the same order
     * as {@link #dot}'s, so the result is bit for bit what dequantising first gives.
     */
    float dotQuantised(float[] a, byte[] q, int qOff, float scale, int len);

    /** {@link #squareDistance} to a dequantised int8 row, as {@link #dotQuantised} is to {@link #dot}. */
    float squareDistanceQuantised(float[] a, byte[] q, int qOff, float scale, int len);

    /**
     * The smallest squared distance from {@code query} ({@code dim} floats) to any of the first
     * {@code rows} rows of the row-major {@code matrix}; {@code +Infinity} when there are none.
     * Row by row: blocking four rows per query load measured no faster here (the rows stream from
     * L2 either way), so no implementation overrides it yet.
     */
    default float minSquareDistance(float[] query, float[] matrix, int rows, int dim) {
        float min = Float.POSITIVE_INFINITY;
        for (int r = 0, off = 0; r < rows; r++, off += dim) {
            min = Math.min(min, squareDistance(query, matrix, off, dim));
        }
        return min;
    }

    /**
     * One MinHash step: for each slot {@code k}, {@code mins[k] = min(mins[k], mix64(shingle ^
     * seeds[k]) >>> 1)}, with {@code mix64} the SplitMix64 finaliser ({@code Hashing.mix64}).
     * Exact integer arithmetic, so every implementation gives the same signature.
     */
    /** {@code out[outOff + i] = q[qOff + i] * scale} for {@code i < len}; bounds checked by the caller. */
    default void dequantise(byte[] q, int qOff, float scale, float[] out, int outOff, int len) {
        for (int i = 0; i < len; i++) {
            out[outOff + i] = q[qOff + i] * scale;
        }
    }

    default void minHashOffer(long[] mins, long[] seeds, long shingle) {
        minHashOffer(mins, seeds, shingle, 0);
    }

    /** The scalar MinHash step for slots {@code from} on. */
    static void minHashOffer(long[] mins, long[] seeds, long shingle, int from) {
        for (int k = from; k < seeds.length; k++) {
            long z = shingle ^ seeds[k];
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            long h = (z ^ (z >>> 31)) >>> 1;
            if (h < mins[k]) {
                mins[k] = h;
            }
        }
    }

    /** Human-readable name for the start-up log, e.g. {@code "scalar"} or {@code "panama 256-bit"}. */
    String describe();
}
