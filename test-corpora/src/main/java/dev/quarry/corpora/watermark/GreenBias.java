package dev.quarry.corpora.watermark;

import dev.quarry.fingerprint.watermark.GreenListScheme;
import java.util.Arrays;

/**
 * Kirchenbauer et al.'s soft watermark (2023, "A Watermark for Large Language Models", algorithm
 * 2) as a sampler sees it: {@code delta} is added to the logit of every token that
 * {@link GreenListScheme#isGreen} marks after the previous token, i.e. a green token's weight is
 * multiplied by {@code e^delta}. The previous token of the first word is the start of text, id 0
 * (word ids are positive). Caches the number of green words after each previous word, so sampling
 * never walks the whole vocabulary twice. Thread-safe: the cache is a racy single check of ints,
 * and every thread computes the same value.
 */
public final class GreenBias {
    /** Token id standing for the start of text; {@code WordHashEncoder} ids are at least 1. */
    static final int START_ID = 0;

    private final GreenListScheme scheme;
    private final double delta;
    private final double multiplier;
    private final WordVocabulary vocabulary;
    private final int[] greenCounts;

    /**
     * @param scheme the provider's green list
     * @param delta logit bias of green tokens; Kirchenbauer et al. use 1 to 10, 2 is their
     *     middle setting and Quarry's default
     */
    public GreenBias(GreenListScheme scheme, double delta, WordVocabulary vocabulary) {
        if (!(delta >= 0) || Double.isInfinite(delta)) {
            throw new IllegalArgumentException("delta must be finite and >= 0: " + delta);
        }
        this.scheme = scheme;
        this.delta = delta;
        this.multiplier = Math.exp(delta);
        this.vocabulary = vocabulary;
        this.greenCounts = new int[vocabulary.size() + 1];
        Arrays.fill(greenCounts, -1);
    }

    public double delta() {
        return delta;
    }

    public GreenListScheme scheme() {
        return scheme;
    }

    /** {@code e^delta}: the weight factor of a green token. */
    double multiplier() {
        return multiplier;
    }

    /** Whether word {@code index} after word {@code previous} (or the start, index {@code size()}) is green. */
    boolean green(int previous, int index) {
        long prevId = previous == vocabulary.size() ? START_ID : vocabulary.id(previous);
        return scheme.isGreen(prevId, vocabulary.id(index));
    }

    /** How many vocabulary words are green after {@code previous}. */
    int greenCount(int previous) {
        int n = greenCounts[previous];
        if (n < 0) {
            n = 0;
            for (int i = 0; i < vocabulary.size(); i++) {
                if (green(previous, i)) {
                    n++;
                }
            }
            greenCounts[previous] = n;
        }
        return n;
    }
}
