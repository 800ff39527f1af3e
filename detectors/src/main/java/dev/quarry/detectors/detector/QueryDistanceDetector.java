package dev.quarry.detectors.detector;

import static dev.quarry.detectors.alert.DetectorFinding.round;

import dev.quarry.detectors.alert.DetectorFinding;
import dev.quarry.detectors.alert.EvidenceGroup;
import dev.quarry.detectors.config.QueryDistanceConfig;
import dev.quarry.fingerprint.PromptFeatures;
import dev.quarry.fingerprint.stats.PradaDistances;
import dev.quarry.fingerprint.stats.PradaTest;
import dev.quarry.fingerprint.stats.ShapiroWilk;
import dev.quarry.fingerprint.vector.VectorMath;
import dev.quarry.ingest.InferenceEvent;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Sees a client whose queries are spread over the input space in a way natural traffic is not:
 * PRADA (Juuti et al. 2019, "PRADA: Protecting against DNN Model Stealing Attacks", EuroS&amp;P).
 *
 * <p>PRADA's rules ({@link PradaDistances}, {@link PradaTest}, shared with the evaluation's PRADA
 * baseline): per client, a growing set G of earlier queries; for each new query, its minimum L2
 * distance to G joins the pool D of distances. The query joins G only when that distance exceeds
 * the threshold T = {@code mean - std} of the distances of the queries already admitted to G; T
 * never decreases. An exact repeat of a query in G (distance 0) is counted but not pooled, where
 * PRADA pools it as 0: clients of an LLM retry and resend questions, and a spike at 0 drives W
 * below delta by itself (a chat fixture drawing 300 prompts from 78 had 219 of its 296 distances at
 * 0 and W 0.48 with repeats pooled); see {@link PradaDistances}. Once D holds {@code minQueries}
 * ({@value QueryDistanceConfig#DEFAULT_MIN_QUERIES}, PRADA's "about 100") distances, distances more
 * than 3 standard deviations from their mean are removed and the Shapiro-Wilk W of the rest is the
 * statistic: benign streams give roughly normal distances (W high), synthetic probes (perturbations
 * of a few seed prompts, systematic sweeps) do not, and W below {@code delta} scores. PRADA tunes
 * delta per model on benign traffic, in 0.87-0.96; the default
 * {@value QueryDistanceConfig#DEFAULT_DELTA} is in that range. PRADA tracks distances per predicted
 * class; an LLM has no classes, so there is one pool per client.
 *
 * <p>Adapted to text and bounded state: queries are the encoder's L2-normalised prompt embeddings
 * (distance in [0, 2]); prompts under {@code minWords}
 * ({@value QueryDistanceConfig#DEFAULT_MIN_WORDS}) words are skipped, and a prompt longer than
 * {@code maxComparedWords} ({@value QueryDistanceConfig#DEFAULT_MAX_COMPARED_WORDS}) carries a
 * document and is embedded by its question (see {@link ComparedQuestion}: its last paragraph, or
 * else its last {@code questionWords} ({@value QueryDistanceConfig#DEFAULT_QUESTION_WORDS}) words),
 * so a RAG app's shared context does not pull all its distances to zero. G is capped at
 * {@code growingSetSize} ({@value QueryDistanceConfig#DEFAULT_GROWING_SET_SIZE}) int8-quantised
 * rows, first in, first out; the threshold still summarises every admission. Past the cap a query
 * is compared with the last {@code growingSetSize} admitted only, so a query close to an evicted
 * one, or a repeat of one, gets a larger distance than PRADA would give it. D keeps the last
 * {@code maxDistances} ({@value QueryDistanceConfig#DEFAULT_MAX_DISTANCES}) distances and W is
 * computed over them, where PRADA tests all distances so far; W then follows a client whose traffic
 * changes. The test is re-run every {@code testEvery}
 * ({@value QueryDistanceConfig#DEFAULT_TEST_EVERY}) pooled distances; between tests the last
 * finding stands, and a test that cannot run (fewer than {@code minQueries} distances left after
 * outlier removal) leaves it standing too.
 *
 * <p>This is a supporting signal ({@link EvidenceGroup#QUERY_DISTRIBUTION}): it can raise an
 * alert backed by specific evidence but never makes a medium alert alone. Score:
 * {@code Ramps.clamp01((delta - W) / (delta - fullDeviationW)) * (0.5 + 0.5 * volume)}, with
 * {@code fullDeviationW} = {@value QueryDistanceConfig#DEFAULT_FULL_DEVIATION_W} and volume ramping
 * from 0 at {@code minQueries} pooled distances to 1 at {@code fullVolumeQueries}
 * ({@value QueryDistanceConfig#DEFAULT_FULL_VOLUME_QUERIES}). The share of answers of at least
 * {@code harvestCompletionTokens} ({@value QueryDistanceConfig#DEFAULT_HARVEST_COMPLETION_TOKENS})
 * tokens is reported as evidence, not scored.
 *
 * <p>Known limits: fills of one template sit at similar distances from each other, so their
 * distances look normal; mixed legitimate streams (a developer's IDE completions between chat
 * questions, a chat user's retries pooled at 0) can give non-normal distances too.
 *
 * <p>Per event: one {@link VectorMath#minSquareDistanceQuantised} over at most 128 int8 rows of 256
 * components (read as stored, not dequantised into a matrix first), and a sort of 256 distances and a
 * Shapiro-Wilk test every 4 pooled distances: 35-45 µs at 128 rows against 7-12 at 32 (offline,
 * warmed up, shared 2-core machine); the set's rows are most of it. State per client at the
 * defaults: 128 * 260 B of vectors + 52 + 256 * 2 B of pool and threshold + 23 B of format,
 * counters and ring header: 33,867 B, about 33 KiB at most; the ring grows with the client, so a
 * short-lived client holds far less. Stateless and thread-safe.
 */
public final class QueryDistanceDetector extends AbstractDetector<QueryDistanceDetector.State> {
    public static final String NAME = "query_distance";
    private static final byte FORMAT = 2;
    private final QueryDistanceConfig config;

    public QueryDistanceDetector(QueryDistanceConfig config) {
        super(NAME, EvidenceGroup.QUERY_DISTRIBUTION, () -> new State(config.growingSetSize(), config.maxDistances()),
                in -> State.read(in, config.growingSetSize(), config.maxDistances()));
        if (config.growingSetSize() < 1 || config.growingSetSize() > 4096 || config.maxDistances() < ShapiroWilk.MIN_N
                || config.maxDistances() > ShapiroWilk.MAX_N || config.minQueries() < ShapiroWilk.MIN_N
                || config.minQueries() > config.maxDistances() || config.fullVolumeQueries() < config.minQueries()
                || !(config.fullDeviationW() < config.delta()) || config.questionWords() < 1
                || config.maxComparedWords() < config.questionWords() || config.testEvery() < 1) {
            throw new IllegalArgumentException("detection.queryDistance: need 1 <= growingSetSize <= 4096,"
                    + " 3 <= minQueries <= maxDistances <= 5000, fullVolumeQueries >= minQueries, fullDeviationW < delta,"
                    + " testEvery >= 1 and 1 <= questionWords <= maxComparedWords");
        }
        this.config = config;
    }

    @Override
    public Optional<DetectorFinding> observe(InferenceEvent event, PromptFeatures features, State s) {
        if (features.words() < config.minWords()) {
            return Optional.empty();
        }
        Integer completion = event.response().completionTokens();
        if (completion != null) {
            s.completions++;
            if (completion >= config.harvestCompletionTokens()) {
                s.longCompletions++;
            }
        }
        float[] q = features.words() > config.maxComparedWords()
                ? ComparedQuestion.embedded(event.request().userText(), features, config.maxComparedWords(),
                        config.questionWords()).vector()
                : features.embedding();
        if (!s.set.comparable(q)) {
            s.set.add(q);
            s.distances.seed();
            return Optional.empty();
        }
        // Straight from the int8 rows: the same distance as on the dequantised set, without it.
        double d = Math.sqrt(s.set.minSquareDistance(q));
        if (PradaTest.isRepeat(d)) {
            s.distances.record(d);
            return Optional.empty(); // nothing new pooled: the last finding stands
        }
        if (s.distances.record(d)) {
            s.set.add(q);
        }
        // W moves slowly with one more distance; testing every few keeps the sort and the test off
        // most events, and fusion keeps the last finding in between.
        return s.distances.pooled() % config.testEvery() == 0 ? finding(s) : Optional.empty();
    }

    private Optional<DetectorFinding> finding(State s) {
        Optional<PradaTest.Result> tested = s.distances.test(config.minQueries());
        if (tested.isEmpty()) {
            return Optional.empty();
        }
        double w = tested.get().w();
        double deviation = Ramps.clamp01((config.delta() - w) / (config.delta() - config.fullDeviationW()));
        double volume = Ramps.clamp01((double) (s.distances.pooled() - config.minQueries())
                / Math.max(1, config.fullVolumeQueries() - config.minQueries()));
        double score = deviation * (0.5 + 0.5 * volume);
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("shapiro_wilk_w", round(w));
        evidence.put("delta", config.delta());
        evidence.put("distances_tested", tested.get().tested());
        evidence.put("outliers_removed", tested.get().outliers());
        evidence.put("queries_pooled", s.distances.pooled());
        evidence.put("exact_repeats", s.distances.repeats());
        evidence.put("growing_set_admitted", s.distances.admitted());
        evidence.put("admission_threshold", round(s.distances.threshold()));
        evidence.put("mean_min_distance", round(s.distances.mean()));
        evidence.put("std_min_distance", round(s.distances.std()));
        evidence.put("long_answer_share", round(s.completions == 0 ? 0 : (double) s.longCompletions / s.completions));
        return Optional.of(finding(score, evidence));
    }

    @Override
    public String headline(DetectorFinding f) {
        return "query distances: Shapiro-Wilk W " + f.evidence().get("shapiro_wilk_w") + " < "
                + f.evidence().get("delta") + " over the min distances of " + f.evidence().get("queries_pooled")
                + " queries (PRADA)";
    }

    /**
     * Per-client state, bounded: the growing set ({@code growingSetSize} int8 vectors), PRADA's
     * threshold and pool of distances ({@link PradaDistances}), and counters.
     *
     * <p>Encoding: {@code byte format (2), long longCompletions, long completions},
     * the {@link PradaDistances}, then the ring. Another format byte is refused.
     */
    public static final class State implements DetectorState {
        final QuantisedVectorRing set;
        final PradaDistances distances;
        long longCompletions;
        long completions;

        State(int setSize, int maxDistances) {
            this(new QuantisedVectorRing(setSize), new PradaDistances(maxDistances));
        }

        private State(QuantisedVectorRing set, PradaDistances distances) {
            this.set = set;
            this.distances = distances;
        }

        /** Minimum distances pooled so far. */
        public long pooled() {
            return distances.pooled();
        }

        @Override
        public void writeTo(DataOutput out) throws IOException {
            out.writeByte(FORMAT);
            out.writeLong(longCompletions);
            out.writeLong(completions);
            distances.writeTo(out);
            set.writeTo(out);
        }

        static State read(DataInput in, int setSize, int maxDistances) throws IOException {
            byte format = in.readByte();
            if (format != FORMAT) {
                throw new IOException("unknown query_distance state format " + format);
            }
            long longCompletions = in.readLong();
            long completions = in.readLong();
            State s = new State(new QuantisedVectorRing(setSize), PradaDistances.read(in, maxDistances));
            s.longCompletions = longCompletions;
            s.completions = completions;
            s.set.readFrom(in);
            return s;
        }
    }
}
