package dev.quarry.corpora.archetype;

import java.util.SplittableRandom;

/**
 * When one client works, in its local time: from {@code fromHour} to {@code toHour} (wrapping past
 * midnight when {@code toHour <= fromHour}), weekdays only or every day, and at
 * {@code offHours} of its peak rate outside those hours (0 for a job that only runs inside them,
 * 1 for a round-the-clock service). Immutable.
 */
record ActiveHours(int fromHour, int toHour, boolean weekdaysOnly, double offHours) {

    /** Round the clock. */
    static final ActiveHours ALWAYS = new ActiveHours(0, 24, false, 1.0);

    /** Office hours of a business: starting 7-10, lasting 8-11 hours, weekdays, quiet otherwise. */
    static ActiveHours office(SplittableRandom rng) {
        int from = 7 + rng.nextInt(4);
        return new ActiveHours(from, from + 8 + rng.nextInt(4), true, PerClient.logUniform(rng, 0.01, 0.2));
    }

    /**
     * A machine client's hours: a third run around the clock, a third in office hours, a third in
     * a window of 4-16 hours anywhere in the day (a scheduled job, or an operator's shift).
     */
    static ActiveHours machine(SplittableRandom rng) {
        return switch (rng.nextInt(3)) {
            case 0 -> new ActiveHours(0, 24, false, 1.0);
            case 1 -> office(rng);
            default -> {
                int from = rng.nextInt(24);
                yield new ActiveHours(from, (from + 4 + rng.nextInt(13)) % 24, rng.nextBoolean(),
                        rng.nextInt(3) == 0 ? 0.0 : PerClient.logUniform(rng, 0.02, 0.3));
            }
        };
    }

    /** Share of the peak rate at {@code ts} for a client {@code offsetMinutes} from UTC. */
    double intensity(long ts, int offsetMinutes) {
        int hour = Clock.localHour(ts, offsetMinutes);
        boolean inHours = toHour > fromHour ? hour >= fromHour && hour < toHour : hour >= fromHour || hour < toHour;
        if (inHours && weekdaysOnly && Clock.localDayOfWeek(ts, offsetMinutes) >= 5) {
            inHours = false;
        }
        return inHours ? 1.0 : offHours;
    }

    /**
     * The next call of a client that sends every {@code gapMillis} at peak (jittered by
     * {@code jitter}) while these hours hold: the first candidate after {@code t} that the hours
     * accept, or {@link Long#MAX_VALUE} once the window is over. Off hours are skipped a step at a
     * time, so a job that runs only by night sends nothing by day.
     */
    long next(SplittableRandom rng, long t, long endMillis, long gapMillis, double jitter, int offsetMinutes) {
        long ts = t;
        while (true) {
            ts += Clock.jittered(rng, gapMillis, jitter);
            if (ts >= endMillis) {
                return Long.MAX_VALUE;
            }
            double p = intensity(ts, offsetMinutes);
            if (p >= 1.0) {
                return ts;
            }
            if (p <= 0.0) {
                ts = Math.max(ts, nextHourStart(ts));
                continue;
            }
            if (rng.nextDouble() < p) {
                return ts;
            }
        }
    }

    private static long nextHourStart(long ts) {
        return (Math.floorDiv(ts, Clock.HOUR) + 1) * Clock.HOUR;
    }
}
