package dev.quarry.corpora.eval;

import dev.quarry.fingerprint.Hashing;

/**
 * A deterministic stand-in for a text encoder: character trigrams of the normalised text,
 * feature-hashed (with a hashed sign, so collisions cancel rather than pile up) into a fixed
 * number of dimensions, then L2-normalised. Texts sharing many trigrams get close vectors. An
 * empty text gives the zero vector. Stateless and thread-safe.
 */
public final class HashedNgramVectors {
    private static final int N = 3;
    private final int dims;

    public HashedNgramVectors(int dims) {
        if (dims < 1) {
            throw new IllegalArgumentException("dims must be >= 1: " + dims);
        }
        this.dims = dims;
    }

    /** The vector of already-normalised text, unit length unless the text is empty. */
    public float[] vector(String normalised) {
        float[] v = new float[dims];
        String padded = " " + normalised + " ";
        if (normalised.isEmpty()) {
            return v;
        }
        for (int i = 0; i + N <= padded.length(); i++) {
            long h = Hashing.hash64(padded, i, i + N);
            int slot = (int) Long.remainderUnsigned(h, dims);
            v[slot] += (h & (1L << 63)) == 0 ? 1f : -1f;
        }
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        if (norm > 0) {
            float inv = (float) (1.0 / Math.sqrt(norm));
            for (int i = 0; i < dims; i++) {
                v[i] *= inv;
            }
        }
        return v;
    }

    /** Euclidean distance of two vectors of equal length. */
    public static double distance(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            s += d * d;
        }
        return Math.sqrt(s);
    }

    /** The indices of the vector's non-zero entries. */
    public static int[] nonZero(float[] v) {
        int n = 0;
        for (float x : v) {
            if (x != 0f) {
                n++;
            }
        }
        int[] idx = new int[n];
        int k = 0;
        for (int i = 0; i < v.length; i++) {
            if (v[i] != 0f) {
                idx[k++] = i;
            }
        }
        return idx;
    }

    /**
     * Squared distance of two vectors of this encoder (unit length or zero) from a sparse dot
     * product: a short text touches a few dozen of the dimensions, so this is several times faster
     * than the dense sum.
     *
     * @param nonZeroOfA {@link #nonZero} of {@code a}
     * @param normB the squared norm of {@code b}
     */
    public static double squaredDistance(float[] a, int[] nonZeroOfA, float[] b, double normB) {
        double dot = 0;
        double normA = 0;
        for (int i : nonZeroOfA) {
            dot += a[i] * b[i];
            normA += a[i] * a[i];
        }
        return Math.max(0.0, normA + normB - 2 * dot);
    }
}
