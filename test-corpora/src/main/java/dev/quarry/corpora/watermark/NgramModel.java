package dev.quarry.corpora.watermark;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * A word trigram model with add-k smoothing and back-off to bigrams, the seeded stand-in for an
 * LLM in Quarry's watermark tests. After words {@code (a, b)} the next word {@code t} has weight
 * {@code count(a, b, t) + k} when the trigram context {@code (a, b)} was seen in training, else
 * {@code count(b, t) + k}, else {@code k} (uniform). Every word keeps a weight of at least
 * {@code k}, so the model has the entropy a watermark needs; a {@link GreenBias} multiplies green
 * words' weights by {@code e^delta} (Kirchenbauer et al. 2023). The same class is the teacher
 * (fitted on the phrase banks) and the student (fitted on the teacher's outputs).
 *
 * <p>Sampling is exact and costs the seen continuations plus a few hashes: the {@code k} mass of
 * all words is drawn by rejection from the uniform vocabulary, its green share known from
 * {@link GreenBias#greenCount}. Deterministic for a given {@link SplittableRandom}. Immutable after
 * fitting and thread-safe (a generator is not: give each thread its own).
 */
public final class NgramModel {
    private final WordVocabulary vocabulary;
    private final double k;
    private final int start;
    private final Row[] bigrams;
    private final Map<Long, Row> trigrams;

    /** Seen continuations of one context, ascending by word index. */
    private record Row(int[] next, int[] counts, long total) {}

    private NgramModel(WordVocabulary vocabulary, double k, Row[] bigrams, Map<Long, Row> trigrams) {
        this.vocabulary = vocabulary;
        this.k = k;
        this.start = vocabulary.size();
        this.bigrams = bigrams;
        this.trigrams = trigrams;
    }

    /**
     * Fits the model on word-index sequences; each sequence starts a new text.
     *
     * @param k add-k smoothing weight, above 0
     */
    public static NgramModel fit(WordVocabulary vocabulary, Iterable<int[]> sequences, double k) {
        if (!(k > 0)) {
            throw new IllegalArgumentException("k must be > 0: " + k);
        }
        int start = vocabulary.size();
        Map<Long, TreeMap<Integer, Integer>> tri = new HashMap<>();
        Map<Integer, TreeMap<Integer, Integer>> bi = new HashMap<>();
        for (int[] seq : sequences) {
            int a = start;
            int b = start;
            for (int t : seq) {
                tri.computeIfAbsent(context(a, b), x -> new TreeMap<>()).merge(t, 1, Integer::sum);
                bi.computeIfAbsent(b, x -> new TreeMap<>()).merge(t, 1, Integer::sum);
                a = b;
                b = t;
            }
        }
        Row[] bigrams = new Row[start + 1];
        bi.forEach((b, counts) -> bigrams[b] = row(counts));
        Map<Long, Row> trigrams = new HashMap<>(tri.size() * 2);
        tri.forEach((c, counts) -> trigrams.put(c, row(counts)));
        return new NgramModel(vocabulary, k, bigrams, trigrams);
    }

    private static Row row(TreeMap<Integer, Integer> counts) {
        int[] next = new int[counts.size()];
        int[] n = new int[counts.size()];
        long total = 0;
        int i = 0;
        for (Map.Entry<Integer, Integer> e : counts.entrySet()) {
            next[i] = e.getKey();
            n[i++] = e.getValue();
            total += e.getValue();
        }
        return new Row(next, n, total);
    }

    private static long context(int a, int b) {
        return ((long) a << 32) | b;
    }

    public WordVocabulary vocabulary() {
        return vocabulary;
    }

    /** Distinct trigram contexts seen in training (a size measure for reports). */
    public int contexts() {
        return trigrams.size();
    }

    /**
     * {@code n} words continuing {@code context} (word indices; may be empty: the start of a text).
     *
     * @param bias the watermark, or null for plain text
     */
    public int[] generate(int[] context, int n, SplittableRandom rng, GreenBias bias) {
        int a = context.length >= 2 ? context[context.length - 2] : start;
        int b = context.length >= 1 ? context[context.length - 1] : start;
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int t = next(a, b, rng, bias);
            out[i] = t;
            a = b;
            b = t;
        }
        return out;
    }

    /** One word after {@code (a, b)}. */
    int next(int a, int b, SplittableRandom rng, GreenBias bias) {
        Row row = trigrams.get(context(a, b));
        if (row == null) {
            row = bigrams[b];
        }
        int size = vocabulary.size();
        double m = bias == null ? 1.0 : bias.multiplier();
        int seenCount = row == null ? 0 : row.next.length;
        double[] weights = new double[seenCount]; // one hash per candidate, reused by the draw below
        double seen = 0;
        for (int i = 0; i < seenCount; i++) {
            weights[i] = row.counts[i] * (bias != null && bias.green(b, row.next[i]) ? m : 1.0);
            seen += weights[i];
        }
        int greens = bias == null ? 0 : bias.greenCount(b);
        double greenMass = k * greens * m;
        double uniform = bias == null ? k * size : greenMass + k * (size - greens);
        double u = rng.nextDouble() * (seen + uniform);
        if (u < seen) {
            for (int i = 0; i < seenCount; i++) {
                u -= weights[i];
                if (u < 0) {
                    return row.next[i];
                }
            }
            return row.next[seenCount - 1]; // rounding at the very top of the range
        }
        if (bias == null) {
            return rng.nextInt(size);
        }
        boolean wantGreen = u - seen < greenMass;
        while (true) { // expected 1 / gamma tries for green, 1 / (1 - gamma) for red
            int t = rng.nextInt(size);
            if (bias.green(b, t) == wantGreen) {
                return t;
            }
        }
    }
}
