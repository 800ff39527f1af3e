package dev.quarry.detectors.watermark;

import dev.quarry.fingerprint.stats.Binomial;

/**
 * The health monitor's exact tests on one closed window of a model's responses: {@code G} green
 * tokens of {@code T} scored, pooled over the window (each response scored on its own, each
 * distinct token pair once within it).
 * <ul>
 *   <li><b>Off.</b> Without the watermark each scored token is green with probability
 *       {@code gamma}; {@code P(X >= G | T, gamma)} is the exact one-sided p-value of "off". An
 *       endpoint that watermarks shows one far below any level; when it is above {@code alpha} the
 *       window's greens are what chance gives, and the window is {@link Verdict#OFF}.</li>
 *   <li><b>Weakened.</b> Against the model's own baseline green fraction {@code b} (recent windows
 *       that were not off), the floor is {@code gamma + minRelativeStrength * (b - gamma)}; when
 *       {@code P(X <= G | T, floor)} is at most {@code alpha} the window's green rate is below the
 *       floor beyond chance, and the window is {@link Verdict#WEAKENED}: part of the traffic lost
 *       the mark, or the sampler's bias was lowered.</li>
 * </ul>
 * Both are exact binomial tails ({@link Binomial}, in log space). The tests treat tokens as
 * independent draws: true for "off" (the green list is a keyed hash of each pair), and for the
 * floor an approximation, since a watermarked token's green probability depends on its entropy.
 * Immutable.
 *
 * @param scored pooled scored tokens {@code T}
 * @param green pooled green tokens {@code G}
 * @param log10POff {@code log10 P(X >= G | T, gamma)}
 * @param baseline the baseline green fraction the window was held against; NaN before the first
 *     window that was not off
 * @param floor the floor green fraction; NaN without a baseline
 * @param log10PBelowFloor {@code log10 P(X <= G | T, floor)}; NaN without a baseline
 * @param verdict the outcome
 */
record PooledWindowTest(long scored, long green, double log10POff, double baseline, double floor,
        double log10PBelowFloor, Verdict verdict) {

    /** A window's outcome. */
    enum Verdict {
        /** The green count rejects "off" and is not below the floor. */
        WATERMARKED,
        /** The green count does not reject "off": the window looks unwatermarked. */
        OFF,
        /** Watermarked, but significantly below the floor of the model's recent strength. */
        WEAKENED
    }

    /**
     * Runs both tests.
     *
     * @param baseline the model's baseline green fraction, NaN when it has none yet
     */
    static PooledWindowTest of(long scored, long green, double gamma, double baseline, double minRelativeStrength,
            double alpha) {
        double log10Alpha = Math.log10(alpha);
        double log10POff = scored == 0 ? 0.0 : Binomial.log10UpperTail(scored, green, gamma);
        if (log10POff > log10Alpha) {
            return new PooledWindowTest(scored, green, log10POff, baseline, Double.NaN, Double.NaN, Verdict.OFF);
        }
        if (Double.isNaN(baseline)) {
            return new PooledWindowTest(scored, green, log10POff, baseline, Double.NaN, Double.NaN, Verdict.WATERMARKED);
        }
        double floor = gamma + minRelativeStrength * Math.max(0.0, baseline - gamma);
        double log10PBelow = Binomial.log10LowerTail(scored, green, floor);
        return new PooledWindowTest(scored, green, log10POff, baseline, floor, log10PBelow,
                log10PBelow <= log10Alpha ? Verdict.WEAKENED : Verdict.WATERMARKED);
    }

    /** {@code G / T}; 0 when nothing was scored. */
    double greenFraction() {
        return scored == 0 ? 0.0 : (double) green / scored;
    }
}
