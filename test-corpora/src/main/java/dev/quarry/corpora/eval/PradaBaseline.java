package dev.quarry.corpora.eval;

import dev.quarry.detectors.config.QueryDistanceConfig;
import dev.quarry.fingerprint.TextNormaliser;
import dev.quarry.fingerprint.stats.PradaDistances;
import dev.quarry.fingerprint.stats.PradaTest;
import dev.quarry.ingest.InferenceEvent;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * PRADA (Juuti et al. 2019, <i>PRADA: Protecting Against DNN Model Stealing Attacks</i>) with the
 * rules of {@code QueryDistanceDetector}, through the same code ({@link PradaDistances},
 * {@link PradaTest}) and the detector's default parameters: each query's minimum L2 distance to
 * the client's growing set G joins the pool, an exact repeat as 0; a query joins G when that
 * distance exceeds T = mean - std of the distances of the queries already admitted, T never
 * decreasing; once {@value PradaTest#DEFAULT_MIN_DISTANCES} distances are left after removing
 * those beyond 3 standard deviations, the Shapiro-Wilk W of the rest is the client's statistic.
 * G keeps the last 128 admitted queries, the pool the last 256 distances, and W is re-run every 4
 * pooled distances, as in the detector.
 *
 * <p>What differs from the detector is what PRADA was published with: queries are
 * {@link HashedNgramVectors} of the whole user text (256 dimensions) rather than the encoder's
 * embedding of the prompt's question, every prompt counts however short, and the score is W
 * itself, negated (no volume ramp). A client is judged by its W at the end of the corpus
 * ({@link Baseline.Verdict#LAST}), as PRADA's alarm is the verdict of its latest test; the
 * threshold on it is tuned like every baseline's. A test that cannot run (too few distances left)
 * leaves the previous W standing.
 *
 * <p>Memory per client: up to 128 float vectors (1 KiB each) and the pool; time per query: one
 * sparse dot product per vector in G. Not thread-safe.
 */
public final class PradaBaseline implements Baseline {
    private static final int DIMS = 256;
    private static final QueryDistanceConfig RULES = new QueryDistanceConfig();
    private final HashedNgramVectors encoder = new HashedNgramVectors(DIMS);
    private final Map<String, State> clients = new HashMap<>();

    /** One client: G as a first-in, first-out ring of vectors, and PRADA's bookkeeping. */
    static final class State {
        final float[][] set = new float[RULES.growingSetSize()][];
        final double[] norms = new double[RULES.growingSetSize()];
        final PradaDistances distances = new PradaDistances(RULES.maxDistances());
        int size;
        int next;
        double lastScore = Double.NaN;

        void add(float[] v, double norm) {
            set[next] = v;
            norms[next] = norm;
            next = (next + 1) % set.length;
            size = Math.min(size + 1, set.length);
        }
    }

    @Override
    public String name() {
        return "prada";
    }

    @Override
    public String description() {
        return "PRADA (Juuti et al. 2019): Shapiro-Wilk W, at the end of the corpus, of the min L2 distances of a "
                + "client's queries to its growing set (hashed char-trigram vectors, 256 dims; the query_distance "
                + "detector's rules)";
    }

    @Override
    public boolean higherIsSuspicious() {
        return false;
    }

    @Override
    public Verdict verdict() {
        return Verdict.LAST;
    }

    @Override
    public double score(InferenceEvent event) {
        State s = clients.computeIfAbsent(event.clientId(), k -> new State());
        String text = TextNormaliser.normalise(event.request().userText());
        float[] v = encoder.vector(text);
        double norm = text.isEmpty() ? 0.0 : 1.0;
        if (s.size == 0) {
            s.add(v, norm);
            s.distances.seed();
            return s.lastScore;
        }
        int[] nonZero = HashedNgramVectors.nonZero(v);
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < s.size; i++) {
            best = Math.min(best, HashedNgramVectors.squaredDistance(v, nonZero, s.set[i], s.norms[i]));
        }
        if (s.distances.record(Math.sqrt(best))) {
            s.add(v, norm);
        }
        if (s.distances.pooled() % RULES.testEvery() == 0) {
            Optional<PradaTest.Result> tested = s.distances.test(RULES.minQueries());
            if (tested.isPresent()) {
                s.lastScore = -tested.get().w();
            }
        }
        return s.lastScore;
    }

    /** The client's bookkeeping, for tests; null for a client never seen. */
    State state(String clientId) {
        return clients.get(clientId);
    }
}
