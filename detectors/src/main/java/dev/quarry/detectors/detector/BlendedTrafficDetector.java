package dev.quarry.detectors.detector;

import dev.quarry.detectors.alert.DetectorFinding;
import dev.quarry.detectors.alert.EvidenceGroup;
import dev.quarry.detectors.config.BlendedTrafficConfig;
import dev.quarry.fingerprint.PromptFeatures;
import dev.quarry.ingest.InferenceEvent;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Sees a key whose traffic is mostly ordinary but carries a steady stream of distillation-like
 * requests: the reseller / proxy pattern of Anthropic's 2026 distillation report, where
 * distillation traffic is blended into resold customer traffic so that no share-based or
 * template-based signal of the whole key stands out.
 *
 * <p>Each request is scored by {@link RequestDistillationScorer}; those at or above
 * {@code requestThreshold} ({@value BlendedTrafficConfig#DEFAULT_REQUEST_THRESHOLD}; on generated
 * traffic with public prompt text no benign request of chat users, students, developers, RAG, batch
 * or evaluation clients reached 0.4, while most harvest calls score 0.6-0.99) are counted. The
 * count k among n requests is tested against the benign base rate p0 = {@code baseRate}
 * ({@value BlendedTrafficConfig#DEFAULT_BASE_RATE}: an ordinary key sends the odd "write me a
 * detailed essay" request): the key is significant when the binomial tail P(X >= k | n, p0) is
 * under {@code alpha} ({@value BlendedTrafficConfig#DEFAULT_ALPHA}, so that across a million benign
 * keys about one false alarm is expected if p0 is right). It is the count, not the share, that is
 * tested: 200 harvest calls hidden among 5,000 chats are a 4% share but a tail probability near
 * 1e-40. Two guards: at least {@code minFlagged}
 * ({@value BlendedTrafficConfig#DEFAULT_MIN_FLAGGED}) counted requests (a student's five "solve
 * step by step" questions out of ten are not a campaign), and k at least {@code minExcessRatio}
 * ({@value BlendedTrafficConfig#DEFAULT_MIN_EXCESS_RATIO}) times n * p0, so a busy benign key
 * slightly above p0 is not made "significant" by volume alone. Both counts are halved whenever n
 * passes {@code windowRequests} ({@value BlendedTrafficConfig#DEFAULT_WINDOW_REQUESTS}), keeping
 * the test about recent traffic.
 *
 * <p>The score is 0.5 at alpha and rises linearly in -log10 P to 1 at {@code fullEvidenceDecades}
 * ({@value BlendedTrafficConfig#DEFAULT_FULL_EVIDENCE_DECADES}) further orders of magnitude.
 * Steadiness: a blended harvest runs around the clock, so unless the counted requests fall in at
 * least {@code minActiveHours} ({@value BlendedTrafficConfig#DEFAULT_MIN_ACTIVE_HOURS}) distinct
 * event-time hours the score is capped at {@code burstCap}
 * ({@value BlendedTrafficConfig#DEFAULT_BURST_CAP}); a one-off burst of essay requests is not a
 * campaign.
 *
 * <p>State per client: 33 bytes (a version byte, two counts, the latest counted hour, a 64-hour
 * mask). Stateless and thread-safe.
 */
public final class BlendedTrafficDetector extends AbstractDetector<BlendedTrafficDetector.State> {
    public static final String NAME = "blended_traffic";
    private static final long HOUR_MILLIS = 3_600_000L;
    private static final double LN10 = Math.log(10);
    private final BlendedTrafficConfig config;
    private final RequestDistillationScorer scorer;

    public BlendedTrafficDetector(BlendedTrafficConfig config) {
        this(config, new RequestDistillationScorer());
    }

    public BlendedTrafficDetector(BlendedTrafficConfig config, RequestDistillationScorer scorer) {
        super(NAME, EvidenceGroup.REQUEST_STYLE, State::new, State::read);
        if (config.baseRate() <= 0 || config.baseRate() >= 1 || config.alpha() <= 0 || config.alpha() >= 1
                || config.minFlagged() < 1 || config.windowRequests() < 2 * config.minFlagged()
                || config.fullEvidenceDecades() <= 0) {
            throw new IllegalArgumentException("detection.blendedTraffic: need 0 < baseRate, alpha < 1, minFlagged >= 1, "
                    + "windowRequests >= 2 * minFlagged and fullEvidenceDecades > 0");
        }
        this.config = config;
        this.scorer = scorer;
    }

    @Override
    public Optional<DetectorFinding> observe(InferenceEvent event, PromptFeatures features, State s) {
        double requestScore = scorer.score(event, features);
        s.requests++;
        if (requestScore >= config.requestThreshold()) {
            s.flagged++;
            s.markHour(Math.floorDiv(event.tsMillis(), HOUR_MILLIS));
        }
        if (s.requests > config.windowRequests()) {
            s.requests /= 2;
            s.flagged /= 2;
        }
        if (s.flagged < config.minFlagged()) {
            return Optional.of(zero());
        }
        double expected = s.requests * config.baseRate();
        double log10Tail = log10BinomialTail(s.flagged, s.requests, config.baseRate());
        double decades = -log10Tail + Math.log10(config.alpha());
        if (decades < 0 || s.flagged < config.minExcessRatio() * expected) {
            return Optional.of(zero());
        }
        double score = 0.5 + 0.5 * Math.min(1.0, decades / config.fullEvidenceDecades());
        int activeHours = Long.bitCount(s.hourMask);
        if (activeHours < config.minActiveHours()) {
            score = Math.min(score, config.burstCap());
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("distillation_like_requests", s.flagged);
        evidence.put("requests", s.requests);
        evidence.put("expected_at_base_rate", Math.round(expected * 10) / 10.0);
        evidence.put("neg_log10_tail_probability", Math.round(-log10Tail * 10) / 10.0);
        evidence.put("active_hours", activeHours);
        evidence.put("latest_request_score", Math.round(requestScore * 1000) / 1000.0);
        return Optional.of(finding(score, evidence));
    }

    @Override
    public String headline(DetectorFinding f) {
        return "blended traffic: " + f.evidence().get("distillation_like_requests") + " distillation-like requests in "
                + f.evidence().get("requests") + " (" + f.evidence().get("expected_at_base_rate")
                + " expected), over " + f.evidence().get("active_hours") + " hours";
    }

    /**
     * log10 of P(X >= k) for X ~ Binomial(n, p), summed in log space from the k term upwards so
     * that tails far below the smallest double stay representable.
     */
    static double log10BinomialTail(long k, long n, double p) {
        if (k <= 0) {
            return 0;
        }
        if (k > n) {
            return Double.NEGATIVE_INFINITY;
        }
        double logOdds = Math.log(p) - Math.log1p(-p);
        double logTerm = logFactorial(n) - logFactorial(k) - logFactorial(n - k) + k * Math.log(p)
                + (n - k) * Math.log1p(-p);
        double first = logTerm;
        double sum = 1.0; // terms relative to the first
        for (long i = k; i < n; i++) {
            logTerm += Math.log((double) (n - i) / (i + 1)) + logOdds;
            double rel = Math.exp(logTerm - first);
            sum += rel;
            if (rel < 1e-17 * sum) {
                break;
            }
        }
        return Math.min(0.0, (first + Math.log(sum)) / LN10);
    }

    /** ln(n!), exact below 64, Stirling's series (error under 1e-10) above. */
    static double logFactorial(long n) {
        if (n < 64) {
            double s = 0;
            for (int i = 2; i <= n; i++) {
                s += Math.log(i);
            }
            return s;
        }
        double x = n;
        return x * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI * x) + 1 / (12 * x) - 1 / (360 * x * x * x);
    }

    /**
     * Per-client state: request and distillation-like counts, and the event-time hours (the last
     * 64 before the latest) that had distillation-like requests.
     */
    public static final class State implements DetectorState {
        long requests;
        long flagged;
        long lastHour = Long.MIN_VALUE;
        /** Bit i set: hour {@code lastHour - i} had a distillation-like request. */
        long hourMask;

        void markHour(long hour) {
            if (lastHour == Long.MIN_VALUE || hour > lastHour) {
                long shift = lastHour == Long.MIN_VALUE ? 64 : hour - lastHour;
                hourMask = shift >= 64 ? 0 : hourMask << shift;
                lastHour = hour;
            }
            long back = lastHour - hour;
            if (back < 64) {
                hourMask |= 1L << back;
            }
        }

        /** Requests in the current test window. */
        public long requests() {
            return requests;
        }

        @Override
        public void writeTo(DataOutput out) throws IOException {
            out.writeByte(1);
            out.writeLong(requests);
            out.writeLong(flagged);
            out.writeLong(lastHour);
            out.writeLong(hourMask);
        }

        static State read(DataInput in) throws IOException {
            byte version = in.readByte();
            if (version != 1) {
                throw new IOException("unknown blended_traffic state version " + version);
            }
            State s = new State();
            s.requests = in.readLong();
            s.flagged = in.readLong();
            s.lastHour = in.readLong();
            s.hourMask = in.readLong();
            return s;
        }
    }
}
