package dev.quarry.fingerprint;

import dev.quarry.fingerprint.vector.VectorMath;
import java.util.Arrays;

/**
 * MinHash signatures of word shingles (Broder 1997), the similarity sketch behind SEAT-style
 * similar-query counting (Zhang et al. 2021) and Blacklight's query fingerprints (Li et al. 2022).
 * The fraction of equal slots of two signatures estimates the Jaccard similarity of their shingle
 * sets with standard error {@code sqrt(J(1-J)/k)}.
 *
 * <p>Shingles are word bigrams of the text (single words for one-word texts), hashed with
 * {@link Hashing#hash64}; slot {@code i} keeps the minimum of {@code mix64(h ^ seed_i)}, truncated
 * to 32 bits. Immutable and thread-safe; {@link #signature} allocates only its result array.
 */
public final class MinHasher {
    private final long[] seeds;

    /**
     * @param slots signature length k; 32 gives a standard error of about 0.09 at J = 0.5, enough
     *     to separate templated prompts (J &gt; 0.4) from unrelated ones (J &lt; 0.1)
     * @param seed fixed per deployment: signatures made with different seeds do not compare
     */
    public MinHasher(int slots, long seed) {
        if (slots < 1 || slots > 1024) {
            throw new IllegalArgumentException("slots must be in [1, 1024]: " + slots);
        }
        seeds = new long[slots];
        long s = seed;
        for (int i = 0; i < slots; i++) {
            s += 0x9E3779B97F4A7C15L;
            seeds[i] = Hashing.mix64(s);
        }
    }

    public int slots() {
        return seeds.length;
    }

    /** The signature of already-normalised text; an empty text gives all-max slots. */
    public int[] signature(String text) {
        long[] mins = new long[seeds.length];
        Arrays.fill(mins, Long.MAX_VALUE);
        int n = text.length();
        int prevStart = -1;
        int prevEnd = -1;
        int words = 0;
        int i = 0;
        while (i < n) {
            while (i < n && text.charAt(i) == ' ') {
                i++;
            }
            if (i >= n) {
                break;
            }
            int start = i;
            while (i < n && text.charAt(i) != ' ') {
                i++;
            }
            words++;
            if (prevStart >= 0) {
                // The bigram "prev cur" is the span [prevStart, i): both words and the space.
                offer(mins, Hashing.hash64(text, prevStart, i));
            }
            prevStart = start;
            prevEnd = i;
        }
        if (words == 1) {
            offer(mins, Hashing.hash64(text, prevStart, prevEnd));
        }
        int[] sig = new int[seeds.length];
        for (int k = 0; k < sig.length; k++) {
            sig[k] = (int) (mins[k] >>> 32);
        }
        return sig;
    }

    private void offer(long[] mins, long shingle) {
        // mix64(shingle ^ seed_k) >>> 1 per slot (shifted so a signed minimum is uniform over the
        // range), SIMD over the slots where the hardware allows.
        VectorMath.minHashOffer(mins, seeds, shingle);
    }

    /** Estimated Jaccard similarity: the fraction of equal slots. Both must have the same length. */
    public static double similarity(int[] a, int[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("signature lengths differ: " + a.length + " vs " + b.length);
        }
        int equal = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] == b[i]) {
                equal++;
            }
        }
        return (double) equal / a.length;
    }
}
