package dev.quarry.corpora.eval;

import dev.quarry.detectors.config.SignatureConfig;
import dev.quarry.fingerprint.MinHasher;
import dev.quarry.fingerprint.PromptFeatures;
import dev.quarry.ingest.InferenceEvent;
import java.nio.IntBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * SEAT-style similar-pair counting (Zhang et al. 2021, <i>SEAT: Similarity Encoder by Adversarial
 * Training for Detecting Model Extraction Attack Queries</i>): a client's score is the number of
 * its queries that have an earlier query of the same client at estimated Jaccard similarity
 * {@value #SIMILARITY} or more. Similarity is the MinHash of the prompt skeleton
 * ({@link PromptFeatures#signature()}, Quarry's own 64-slot hasher) instead of SEAT's trained
 * encoder. Memory is one signature per distinct skeleton per client; time is quadratic in a
 * client's distinct skeletons at worst. Not thread-safe.
 */
public final class SimilarPairBaseline implements Baseline {
    static final double SIMILARITY = 0.5;
    private final MinHasher hasher;
    private final Map<String, State> clients = new HashMap<>();

    private static final class State {
        /** Content-compared views of the stored signatures: repeated prompts cost one lookup. */
        final Set<IntBuffer> exact = new HashSet<>();
        final List<int[]> signatures = new ArrayList<>();
        long similar;
    }

    public SimilarPairBaseline() {
        this.hasher = new SignatureConfig().minHasher();
    }

    @Override
    public String name() {
        return "seat";
    }

    @Override
    public String description() {
        return "SEAT-style (Zhang et al. 2021): queries with an earlier query of the same client at MinHash "
                + "similarity >= 0.5";
    }

    @Override
    public double score(InferenceEvent event) {
        State s = clients.computeIfAbsent(event.clientId(), k -> new State());
        int[] sig = PromptFeatures.of(event.request(), hasher).signature();
        if (!s.exact.add(IntBuffer.wrap(sig))) {
            s.similar++;
            return s.similar;
        }
        boolean found = false;
        // Newest first: a templated client matches its recent queries, so the scan stops early.
        for (int i = s.signatures.size() - 1; i >= 0 && !found; i--) {
            found = MinHasher.similarity(sig, s.signatures.get(i)) >= SIMILARITY;
        }
        s.signatures.add(sig);
        if (found) {
            s.similar++;
        }
        return s.similar;
    }
}
