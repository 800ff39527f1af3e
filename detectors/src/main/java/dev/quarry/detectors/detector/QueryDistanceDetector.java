package dev.quarry.detectors.detector;

import static dev.quarry.detectors.alert.DetectorFinding.round;

import dev.quarry.detectors.alert.DetectorFinding;
import dev.quarry.detectors.alert.EvidenceGroup;
import dev.quarry.detectors.config.QueryDistanceConfig;
import dev.quarry.fingerprint.PromptFeatures;
import dev.quarry.fingerprint.stats.ShapiroWilk;
import dev.quarry.fingerprint.vector.VectorMath;
import dev.quarry.ingest.InferenceEvent;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Sees a client whose queries are spread over the input space in a way natural traffic is not:
 * PRADA (Juuti et al. 2019, "PRADA: Protecting against DNN Model Stealing Attacks", EuroS&amp;P).
 *
 * <p>PRADA keeps, per client, a growing set of earlier queries; for each new query it takes the
 * minimum L2 distance to that set, pools the distances, and adds the query to the set only when
 * its distance exceeds {@code mean - std} of the pool. Once the pool holds enough distances it
 * runs the Shapiro-Wilk test on them: benign streams give roughly normal distances (W high),
 * synthetic probes (Jacobian augmentation, systematic sweeps) do not, and W below delta flags the
 * client. PRADA tunes delta on benign traffic in 0.87-0.96; we use {@code delta} = 0.9: on a
 * 12-hour generated corpus no benign archetype (chat user, student, developer, RAG app, early
 * adopter, batch summariser, classifier, evaluation run) scored above 0.12 with it, while 0.92
 * brought early adopters' short, diverse streams (W 0.87-0.9 at 50-100 queries) close to 0.25.
 *
 * <p>Adapted to text and bounded state: queries are the encoder's L2-normalised prompt embeddings
 * (distance in [0, 2]); the growing set keeps the last {@code growing_set_size} (32) admitted
 * queries, int8-quantised (first in, first out, so no sampling and replay == live), compared with
 * the batched {@link VectorMath#minSquareDistance}; the pool is the last {@code max_distances} (256)
 * distances, each stored in 16 bits, and W is computed over it. PRADA waits for about 100 queries
 * because W is noisy on small samples; we start at {@code min_queries} = 50 (the standard deviation of
 * W at n = 50 under normality is under 0.02, a tenth of the gap between delta and {@code full_deviation_w}) and
 * weigh the score by a volume ramp up to {@code full_volume_queries} (200), so a verdict on 50
 * queries is at most half strength. PRADA tracks distances per predicted class; an LLM has no
 * classes, so there is one pool per client. Exact repeats of an earlier prompt (distance 0: a
 * retry, "can you make that shorter?") are not pooled: they carry no new input, would put a spike
 * at zero into every chatting user's pool, and repetition is what {@link NearDuplicateDetector} counts.
 *
 * <p>PRADA guards a classifier, where every answer is a label; what an LLM extractor takes is
 * output text, and mixed legitimate streams (a developer's IDE completions between chat
 * questions) give bimodal, non-normal distances too. So the score is weighted by the output
 * harvest, the share of the client's embedded prompts answered with at least
 * {@code harvest_completion_tokens} (400) tokens: IDE completions and summaries of 20-120 tokens
 * keep it low whatever W is. A prompt longer than {@code max_compared_words} (64) carries a
 * document and is embedded by its question (see {@link ComparedQuestion}: its last paragraph, or
 * else its last {@code question_words} (24) words), so a RAG app's shared context does not pull
 * all its distances to zero. Score:
 * {@code clamp((delta - W) / (delta - full_deviation_w)) * harvest * (0.5 + 0.5 * volume)},
 * with {@code full_deviation_w} = 0.7.
 *
 * <p>Known limit: fills of one template sit at similar distances from each other, so their
 * distances look normal (W about 0.99); this detector sees synthetic probing (perturbations of a
 * few seed prompts, mixed with fresh seeds), and leaves templated harvesting to the other
 * detectors.
 *
 * <p>State per client at the defaults: 32 * 260 B of vectors + 256 * 2 B of distances + 42 B of
 * counters and headers: 8,874 B, about 8.7 KiB. Stateless and thread-safe (one scratch matrix per thread).
 */
public final class QueryDistanceDetector extends AbstractDetector<QueryDistanceDetector.State> {
    public static final String NAME = "query_distance";
    /** A distance below this (squared, between unit vectors) is an exact repeat of a stored query. */
    private static final float REPEAT_SQUARE_DISTANCE = 1e-4f;
    private static final double DISTANCE_UNIT = 2.0 / 65_535;
    private final QueryDistanceConfig config;
    private final ThreadLocal<float[]> scratch = ThreadLocal.withInitial(() -> new float[0]);

    public QueryDistanceDetector(QueryDistanceConfig config) {
        super(NAME, EvidenceGroup.QUERY_DISTRIBUTION, () -> new State(config.growingSetSize, config.maxDistances), in -> State.read(in, config.growingSetSize, config.maxDistances));
        if (config.growingSetSize < 1 || config.maxDistances < ShapiroWilk.MIN_N
                || config.maxDistances > ShapiroWilk.MAX_N || config.minQueries < ShapiroWilk.MIN_N
                || config.minQueries > config.maxDistances || config.fullVolumeQueries < config.minQueries
                || !(config.fullDeviationW < config.delta) || config.questionWords < 1
                || config.maxComparedWords < config.questionWords || config.testEvery < 1) {
            throw new IllegalArgumentException("need growing_set_size >= 1, 3 <= min_queries <= max_distances <= 5000,"
                    + " full_volume_queries >= min_queries, full_deviation_w < delta"
                    + " and 1 <= question_words <= max_compared_words");
        }
        this.config = config;
    }

    @Override
    public Optional<DetectorFinding> observe(InferenceEvent event, PromptFeatures features, State s) {
        if (features.words() < config.minWords) {
            return Optional.empty();
        }
        Integer completion = event.response().completionTokens();
        if (completion != null) {
            s.completions++;
            if (completion >= config.harvestCompletionTokens) {
                s.longCompletions++;
            }
        }
        float[] q = features.words() > config.maxComparedWords
                ? ComparedQuestion.embedded(event.request().userText(), features, config.maxComparedWords,
                        config.questionWords).vector()
                : features.embedding();
        float[] matrix = scratch(s.set.size() * q.length);
        int rows = s.set.dequantiseInto(matrix, q.length);
        if (rows == 0) {
            s.set.add(q);
            return Optional.empty();
        }
        float minSquare = VectorMath.minSquareDistance(q, matrix, rows);
        if (minSquare < REPEAT_SQUARE_DISTANCE) {
            s.repeats++;
            return Optional.empty(); // nothing new pooled: the last finding stands
        }
        double d = Math.sqrt(minSquare);
        // PRADA's admission rule: the set grows with queries farther than mean - std of the pool.
        if (s.count < 2 || d > s.mean() - s.std()) {
            s.set.add(q);
        }
        s.addDistance(d);
        // W moves slowly with one more distance; testing every few keeps the sort and the test off
        // most events, and fusion keeps the last finding in between.
        return s.pooled % config.testEvery == 0 ? finding(s) : Optional.empty();
    }

    private Optional<DetectorFinding> finding(State s) {
        if (s.count < config.minQueries) {
            return Optional.empty();
        }
        double[] sorted = s.sortedDistances();
        if (sorted[0] == sorted[sorted.length - 1]) {
            return Optional.of(zero()); // W is undefined for a constant sample
        }
        double w = ShapiroWilk.testSorted(sorted).w();
        double deviation = clamp((config.delta - w) / (config.delta - config.fullDeviationW));
        double volume = clamp((double) (s.pooled - config.minQueries)
                / Math.max(1, config.fullVolumeQueries - config.minQueries));
        double harvest = s.completions == 0 ? 0 : (double) s.longCompletions / s.completions;
        double score = deviation * harvest * (0.5 + 0.5 * volume);
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("shapiro_wilk_w", round(w));
        evidence.put("delta", config.delta);
        evidence.put("distances_tested", sorted.length);
        evidence.put("queries_pooled", s.pooled);
        evidence.put("exact_repeats", s.repeats);
        evidence.put("mean_min_distance", round(s.mean()));
        evidence.put("std_min_distance", round(s.std()));
        evidence.put("long_answer_share", round(harvest));
        return Optional.of(finding(score, evidence));
    }

    @Override
    public String headline(DetectorFinding f) {
        return "query distances: Shapiro-Wilk W " + f.evidence().get("shapiro_wilk_w") + " < "
                + f.evidence().get("delta") + " over the min distances of " + f.evidence().get("queries_pooled")
                + " queries (PRADA)";
    }

    private float[] scratch(int floats) {
        float[] m = scratch.get();
        if (m.length < floats) {
            m = new float[floats];
            scratch.set(m);
        }
        return m;
    }

    private static double clamp(double v) {
        return Math.max(0.0, Math.min(1.0, v));
    }

    /**
     * Per-client state, bounded: the growing set ({@code growing_set_size} int8 vectors), the last
     * {@code max_distances} minimum distances in units of 2/65535, and counters.
     */
    public static final class State implements DetectorState {
        final QuantisedVectorRing set;
        final char[] distances;
        int count;
        int next;
        long pooled;
        long repeats;
        long longCompletions;
        long completions;

        State(int setSize, int maxDistances) {
            this.set = new QuantisedVectorRing(setSize);
            this.distances = new char[maxDistances];
        }

        /** Minimum distances pooled so far. */
        public long pooled() {
            return pooled;
        }

        void addDistance(double d) {
            distances[next] = (char) Math.min(65_535, Math.round(d / DISTANCE_UNIT));
            next = (next + 1) % distances.length;
            count = Math.min(count + 1, distances.length);
            pooled++;
        }

        double mean() {
            double sum = 0;
            for (int i = 0; i < count; i++) {
                sum += distances[i];
            }
            return count == 0 ? 0 : sum / count * DISTANCE_UNIT;
        }

        double std() {
            if (count < 2) {
                return 0;
            }
            double m = mean() / DISTANCE_UNIT;
            double ss = 0;
            for (int i = 0; i < count; i++) {
                ss += (distances[i] - m) * (distances[i] - m);
            }
            return Math.sqrt(ss / (count - 1)) * DISTANCE_UNIT;
        }

        double[] sortedDistances() {
            double[] x = new double[count];
            for (int i = 0; i < count; i++) {
                x[i] = distances[i] * DISTANCE_UNIT;
            }
            Arrays.sort(x);
            return x;
        }

        @Override
        public void writeTo(DataOutput out) throws IOException {
            out.writeLong(pooled);
            out.writeLong(repeats);
            out.writeLong(longCompletions);
            out.writeLong(completions);
            out.writeShort(count);
            out.writeShort(next);
            for (int i = 0; i < count; i++) {
                out.writeChar(distances[i]);
            }
            set.writeTo(out);
        }

        static State read(DataInput in, int setSize, int maxDistances) throws IOException {
            State s = new State(setSize, maxDistances);
            s.pooled = in.readLong();
            s.repeats = in.readLong();
            s.longCompletions = in.readLong();
            s.completions = in.readLong();
            int count = in.readShort();
            int next = in.readShort();
            for (int i = 0; i < count; i++) {
                char d = in.readChar();
                if (i < maxDistances) {
                    s.distances[i] = d;
                }
            }
            s.count = Math.min(count, maxDistances);
            s.next = count <= maxDistances ? next % maxDistances : 0;
            s.set.readFrom(in);
            return s;
        }
    }
}
