package dev.quarry.fingerprint.watermark;

import dev.quarry.fingerprint.Hashing;
import dev.quarry.fingerprint.stats.NormalDistribution;

/**
 * The green-list watermark of Kirchenbauer et al. 2023 ("A Watermark for Large Language Models",
 * ICML), with one token of context, keyed by a 64-bit secret {@code K} and a green fraction
 * {@code gamma}. A provider's sampler adds {@code delta} to the logits of the green tokens; text
 * written that way holds more green tokens than the {@code gamma} share chance gives.
 *
 * <p>The rule, in Java {@code long} arithmetic (wrapping), with previous token {@code p} and token
 * {@code t} as {@code long}: {@code t} is green iff
 * {@code (mix64(K ^ mix64(p) ^ (t * 0x9E3779B97F4A7C15L)) >>> 11) < (long) (gamma * 0x1p53)},
 * where {@code mix64} is the SplitMix64 finaliser ({@link Hashing#mix64}). A 53-bit comparison gives every token the same
 * green probability {@code gamma} to within 2^-53. This is what a serving stack implements to
 * generate the matching watermark (docs/watermark.md, "Watermark checks").
 *
 * <p>Detection: every token with a predecessor is scored ({@code T}); {@code G} are green;
 * {@code z = (G - gamma T) / sqrt(T gamma (1 - gamma))}, with the one-sided normal p-value. With
 * {@code ignoreRepeatedBigrams} each distinct {@code (p, t)} pair counts once (Kirchenbauer et al.
 * 2023, section 7; Fernandez et al. 2023, "Three Bricks to Consolidate Watermarks for LLMs"), so
 * repeated text cannot fake or amplify a signal. Immutable and thread-safe.
 */
public final class GreenListScheme implements WatermarkScheme {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private final long key;
    private final double gamma;
    private final long threshold;

    /**
     * @param key the 64-bit secret; never log it
     * @param gamma green fraction, strictly between 0 and 1 (Quarry's default 0.25)
     */
    public GreenListScheme(long key, double gamma) {
        if (!(gamma > 0 && gamma < 1)) {
            throw new IllegalArgumentException("gamma must be in (0, 1): " + gamma);
        }
        this.key = key;
        this.gamma = gamma;
        this.threshold = (long) (gamma * 0x1p53);
    }

    /** Whether {@code token} after {@code previous} is green. */
    public boolean isGreen(long previous, long token) {
        return (Hashing.mix64(key ^ Hashing.mix64(previous) ^ (token * GOLDEN)) >>> 11) < threshold;
    }

    public double gamma() {
        return gamma;
    }

    /** The integer the 53-bit hash is compared with: {@code (long) (gamma * 2^53)}. */
    public long threshold() {
        return threshold;
    }

    /** The key, for scorers that run the same arithmetic elsewhere (DJL); never log it. */
    long key() {
        return key;
    }

    @Override
    public String name() {
        return "green-list-h1-g" + gamma;
    }

    @Override
    public WatermarkScore score(int[] tokens, boolean ignoreRepeatedBigrams) {
        if (tokens.length < 2) {
            return WatermarkScore.NONE;
        }
        long scored = 0;
        long green = 0;
        LongHashSet seen = ignoreRepeatedBigrams ? new LongHashSet(tokens.length) : null;
        for (int i = 1; i < tokens.length; i++) {
            if (seen != null && !seen.add(pair(tokens[i - 1], tokens[i]))) {
                continue;
            }
            scored++;
            if (isGreen(tokens[i - 1], tokens[i])) {
                green++;
            }
        }
        return fromCounts(scored, green);
    }

    /** The z-test on counts {@code G} of {@code T}. */
    public WatermarkScore fromCounts(long scored, long green) {
        if (scored == 0) {
            return WatermarkScore.NONE;
        }
        double z = zScore(scored, green, gamma);
        return new WatermarkScore(scored, green, z, NormalDistribution.upperTail(z));
    }

    /** {@code (G - gamma T) / sqrt(T gamma (1 - gamma))}; 0 for {@code T = 0}. */
    public static double zScore(long scored, long green, double gamma) {
        if (scored == 0) {
            return 0.0;
        }
        return (green - gamma * scored) / Math.sqrt(scored * gamma * (1 - gamma));
    }

    /** One {@code (previous, token)} pair as a single long key; ids are non-negative ints. */
    static long pair(int previous, int token) {
        return ((long) previous << 32) | (token & 0xFFFFFFFFL);
    }
}
