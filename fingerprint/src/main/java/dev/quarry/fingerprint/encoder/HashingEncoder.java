package dev.quarry.fingerprint.encoder;

import dev.quarry.fingerprint.Hashing;
import dev.quarry.fingerprint.vector.VectorMath;

/**
 * A fast, model-free text embedding: feature hashing ("the hashing trick", Weinberger et al. 2009)
 * of character 3-grams within words and of word unigrams and bigrams, each feature added with a
 * hash-chosen sign (a signed random projection of the sparse n-gram counts), then L2-normalised.
 * Texts that share wording land close together; it does not know synonyms, which is what the
 * semantic encoder is for. Expects normalised text (see {@code TextNormaliser}): lower case,
 * single spaces.
 *
 * <p>Word features weigh {@link #WORD_WEIGHT} times a character 3-gram, so that shared words
 * dominate shared spelling. Deterministic across machines (the hashes are {@link Hashing}'s) and
 * thread-safe (no state).
 */
public final class HashingEncoder implements TextEncoder {
    /** Default dimension: 256 floats, 1 KiB per vector. */
    public static final int DEFAULT_DIMENSION = 256;
    static final float WORD_WEIGHT = 2f;
    private static final long WORD_SALT = 0x2545F4914F6CDD1DL;
    private static final long BIGRAM_SALT = 0x9E3779B97F4A7C15L;
    private final int dimension;
    /** {@code dimension - 1} when the dimension is a power of two (the default), else -1. */
    private final int slotMask;

    public HashingEncoder() {
        this(DEFAULT_DIMENSION);
    }

    public HashingEncoder(int dimension) {
        if (dimension < 8) {
            throw new IllegalArgumentException("dimension must be >= 8: " + dimension);
        }
        this.dimension = dimension;
        this.slotMask = Integer.bitCount(dimension) == 1 ? dimension - 1 : -1;
    }

    @Override
    public String name() {
        return "hashing-" + dimension;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public float[] encode(String text) {
        float[] v = new float[dimension];
        int n = text.length();
        long previousWord = 0;
        int i = 0;
        while (i < n) {
            while (i < n && text.charAt(i) == ' ') {
                i++;
            }
            int start = i;
            while (i < n && text.charAt(i) != ' ') {
                i++;
            }
            if (i == start) {
                break;
            }
            long word = Hashing.hash64(text, start, i);
            add(v, word ^ WORD_SALT, WORD_WEIGHT);
            if (previousWord != 0) {
                add(v, Hashing.combine(previousWord, word) ^ BIGRAM_SALT, WORD_WEIGHT);
            }
            previousWord = word;
            // 3-grams of the word padded with spaces, so short words still give a gram
            for (int g = start - 1; g + 3 <= i + 1; g++) {
                add(v, gram(text, g, start, i), 1f);
            }
        }
        VectorMath.normalise(v);
        return v;
    }

    private static long gram(String text, int from, int wordStart, int wordEnd) {
        long h = 0x84222325L;
        for (int k = from; k < from + 3; k++) {
            char c = k < wordStart || k >= wordEnd ? ' ' : text.charAt(k);
            h = h * 31 + c;
        }
        return Hashing.mix64(h);
    }

    private void add(float[] v, long hash, float weight) {
        // The unsigned remainder by a power of two is the low bits: a mask instead of a 64-bit
        // division per feature (one feature per character of the text), same slot.
        int slot = slotMask >= 0 ? (int) hash & slotMask : (int) Long.remainderUnsigned(hash, dimension);
        v[slot] += (hash & Long.MIN_VALUE) == 0 ? weight : -weight;
    }
}
