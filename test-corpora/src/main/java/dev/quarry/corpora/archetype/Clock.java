package dev.quarry.corpora.archetype;

import java.util.SplittableRandom;
import java.util.function.LongToDoubleFunction;

/** Local-time arithmetic and arrival processes shared by the archetypes. Stateless. */
final class Clock {
    static final long SECOND = 1_000L;
    static final long MINUTE = 60 * SECOND;
    static final long HOUR = 60 * MINUTE;
    static final long DAY = 24 * HOUR;

    private Clock() {}

    /** Hour of the day, 0-23, at {@code tsMillis} in a zone {@code offsetMinutes} from UTC. */
    static int localHour(long tsMillis, int offsetMinutes) {
        return (int) Math.floorMod(Math.floorDiv(tsMillis + offsetMinutes * MINUTE, HOUR), 24L);
    }

    /** Day of the week, 0 = Monday to 6 = Sunday (1 January 1970 was a Thursday). */
    static int localDayOfWeek(long tsMillis, int offsetMinutes) {
        return (int) Math.floorMod(Math.floorDiv(tsMillis + offsetMinutes * MINUTE, DAY) + 3, 7L);
    }

    /** An exponential gap with the given mean, in milliseconds, at least 1. */
    static long exponential(SplittableRandom rng, double meanMillis) {
        return Math.max(1L, Math.round(-Math.log(1.0 - rng.nextDouble()) * meanMillis));
    }

    /** {@code periodMillis} scaled by a uniform factor in {@code [1 - jitter, 1 + jitter]}. */
    static long jittered(SplittableRandom rng, long periodMillis, double jitter) {
        return Math.max(1L, Math.round(periodMillis * (1.0 + jitter * (2 * rng.nextDouble() - 1))));
    }

    /**
     * The first arrival after {@code fromMillis} of a Poisson process whose rate varies with time
     * (Lewis-Shedler thinning): candidates arrive at the peak rate and each is kept with
     * probability {@code intensity(t)}, a number in [0, 1]. Returns {@code Long.MAX_VALUE} when no
     * arrival happens before {@code untilMillis}.
     *
     * @param peakMeanGapMillis mean gap between arrivals when the intensity is 1
     */
    static long thinnedArrival(SplittableRandom rng, long fromMillis, long untilMillis, double peakMeanGapMillis,
            LongToDoubleFunction intensity) {
        long t = fromMillis;
        while (true) {
            t += exponential(rng, peakMeanGapMillis);
            if (t >= untilMillis) {
                return Long.MAX_VALUE;
            }
            if (rng.nextDouble() < intensity.applyAsDouble(t)) {
                return t;
            }
        }
    }
}
