package dev.quarry.corpora;

import dev.quarry.corpora.archetype.ArchetypeKind;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * What to generate: a seed, an event-time window and how many clients of each archetype. The
 * same spec always yields the same corpus. Immutable; archetypes not in {@code counts} have no
 * clients.
 *
 * @param seed makes the corpus reproducible
 * @param start event time of the window's start (inclusive)
 * @param duration length of the window; events lie in {@code [start, start + duration)}
 * @param counts clients per archetype, each at least 0
 */
public record CorpusSpec(long seed, Instant start, Duration duration, Map<ArchetypeKind, Integer> counts) {
    public static final long DEFAULT_SEED = 42L;
    /** A Monday, noon UTC: Europe's afternoon, America's morning, Asia's evening. */
    public static final Instant DEFAULT_START = Instant.parse("2026-11-16T12:00:00Z");
    public static final Duration DEFAULT_DURATION = Duration.ofHours(6);

    public CorpusSpec {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(counts, "counts");
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("duration must be positive, was " + duration);
        }
        EnumMap<ArchetypeKind, Integer> copy = new EnumMap<>(ArchetypeKind.class);
        for (ArchetypeKind kind : ArchetypeKind.values()) {
            Integer n = counts.get(kind);
            if (n != null && n < 0) {
                throw new IllegalArgumentException(kind.wireName() + " count must be >= 0, was " + n);
            }
            copy.put(kind, n == null ? 0 : n);
        }
        counts = Collections.unmodifiableMap(copy);
    }

    /**
     * The default corpus: seed 42, six hours from {@link #DEFAULT_START}, 40 chat users,
     * 3 classifier apps, 2 batch jobs, 2 logit-bias extractors and 2 templated distillers
     * (roughly 25k events, a few seconds to generate).
     */
    public static CorpusSpec defaults() {
        return new CorpusSpec(DEFAULT_SEED, DEFAULT_START, DEFAULT_DURATION, Map.of(
                ArchetypeKind.CHAT_USER, 40,
                ArchetypeKind.CLASSIFIER_APP, 3,
                ArchetypeKind.BATCH_SUMMARISER, 2,
                ArchetypeKind.LOGIT_BIAS_EXTRACTOR, 2,
                ArchetypeKind.TEMPLATED_DISTILLER, 2));
    }

    /**
     * A realistic population of {@code clients} keys ({@link ClientMix}), six hours from
     * {@link #DEFAULT_START}.
     */
    public static CorpusSpec mix(long seed, int clients) {
        return new CorpusSpec(seed, DEFAULT_START, DEFAULT_DURATION, ClientMix.counts(clients));
    }

    /** A spec with no clients at all, to add to with {@link #withCount}. */
    public static CorpusSpec empty(long seed, Instant start, Duration duration) {
        return new CorpusSpec(seed, start, duration, Map.of());
    }

    public CorpusSpec withSeed(long newSeed) {
        return new CorpusSpec(newSeed, start, duration, counts);
    }

    public CorpusSpec withStart(Instant newStart) {
        return new CorpusSpec(seed, newStart, duration, counts);
    }

    public CorpusSpec withDuration(Duration newDuration) {
        return new CorpusSpec(seed, start, newDuration, counts);
    }

    public CorpusSpec withCount(ArchetypeKind kind, int count) {
        EnumMap<ArchetypeKind, Integer> copy = new EnumMap<>(counts);
        copy.put(kind, count);
        return new CorpusSpec(seed, start, duration, copy);
    }

    /**
     * This spec with every archetype raised to at least {@code n} clients (member accounts, for the
     * fleet archetypes, whose clusters the roster cuts from that total); the opt-in
     * {@code watermark_echo} only when {@code withOptIn}. Counts already above {@code n} stay.
     */
    public CorpusSpec withAtLeast(int n, boolean withOptIn) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0, was " + n);
        }
        EnumMap<ArchetypeKind, Integer> copy = new EnumMap<>(counts);
        for (ArchetypeKind kind : ArchetypeKind.values()) {
            if (!kind.isOptIn() || withOptIn) {
                copy.put(kind, Math.max(n, copy.get(kind)));
            }
        }
        return new CorpusSpec(seed, start, duration, copy);
    }

    /** Clients of this archetype. */
    public int count(ArchetypeKind kind) {
        return counts.get(kind);
    }

    /** Clients of all archetypes. */
    public int totalClients() {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** The exclusive end of the window. */
    public Instant end() {
        return start.plus(duration);
    }
}
