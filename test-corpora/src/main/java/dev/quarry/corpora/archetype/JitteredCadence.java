package dev.quarry.corpora.archetype;

import java.util.SplittableRandom;

/**
 * A scripted client's clock: the first call within one mean gap of the window's start, then one
 * every mean gap, each gap scaled by a uniform factor in {@code [1 - jitter, 1 + jitter]} (see
 * {@link Clock#jittered}). Draws from the stream's own generator, in the order its callers did
 * before it existed, so seeded corpora are unchanged. Not thread-safe: part of one client stream.
 */
final class JitteredCadence {
    private final SplittableRandom rng;
    private final long meanGapMillis;
    private final double jitter;
    private long t;

    /** Draws the first call's offset from {@code rng} now. */
    JitteredCadence(SplittableRandom rng, long startMillis, long meanGapMillis, double jitter) {
        this.rng = rng;
        this.meanGapMillis = meanGapMillis;
        this.jitter = jitter;
        this.t = startMillis + rng.nextLong(meanGapMillis);
    }

    /** The next call's time; draws the gap after it. */
    long next() {
        long ts = t;
        t += Clock.jittered(rng, meanGapMillis, jitter);
        return ts;
    }
}
