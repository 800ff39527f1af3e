package dev.quarry.corpora.eval;

import dev.quarry.fingerprint.Hashing;
import dev.quarry.fingerprint.TextNormaliser;
import dev.quarry.fingerprint.stats.ShapiroWilk;
import dev.quarry.ingest.InferenceEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * PRADA (Juuti et al. 2019, <i>PRADA: Protecting Against DNN Model Stealing Attacks</i>): for each
 * new query of a client, the minimum L2 distance to the client's earlier queries; once at least
 * {@value #MIN_DISTANCES} distances exist, the Shapiro-Wilk W of their distribution. Benign
 * queries give roughly normal distances; synthetic ones do not, so a low W is suspicious and the
 * client is flagged when W falls to the tuned threshold.
 *
 * <p>Queries are {@link HashedNgramVectors} of the user text (256 dimensions) instead of the
 * paper's input pixels. Simplifications: every distance joins the distribution (the paper keeps
 * only those above a running mean minus one standard deviation); W is tested after every query
 * up to 200 distances, then every n/200 queries; beyond {@value ShapiroWilk#MAX_N} distances the
 * client's W stops changing. A client whose distances are all equal (one prompt repeated) gets
 * W = 0, the least normal value. A client is scored by the lowest W it ever reached.
 *
 * <p>Memory is one vector per distinct text per client and one double per query; time is
 * quadratic in a client's distinct texts. Not thread-safe.
 */
public final class PradaBaseline implements Baseline {
    static final int MIN_DISTANCES = 20;
    private static final int DIMS = 256;
    private static final int DENSE_TESTS = 200;
    private final HashedNgramVectors encoder = new HashedNgramVectors(DIMS);
    private final Map<String, State> clients = new HashMap<>();

    private static final class State {
        final Set<Long> texts = new HashSet<>();
        final List<float[]> vectors = new ArrayList<>();
        /** Squared norms of {@code vectors}: 1, or 0 for an empty text. */
        final List<Double> norms = new ArrayList<>();
        double lastScore = Double.NaN;
        double[] sorted = new double[32];
        int n;
    }

    @Override
    public String name() {
        return "prada";
    }

    @Override
    public String description() {
        return "PRADA (Juuti et al. 2019): Shapiro-Wilk W of min L2 distances between a client's queries "
                + "(hashed char-trigram vectors, 256 dims)";
    }

    @Override
    public boolean higherIsSuspicious() {
        return false;
    }

    @Override
    public double score(InferenceEvent event) {
        State s = clients.computeIfAbsent(event.clientId(), k -> new State());
        String text = TextNormaliser.normalise(event.request().userText());
        boolean first = s.vectors.isEmpty() && s.texts.isEmpty();
        double distance;
        if (!s.texts.add(Hashing.hash64(text))) {
            distance = 0.0;
        } else {
            float[] v = encoder.vector(text);
            int[] nonZero = HashedNgramVectors.nonZero(v);
            double best = Double.POSITIVE_INFINITY;
            for (int i = 0; i < s.vectors.size(); i++) {
                best = Math.min(best, HashedNgramVectors.squaredDistance(v, nonZero, s.vectors.get(i), s.norms.get(i)));
            }
            distance = Math.sqrt(best);
            s.vectors.add(v);
            s.norms.add(text.isEmpty() ? 0.0 : 1.0);
        }
        if (first || s.n >= ShapiroWilk.MAX_N) {
            return Double.NaN;
        }
        insert(s, distance);
        if (s.n < MIN_DISTANCES) {
            return Double.NaN;
        }
        // Testing after every query costs O(n) each; past DENSE_TESTS distances one more distance
        // moves W little, so test every n / DENSE_TESTS queries and keep the last W in between.
        if (s.n > DENSE_TESTS && s.n % (s.n / DENSE_TESTS) != 0) {
            return s.lastScore;
        }
        s.lastScore = s.sorted[s.n - 1] - s.sorted[0] < 1e-12 ? 0.0 : -ShapiroWilk.testSorted(s.sorted, s.n).w();
        return s.lastScore;
    }

    private static void insert(State s, double d) {
        if (s.n == s.sorted.length) {
            s.sorted = Arrays.copyOf(s.sorted, s.n * 2);
        }
        int at = Arrays.binarySearch(s.sorted, 0, s.n, d);
        if (at < 0) {
            at = -at - 1;
        }
        System.arraycopy(s.sorted, at, s.sorted, at + 1, s.n - at);
        s.sorted[at] = d;
        s.n++;
    }
}
