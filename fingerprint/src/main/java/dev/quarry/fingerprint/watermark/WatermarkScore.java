package dev.quarry.fingerprint.watermark;

/**
 * The outcome of a watermark test on one token sequence (or a pooled corpus).
 *
 * @param scored tokens that were tested ({@code T})
 * @param green tested tokens the scheme marks ({@code G})
 * @param z the scheme's test statistic as a z-score; 0 when nothing was scored
 * @param pValue one-sided p-value of {@code z} (or of an exact test, where the caller ran one);
 *     1 when nothing was scored
 */
public record WatermarkScore(long scored, long green, double z, double pValue) {

    /** Nothing scored: no evidence either way. */
    public static final WatermarkScore NONE = new WatermarkScore(0, 0, 0.0, 1.0);

    public WatermarkScore {
        if (scored < 0 || green < 0 || green > scored) {
            throw new IllegalArgumentException("need 0 <= green <= scored: G=" + green + " T=" + scored);
        }
    }

    /** True when the sequence scores as watermarked at {@code zThreshold} (4 by default in Quarry's config). */
    public boolean watermarked(double zThreshold) {
        return scored > 0 && z >= zThreshold;
    }
}
