package dev.quarry.detectors.detector;

import static dev.quarry.detectors.alert.DetectorFinding.round;

import dev.quarry.detectors.alert.DetectorFinding;
import dev.quarry.detectors.alert.EvidenceGroup;
import dev.quarry.detectors.config.LogitBiasBisectionConfig;
import dev.quarry.fingerprint.PromptFeatures;
import dev.quarry.ingest.InferenceEvent;
import dev.quarry.ingest.InferenceRequest;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Sees a client binary-searching the {@code logit_bias} of one token at a time: the logprob-free
 * logit extraction attack.
 *
 * <p>Follows Carlini et al. 2024, "Stealing Part of a Production Language Model" (ICML, the
 * attack for APIs that expose {@code logit_bias} but not logprobs) and Finlayson et al. 2024,
 * "Logits of API-Protected LLMs Leak Proprietary Information": with a fixed prompt and
 * {@code max_tokens} 1, the attacker biases one target token and watches whether it becomes the
 * argmax; doubling the bias until it wins, then bisecting between the last losing and first
 * winning value, yields the token's logit gap to the top token to a few bits in 10-15 calls.
 * Repeated over many tokens it recovers logit vectors, and from them the output projection, just
 * like the logprob sweep that {@link LogitBiasSweepDetector} sees, but with only a handful of
 * biased ids per call, so the sweep detector's distinct-id count never grows.
 *
 * <p>What gives it away is many <em>distinct bias values on the same token</em>. A classifier pins
 * its 2-4 label tokens at one constant value (100) forever: one value per token. So per token (the
 * {@code recentTokens}, {@value LogitBiasBisectionConfig#DEFAULT_RECENT_TOKENS}, most recently
 * probed, in requests biasing at most {@code maxProbeTokens},
 * {@value LogitBiasBisectionConfig#DEFAULT_MAX_PROBE_TOKENS}, ids) the detector keeps the distinct
 * values tried; a token with {@code minValuesPerToken}
 * ({@value LogitBiasBisectionConfig#DEFAULT_MIN_VALUES_PER_TOKEN}) or more is "searched". The score
 * grows on a log scale from {@code watchTokens}
 * ({@value LogitBiasBisectionConfig#DEFAULT_WATCH_TOKENS}: a developer trying a few values on a
 * token or two stays below) to {@code fullSearchTokens}
 * ({@value LogitBiasBisectionConfig#DEFAULT_FULL_SEARCH_TOKENS}), weighted 0.6 + 0.4 x mechanics,
 * the mean of the share of one-token probes ({@code max_tokens <= 1}) and the share of value
 * changes that are search steps (a doubling or halving of the last value, or a new value inside the
 * bracket of values already tried).
 *
 * <p>Stateless and thread-safe.
 */
public final class LogitBiasBisectionDetector extends AbstractDetector<LogitBiasBisectionDetector.State> {
    public static final String NAME = "logit_bias_bisection";
    /** Distinct values kept per token: enough to pass any sane minValuesPerToken. */
    private static final int MAX_VALUES = LogitBiasBisectionConfig.MAX_VALUES_PER_TOKEN;
    private static final double EPS = 1e-6;
    private final LogitBiasBisectionConfig config;

    public LogitBiasBisectionDetector(LogitBiasBisectionConfig config) {
        super(NAME, EvidenceGroup.LOGIT_PROBING, State::new, State::read);
        if (config.watchTokens() < 1 || config.fullSearchTokens() <= config.watchTokens()
                || config.minValuesPerToken() < 2 || config.minValuesPerToken() > MAX_VALUES || config.recentTokens() < 1) {
            throw new IllegalArgumentException("detection.logitBiasBisection: need 1 <= watchTokens < fullSearchTokens, "
                    + "2 <= minValuesPerToken <= " + MAX_VALUES + " and recentTokens >= 1");
        }
        this.config = config;
    }

    @Override
    public Optional<DetectorFinding> observe(InferenceEvent event, PromptFeatures features, State s) {
        InferenceRequest r = event.request();
        if (r.logitBias().isEmpty() || r.logitBias().size() > config.maxProbeTokens()) {
            return s.searchedTokens == 0 ? Optional.empty() : finding(s);
        }
        s.probes++;
        if (r.maxTokens() != null && r.maxTokens() <= 1) {
            s.oneTokenProbes++;
        }
        for (Map.Entry<Integer, Double> b : r.logitBias().entrySet()) {
            TokenHistory h = s.tokens.remove(b.getKey());
            if (h == null) {
                h = new TokenHistory();
                if (s.tokens.size() >= config.recentTokens()) {
                    Iterator<Integer> oldest = s.tokens.keySet().iterator();
                    oldest.next();
                    oldest.remove();
                }
            }
            s.tokens.put(b.getKey(), h);
            double v = b.getValue();
            if (h.count > 0 && !same(v, h.last)) {
                s.valueChanges++;
                if (isSearchStep(v, h)) {
                    s.searchSteps++;
                }
            }
            if (h.add(v) && h.count == config.minValuesPerToken()) {
                s.searchedTokens++;
            }
        }
        return s.searchedTokens == 0 ? Optional.empty() : finding(s);
    }

    private static boolean isSearchStep(double v, TokenHistory h) {
        double last = h.last;
        if (same(v, 2 * last) || same(v, last / 2)) {
            return true;
        }
        // A bisection step lands strictly inside the bracket of values already tried.
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double x : h.values) {
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        return h.count >= 2 && min < v && v < max;
    }

    private static boolean same(double a, double b) {
        return Math.abs(a - b) <= EPS * Math.max(1.0, Math.abs(b));
    }

    private Optional<DetectorFinding> finding(State s) {
        if (s.searchedTokens < config.watchTokens()) {
            return Optional.of(zero());
        }
        double search = Ramps.logRamp(s.searchedTokens, config.watchTokens(), config.fullSearchTokens());
        // At watchTokens the count part is 0; start it at 0.2 so the first searched tokens are visible.
        search = 0.2 + 0.8 * search;
        double oneToken = s.probes == 0 ? 0 : (double) s.oneTokenProbes / s.probes;
        double steps = s.valueChanges == 0 ? 0 : (double) s.searchSteps / s.valueChanges;
        double score = search * (0.6 + 0.4 * (0.5 * oneToken + 0.5 * steps));
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("searched_tokens", s.searchedTokens);
        evidence.put("probe_requests", s.probes);
        evidence.put("share_one_token_probes", round(oneToken));
        evidence.put("share_search_steps", round(steps));
        evidence.put("min_values_per_token", config.minValuesPerToken());
        return Optional.of(finding(score, evidence));
    }

    @Override
    public String headline(DetectorFinding f) {
        return "logit-bias bisection: " + f.evidence().get("searched_tokens")
                + " tokens each probed with many bias values over " + f.evidence().get("probe_requests") + " requests";
    }

    /** The distinct bias values tried on one token (at most 16) and the last two sent. */
    static final class TokenHistory {
        double[] values = new double[0];
        int count;
        double last;
        double previous;

        /** Records a value sent; true when it was new to this token. */
        boolean add(double v) {
            previous = last;
            last = v;
            for (double x : values) {
                if (same(x, v)) {
                    return false;
                }
            }
            count++;
            if (values.length < MAX_VALUES) {
                values = Arrays.copyOf(values, values.length + 1);
                values[values.length - 1] = v;
            }
            return true;
        }
    }

    /** Per-client state: recent tokens' bias histories (oldest first) and counters. */
    public static final class State implements DetectorState {
        final LinkedHashMap<Integer, TokenHistory> tokens = new LinkedHashMap<>();
        long probes;
        long oneTokenProbes;
        long valueChanges;
        long searchSteps;
        long searchedTokens;

        /** Tokens probed with at least minValuesPerToken distinct bias values. */
        public long searchedTokens() {
            return searchedTokens;
        }

        @Override
        public void writeTo(DataOutput out) throws IOException {
            out.writeLong(probes);
            out.writeLong(oneTokenProbes);
            out.writeLong(valueChanges);
            out.writeLong(searchSteps);
            out.writeLong(searchedTokens);
            out.writeInt(tokens.size());
            for (Map.Entry<Integer, TokenHistory> e : tokens.entrySet()) {
                TokenHistory h = e.getValue();
                out.writeInt(e.getKey());
                out.writeInt(h.count);
                out.writeDouble(h.last);
                out.writeDouble(h.previous);
                out.writeByte(h.values.length);
                for (double v : h.values) {
                    out.writeDouble(v);
                }
            }
        }

        static State read(DataInput in) throws IOException {
            State s = new State();
            s.probes = in.readLong();
            s.oneTokenProbes = in.readLong();
            s.valueChanges = in.readLong();
            s.searchSteps = in.readLong();
            s.searchedTokens = in.readLong();
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                int token = in.readInt();
                TokenHistory h = new TokenHistory();
                h.count = in.readInt();
                h.last = in.readDouble();
                h.previous = in.readDouble();
                h.values = new double[in.readByte()];
                for (int k = 0; k < h.values.length; k++) {
                    h.values[k] = in.readDouble();
                }
                s.tokens.put(token, h);
            }
            return s;
        }
    }
}
