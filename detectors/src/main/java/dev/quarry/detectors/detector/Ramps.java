package dev.quarry.detectors.detector;

/**
 * The score shapes the detectors share: a value clamped to [0, 1], a linear ramp and a
 * logarithmic ramp between a floor (0) and a full mark (1). Stateless.
 */
public final class Ramps {
    private Ramps() {}

    /** {@code v} clamped to [0, 1]. */
    public static double clamp01(double v) {
        return Math.max(0.0, Math.min(1.0, v));
    }

    /** 0 at or below {@code from}, 1 at or above {@code to}, linear between. */
    public static double ramp(double x, double from, double to) {
        return clamp01((x - from) / (to - from));
    }

    /**
     * 0 at or below {@code from}, 1 at or above {@code to}, linear in {@code log x} between: for
     * counts, where going from 10 to 100 means as much as from 100 to 1,000. Needs
     * {@code 0 < from < to}.
     */
    public static double logRamp(double x, double from, double to) {
        return x <= from ? 0.0 : Math.min(1.0, Math.log(x / from) / Math.log(to / from));
    }
}
