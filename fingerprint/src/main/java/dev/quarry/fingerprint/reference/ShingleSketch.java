package dev.quarry.fingerprint.reference;

import dev.quarry.fingerprint.Hashing;
import java.util.Arrays;

/**
 * The word-bigram sketches the reference index compares, computed from 64-bit word hashes so that
 * the bigrams of a prompt are hashed once however many of its spans (whole, paragraphs, lines)
 * contain them. Both sides of a comparison (the items at load, the prompts per event) go through
 * these functions, and nothing is persisted, so the hash scheme may change between releases.
 *
 * <ul>
 *   <li>a bigram is {@code combine(hash(w1), hash(w2))}; its set element is the upper 32 bits;
 *   <li>MinHash slot {@code k} of a set is the minimum over its elements {@code x} of a per-slot
 *       32-bit multiply-xorshift permutation of {@code x} (two int multiplies and two shifts,
 *       where {@code MinHasher} spends a 64-bit SplitMix finaliser per slot);
 *   <li>band {@code b} is the hash of its {@value #ROWS} slots and {@code b}, so that equal slot
 *       values in different bands do not collide;
 *   <li>the exact key of a span is the ordered hash of its word hashes.
 * </ul>
 *
 * Stateless and thread-safe; functions allocate only their results.
 */
final class ShingleSketch {
    static final int SLOTS = 64;
    static final int BANDS = 16;
    static final int ROWS = SLOTS / BANDS;
    private static final int[] XOR = new int[SLOTS];
    private static final int[] MUL_A = new int[SLOTS];
    private static final int[] MUL_B = new int[SLOTS];

    static {
        long s = 0x7EF1_DE77L;
        for (int k = 0; k < SLOTS; k++) {
            s += 0x9E3779B97F4A7C15L;
            long z = Hashing.mix64(s);
            XOR[k] = (int) z;
            MUL_A[k] = (int) (z >>> 32) | 1;
            MUL_B[k] = (int) Hashing.mix64(z) | 1;
        }
    }

    private ShingleSketch() {}

    /**
     * Writes the hashes of the space-separated words of normalised {@code norm} to {@code out} from
     * {@code size} on and returns the new size; {@code out} must have room for
     * {@code (norm.length() + 1) / 2} more.
     */
    static int wordHashes(String norm, long[] out, int size) {
        int n = norm.length();
        int i = 0;
        while (i < n) {
            while (i < n && norm.charAt(i) == ' ') {
                i++;
            }
            if (i >= n) {
                break;
            }
            int start = i;
            while (i < n && norm.charAt(i) != ' ') {
                i++;
            }
            out[size++] = Hashing.hash64(norm, start, i);
        }
        return size;
    }

    /**
     * The set element of the bigram of words {@code a} and {@code b}, in either order: two adjacent
     * words swapped break two elements (the pairs with their outer neighbours) instead of three.
     */
    static int bigram(long a, long b) {
        return (int) ((a < b ? Hashing.combine(a, b) : Hashing.combine(b, a)) >>> 32);
    }

    /** Folds the elements {@code bigrams[from, to)} into the running slot minima {@code mins}. */
    static void minimise(int[] bigrams, int from, int to, int[] mins) {
        for (int i = from; i < to; i++) {
            int x = bigrams[i];
            for (int k = 0; k < SLOTS; k++) {
                int v = (x ^ XOR[k]) * MUL_A[k];
                v ^= v >>> 16;
                v *= MUL_B[k];
                v ^= v >>> 13;
                mins[k] = Math.min(mins[k], v);
            }
        }
    }

    /** Slot minima of nothing yet. */
    static int[] emptyMins() {
        int[] mins = new int[SLOTS];
        Arrays.fill(mins, Integer.MAX_VALUE);
        return mins;
    }

    /** The {@value #BANDS} band keys of a signature; never 0 (0 marks an empty slot of {@link BandPostings}). */
    static void bands(int[] mins, long[] out, int offset) {
        for (int b = 0; b < BANDS; b++) {
            long h = b;
            for (int r = 0; r < ROWS; r++) {
                h = Hashing.combine(h, mins[b * ROWS + r]);
            }
            out[offset + b] = h == 0 ? 1 : h;
        }
    }

    /** Sorted distinct copy of {@code bigrams[from, to)}. */
    static int[] set(int[] bigrams, int from, int to) {
        int[] out = Arrays.copyOfRange(bigrams, from, to);
        Arrays.sort(out);
        int n = 0;
        for (int i = 0; i < out.length; i++) {
            if (i == 0 || out[i] != out[i - 1]) {
                out[n++] = out[i];
            }
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    /** Ordered hash of {@code words[from, to)}: equal for equal normalised texts. */
    static long exactKey(long[] words, int from, int to) {
        long h = 0x5EED_0F_E8AC7L;
        for (int i = from; i < to; i++) {
            h = Hashing.combine(h, words[i]);
        }
        return h;
    }

    /** Bigram elements of consecutive words: {@code n - 1} of them, or the one word's hash for one word. */
    static int[] bigrams(long[] words, int n) {
        if (n == 1) {
            return new int[] {(int) (words[0] >>> 32)};
        }
        int[] out = new int[Math.max(0, n - 1)];
        for (int i = 0; i + 1 < n; i++) {
            out[i] = bigram(words[i], words[i + 1]);
        }
        return out;
    }

    /** Exact Jaccard similarity of two sorted distinct sets. */
    static double jaccard(int[] a, int[] b) {
        int i = 0;
        int j = 0;
        int both = 0;
        while (i < a.length && j < b.length) {
            if (a[i] == b[j]) {
                both++;
                i++;
                j++;
            } else if (a[i] < b[j]) {
                i++;
            } else {
                j++;
            }
        }
        int union = a.length + b.length - both;
        return union == 0 ? 0 : (double) both / union;
    }
}
