package dev.quarry.detectors.detector;

import static dev.quarry.detectors.alert.DetectorFinding.round;

import dev.quarry.detectors.alert.DetectorFinding;
import dev.quarry.detectors.alert.EvidenceGroup;
import dev.quarry.detectors.config.LogitBiasSweepConfig;
import dev.quarry.fingerprint.Hashing;
import dev.quarry.fingerprint.PromptFeatures;
import dev.quarry.ingest.InferenceEvent;
import dev.quarry.ingest.InferenceRequest;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.roaringbitmap.RoaringBitmap;

/**
 * Sees a client sweeping {@code logit_bias} across the vocabulary to read the model's logits.
 *
 * <p>Follows Carlini et al. 2024, "Stealing Part of a Production Language Model" (ICML), and
 * Finlayson et al. 2024, "Logits of API-Protected LLMs Leak Proprietary Information": with
 * {@code logit_bias} and {@code logprobs} an attacker recovers a token's logit relative to the
 * top token by biasing it into the top-k, one block of tokens per request, and repeats a fixed
 * prompt with a different bias block until the whole vocabulary (tens of thousands of ids) is
 * covered; the embedding projection layer then follows from a few thousand such logit vectors.
 * The requests ask for one output token ({@code max_tokens <= 1}) with logprobs, since only the
 * first position's distribution matters.
 *
 * <p>A legitimate classifier also uses {@code logit_bias}, but pins the same two to twenty label
 * tokens on every call. So the score grows with the number of <em>distinct</em> biased token ids
 * (a RoaringBitmap per client), on a log scale from {@code watchTokens}
 * ({@value LogitBiasSweepConfig#DEFAULT_WATCH_TOKENS}, well above any label set) to
 * {@code fullSweepTokens} ({@value LogitBiasSweepConfig#DEFAULT_FULL_SWEEP_TOKENS}: Carlini et al.
 * need on the order of the hidden dimension, 1k-8k, of logit vectors), and is weighted by the
 * mechanics of the attack: the share of one-token logprob requests and how often one prompt is
 * repeated with a different bias set ({@code variedBiasRepeats},
 * {@value LogitBiasSweepConfig#DEFAULT_VARIED_BIAS_REPEATS}, for full weight).
 *
 * <p>Stateless and thread-safe.
 */
public final class LogitBiasSweepDetector extends AbstractDetector<LogitBiasSweepDetector.State> {
    public static final String NAME = "logit_bias_sweep";
    private final LogitBiasSweepConfig config;

    public LogitBiasSweepDetector(LogitBiasSweepConfig config) {
        super(NAME, EvidenceGroup.LOGIT_PROBING, State::new, State::read);
        if (config.watchTokens() < 1 || config.fullSweepTokens() <= config.watchTokens()) {
            throw new IllegalArgumentException("detection.logitBiasSweep: need 1 <= watchTokens < fullSweepTokens");
        }
        this.config = config;
    }

    @Override
    public Optional<DetectorFinding> observe(InferenceEvent event, PromptFeatures features, State s) {
        InferenceRequest r = event.request();
        s.requests++;
        boolean oneToken = r.maxTokens() != null && r.maxTokens() <= 1;
        if (oneToken && r.wantsLogprobs()) {
            s.oneTokenLogprobs++;
        }
        if (r.logitBias().isEmpty()) {
            return s.biasedRequests == 0 ? Optional.empty() : finding(s);
        }
        s.biasedRequests++;
        s.maxBiasSet = Math.max(s.maxBiasSet, r.logitBias().size());
        long biasHash = 17;
        for (Map.Entry<Integer, Double> b : r.logitBias().entrySet()) {
            s.biasedTokens.add(b.getKey());
            biasHash = Hashing.combine(biasHash, Hashing.combine(b.getKey(), Double.doubleToLongBits(b.getValue())));
        }
        long promptHash = features.textHash();
        Long previous = s.recentPrompts.remove(promptHash);
        if (previous != null && previous != biasHash) {
            s.variedBiasRepeats++;
        }
        s.recentPrompts.put(promptHash, biasHash);
        if (s.recentPrompts.size() > config.recentPrompts()) {
            s.recentPrompts.remove(s.recentPrompts.keySet().iterator().next());
        }
        return finding(s);
    }

    private Optional<DetectorFinding> finding(State s) {
        int distinct = s.biasedTokens.getCardinality();
        if (distinct < config.watchTokens()) {
            return Optional.of(zero());
        }
        double sweep = Ramps.logRamp(distinct, config.watchTokens(), config.fullSweepTokens());
        double oneTokenShare = (double) s.oneTokenLogprobs / s.requests;
        double repeats = Math.min(1.0, (double) s.variedBiasRepeats / config.variedBiasRepeats());
        double mechanics = 0.5 * oneTokenShare + 0.5 * repeats;
        double score = sweep * (0.6 + 0.4 * mechanics);
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("distinct_biased_tokens", distinct);
        evidence.put("requests", s.requests);
        evidence.put("biased_requests", s.biasedRequests);
        evidence.put("largest_bias_set", s.maxBiasSet);
        evidence.put("lowest_biased_token", s.biasedTokens.first());
        evidence.put("highest_biased_token", s.biasedTokens.last());
        evidence.put("share_one_token_logprob_requests", round(oneTokenShare));
        evidence.put("prompt_repeats_with_new_bias", s.variedBiasRepeats);
        evidence.put("watch_tokens", config.watchTokens());
        return Optional.of(finding(score, evidence));
    }

    @Override
    public String headline(DetectorFinding f) {
        return "logit-bias vocabulary sweep: " + f.evidence().get("distinct_biased_tokens")
                + " distinct biased token ids over " + f.evidence().get("requests") + " requests";
    }

    /** Per-client state: distinct biased ids, counters, and the recent prompts' bias sets. */
    public static final class State implements DetectorState {
        final RoaringBitmap biasedTokens = new RoaringBitmap();
        long requests;
        long biasedRequests;
        long oneTokenLogprobs;
        long variedBiasRepeats;
        int maxBiasSet;
        /** Prompt hash to the hash of its last bias set, oldest first. */
        final LinkedHashMap<Long, Long> recentPrompts = new LinkedHashMap<>();

        @Override
        public void writeTo(DataOutput out) throws IOException {
            out.writeLong(requests);
            out.writeLong(biasedRequests);
            out.writeLong(oneTokenLogprobs);
            out.writeLong(variedBiasRepeats);
            out.writeInt(maxBiasSet);
            out.writeInt(recentPrompts.size());
            for (Map.Entry<Long, Long> e : recentPrompts.entrySet()) {
                out.writeLong(e.getKey());
                out.writeLong(e.getValue());
            }
            biasedTokens.runOptimize();
            biasedTokens.serialize(out);
        }

        static State read(DataInput in) throws IOException {
            State s = new State();
            s.requests = in.readLong();
            s.biasedRequests = in.readLong();
            s.oneTokenLogprobs = in.readLong();
            s.variedBiasRepeats = in.readLong();
            s.maxBiasSet = in.readInt();
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                s.recentPrompts.put(in.readLong(), in.readLong());
            }
            s.biasedTokens.deserialize(in);
            return s;
        }
    }
}
