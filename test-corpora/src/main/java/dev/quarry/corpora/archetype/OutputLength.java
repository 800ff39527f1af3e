package dev.quarry.corpora.archetype;

import java.util.SplittableRandom;

/**
 * One client's completion lengths: log-normal around a median drawn per client, with a spread
 * drawn per client, clamped to {@code [floor, cap]}, and the {@code max_tokens} the client sends
 * (absent for some clients). Real tenants of one kind of product differ by an order of magnitude
 * in how long their outputs are (the Azure and Mooncake traces span 1 to several thousand tokens),
 * so the median comes from a wide per-archetype range. Immutable.
 *
 * @param median the client's median completion, in tokens
 * @param sigma log-space spread of the client's lengths
 * @param floor shortest completion
 * @param cap longest completion before {@code max_tokens} applies
 * @param maxTokens the client's output cap, or null when it sends none
 */
record OutputLength(double median, double sigma, int floor, int cap, Integer maxTokens) {
    private static final int[] CAPS = {256, 512, 1024, 1500, 2048, 3000, 4096, 8192, 16384};

    /**
     * A client whose median lies log-uniformly in {@code [medianLo, medianHi]}; a share of clients
     * send no {@code max_tokens}, the others a round cap at or above their typical length.
     */
    static OutputLength draw(SplittableRandom rng, int medianLo, int medianHi, int floor, int cap) {
        double median = PerClient.logUniform(rng, medianLo, medianHi);
        double sigma = PerClient.uniform(rng, 0.1, 0.7);
        Integer maxTokens = null;
        if (rng.nextInt(10) < 7) {
            double wanted = median * Math.exp(sigma * PerClient.uniform(rng, 0.5, 2.5));
            for (int c : CAPS) {
                if (c >= wanted) {
                    maxTokens = c;
                    break;
                }
            }
            if (maxTokens == null) {
                maxTokens = CAPS[CAPS.length - 1];
            }
        }
        return new OutputLength(median, sigma, floor, cap, maxTokens);
    }

    /** A client with a fixed median and spread (for clients whose length the task fixes). */
    static OutputLength fixed(double median, double sigma, int floor, int cap, Integer maxTokens) {
        return new OutputLength(median, sigma, floor, cap, maxTokens);
    }

    /** The next completion length, before {@code max_tokens}. */
    int next(SplittableRandom rng) {
        double v = median * Math.exp(sigma * rng.nextGaussian());
        return (int) Math.max(floor, Math.min(cap, Math.round(v)));
    }

    /** {@code completion} cut at {@code max_tokens}. */
    int capped(int completion) {
        return maxTokens == null ? completion : Math.min(completion, maxTokens);
    }

    /** "length" when {@code completion} was cut at {@code max_tokens}, else {@code otherwise}. */
    String finish(int completion, String otherwise) {
        return maxTokens != null && completion >= maxTokens ? "length" : otherwise;
    }
}
