package dev.quarry.corpora.archetype;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Draws of one client's parameters from wide ranges, so that clients of one archetype differ from
 * each other as much as real tenants do (volume, pace, output length, sampling) and no family can
 * be told apart by one of those alone. Every draw takes the client's own generator, so a seed
 * still fixes the corpus. Stateless.
 */
final class PerClient {
    private PerClient() {}

    /** Log-uniform in {@code [lo, hi]}: as many clients per decade, for rates and volumes. */
    static double logUniform(SplittableRandom rng, double lo, double hi) {
        return lo * Math.exp(rng.nextDouble() * Math.log(hi / lo));
    }

    /** {@link #logUniform} rounded to a long, at least {@code lo}. */
    static long logUniformLong(SplittableRandom rng, long lo, long hi) {
        return Math.max(lo, Math.min(hi, Math.round(logUniform(rng, lo, hi))));
    }

    /** Uniform in {@code [lo, hi)}. */
    static double uniform(SplittableRandom rng, double lo, double hi) {
        return lo + (hi - lo) * rng.nextDouble();
    }

    /** A sampling temperature in {@code [lo, hi]} on a 0.05 grid, as people and SDK defaults set it. */
    static double temperature(SplittableRandom rng, double lo, double hi) {
        return Math.round(uniform(rng, lo, hi) * 20) / 20.0;
    }

    /** A {@code top_p}: absent for most clients, else one of the values people set. */
    static Double topP(SplittableRandom rng) {
        double[] values = {0.8, 0.9, 0.92, 0.95, 0.98, 1.0};
        return rng.nextInt(10) < 7 ? null : values[rng.nextInt(values.length)];
    }

    /** One of {@code options}. */
    static <T> T pick(SplittableRandom rng, List<T> options) {
        return options.get(rng.nextInt(options.size()));
    }

    /** One of {@code options}. */
    @SafeVarargs
    static <T> T pick(SplittableRandom rng, T... options) {
        return options[rng.nextInt(options.length)];
    }

    /** Whether local business hours hold at {@code ts}: weekdays, {@code from} to {@code to} o'clock. */
    static boolean businessHours(long ts, int offsetMinutes, int from, int to) {
        int hour = Clock.localHour(ts, offsetMinutes);
        return Clock.localDayOfWeek(ts, offsetMinutes) < 5 && hour >= from && hour < to;
    }
}
