package dev.quarry.fingerprint.watermark;

/**
 * A token-level LLM output watermark, as Quarry checks it: a keyed rule a provider's sampler
 * follows, and the test that says whether a token sequence carries it. Quarry ships one scheme,
 * {@link GreenListScheme}; another (e.g. a Gumbel-max / exponential-minimum scheme) implements
 * this interface with its own statistic. Implementations are immutable and thread-safe, and hold
 * their key: never log them.
 */
public interface WatermarkScheme {

    /** Stable identifier of the scheme and its public parameters (never the key), e.g. {@code green-list-h1-g0.25}. */
    String name();

    /**
     * Scores one token sequence.
     *
     * @param tokens token ids, in order
     * @param ignoreRepeatedBigrams score each distinct {@code (previous, token)} pair once, so
     *     a repeated phrase cannot inflate the statistic
     */
    WatermarkScore score(int[] tokens, boolean ignoreRepeatedBigrams);
}
