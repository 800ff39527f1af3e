package dev.quarry.detectors.detector;

import dev.quarry.detectors.alert.DetectorFinding;
import dev.quarry.detectors.alert.EvidenceGroup;
import dev.quarry.detectors.config.AutomationCadenceConfig;
import dev.quarry.fingerprint.Hashing;
import dev.quarry.fingerprint.PromptFeatures;
import dev.quarry.ingest.InferenceEvent;
import dev.quarry.ingest.InferenceRequest;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Sees a client whose requests are sent by a machine rather than a person: regular inter-arrival
 * gaps, activity round the clock, parallel requests, and the same sampling parameters on every
 * call. A supporting signal only: it never says "distilling" on its own.
 *
 * <p>Follows the traffic-shape signals of Anthropic 2026 (distillation campaigns ran "at a steady
 * machine cadence around the clock" through many accounts) and of API bot-detection practice, and
 * the query-rate features of Kesarwani et al. 2018, "Model Extraction Warning in MLaaS Paradigm"
 * (an extraction monitor watching per-user query streams). Four parts, each 0-1:
 * <ul>
 *   <li>regularity (weight 0.35): the robust coefficient of variation of the last {@code gapWindow}
 *       ({@value AutomationCadenceConfig#DEFAULT_GAP_WINDOW}) gaps of a second or more, (Q3 - Q1) /
 *       (1.349 x median), which is about sd/mean for a normal law and unmoved by a few long pauses;
 *       full at {@code regularCv} ({@value AutomationCadenceConfig#DEFAULT_REGULAR_CV}; a scheduler
 *       with +-30% jitter has about 0.2), nothing at {@code irregularCv}
 *       ({@value AutomationCadenceConfig#DEFAULT_IRREGULAR_CV}; Poisson arrivals have 1.2, human
 *       sessions far more);
 *   <li>round the clock (0.3): hours of the day (UTC) in which the client sent at least a quarter
 *       of its uniform share, judged once it spans {@code minSpan} (a day by default); nothing up to
 *       {@code humanActiveHours} ({@value AutomationCadenceConfig#DEFAULT_HUMAN_ACTIVE_HOURS}), full
 *       at {@code fullActiveHours} ({@value AutomationCadenceConfig#DEFAULT_FULL_ACTIVE_HOURS});
 *   <li>parallelism (0.2): the share of requests in the same second as the previous one, full
 *       at {@code parallelShare} ({@value AutomationCadenceConfig#DEFAULT_PARALLEL_SHARE}): people do
 *       not send two prompts in one second;
 *   <li>constant parameters (0.15): the share of the most common (temperature, top_p,
 *       max_tokens, n) tuple, counted from 0.8 and full at {@code constantParamsShare}
 *       ({@value AutomationCadenceConfig#DEFAULT_CONSTANT_PARAMS_SHARE});
 *       weak on purpose, since a chat front end also fixes them.
 * </ul>
 * A batch job is automated too, so the score is {@code maxScore}
 * ({@value AutomationCadenceConfig#DEFAULT_MAX_SCORE}, below medium) times the automation level:
 * alone it never reaches medium, and only a client showing all four signals reaches the watch list;
 * fusion's noisy-OR lets it raise another detector's evidence (0.45 from another detector plus 0.24
 * from this one is medium). Below {@code reportAutomation}
 * ({@value AutomationCadenceConfig#DEFAULT_REPORT_AUTOMATION}) nothing is reported. Event time
 * only.
 *
 * <p>Stateless and thread-safe.
 */
public final class AutomationCadenceDetector extends AbstractDetector<AutomationCadenceDetector.State> {
    public static final String NAME = "automation_cadence";
    private static final long HOUR = 3_600_000L;
    private static final int PARAM_SLOTS = 4;
    private final AutomationCadenceConfig config;

    public AutomationCadenceDetector(AutomationCadenceConfig config) {
        super(NAME, EvidenceGroup.AUTOMATION, () -> new State(config.gapWindow()), State::read);
        if (config.gapWindow() < 4 || config.minGaps() < 4 || config.minGaps() > config.gapWindow()
                || config.irregularCv() <= config.regularCv() || config.fullActiveHours() <= config.humanActiveHours()
                || config.maxScore() < 0 || config.maxScore() > 1) {
            throw new IllegalArgumentException("detection.automationCadence: need 4 <= minGaps <= gapWindow, "
                    + "regularCv < irregularCv, humanActiveHours < fullActiveHours and 0 <= maxScore <= 1");
        }
        this.config = config;
    }

    @Override
    public Optional<DetectorFinding> observe(InferenceEvent event, PromptFeatures features, State s) {
        long ts = event.tsMillis();
        if (s.events == 0) {
            s.firstTs = ts;
        } else {
            long gap = ts - s.lastTs;
            if (Math.floorDiv(ts, 1000) == Math.floorDiv(s.lastTs, 1000)) {
                s.sameSecond++;
            } else if (gap >= 1000) {
                s.gaps[s.next] = gap;
                s.next = (s.next + 1) % s.gaps.length;
                s.filled = Math.min(s.gaps.length, s.filled + 1);
            }
        }
        s.firstTs = Math.min(s.firstTs, ts);
        s.lastTs = Math.max(s.lastTs, ts);
        s.events++;
        s.hourCounts[(int) Math.floorMod(ts / HOUR, 24L)]++;
        countParams(event.request(), s);
        Integer prompt = event.response().promptTokens();
        if (prompt != null) {
            s.promptTokens += prompt;
            s.prompts++;
        }
        Integer completion = event.response().completionTokens();
        if (completion != null) {
            s.completionTokens += completion;
            s.completions++;
        }
        return finding(s, event.request());
    }

    private static void countParams(InferenceRequest r, State s) {
        long h = Hashing.combine(Hashing.combine(bits(r.temperature()), bits(r.topP())),
                Hashing.combine(r.maxTokens() == null ? -1 : r.maxTokens(), r.n() == null ? -1 : r.n()));
        int free = -1;
        int least = 0;
        for (int i = 0; i < PARAM_SLOTS; i++) {
            if (s.paramCounts[i] > 0 && s.paramHashes[i] == h) {
                s.paramCounts[i]++;
                return;
            }
            if (s.paramCounts[i] == 0 && free < 0) {
                free = i;
            }
            if (s.paramCounts[i] < s.paramCounts[least]) {
                least = i;
            }
        }
        // Misra-Gries style: a full table loses the least counted tuple, so the mode survives.
        int slot = free >= 0 ? free : least;
        s.paramHashes[slot] = h;
        s.paramCounts[slot] = 1;
    }

    private Optional<DetectorFinding> finding(State s, InferenceRequest latest) {
        double cv = Double.NaN;
        long medianGap = 0;
        double regularity = 0;
        if (s.filled >= config.minGaps()) {
            long[] g = Arrays.copyOf(s.gaps, s.filled);
            Arrays.sort(g);
            medianGap = g[g.length / 2];
            double median = medianGap;
            cv = (g[(3 * g.length) / 4] - g[g.length / 4]) / (1.349 * median);
            regularity = Ramps.clamp01((config.irregularCv() - cv) / (config.irregularCv() - config.regularCv()));
        }
        int activeHours = -1;
        double clock = 0;
        if (s.lastTs - s.firstTs >= config.minSpan().toMillis()) {
            activeHours = 0;
            double quarterShare = s.events / 96.0;
            for (long c : s.hourCounts) {
                if (c >= Math.max(1, quarterShare)) {
                    activeHours++;
                }
            }
            clock = Ramps.clamp01((double) (activeHours - config.humanActiveHours())
                    / (config.fullActiveHours() - config.humanActiveHours()));
        }
        double parallelShare = s.events <= 1 ? 0 : (double) s.sameSecond / (s.events - 1);
        double parallel = Ramps.clamp01(parallelShare / config.parallelShare());
        long modal = 0;
        for (long c : s.paramCounts) {
            modal = Math.max(modal, c);
        }
        double paramShare = (double) modal / s.events;
        double params = s.events < config.minGaps() ? 0
                : Ramps.clamp01((paramShare - 0.8) / (config.constantParamsShare() - 0.8));
        double automation = 0.35 * regularity + 0.3 * clock + 0.2 * parallel + 0.15 * params;
        if (automation < config.reportAutomation()) {
            return Optional.of(zero());
        }
        double score = config.maxScore() * automation;
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("automation", round(automation));
        if (!Double.isNaN(cv)) {
            evidence.put("gap_cv", round(cv));
            evidence.put("median_gap_ms", medianGap);
        }
        if (activeHours >= 0) {
            evidence.put("active_hours_of_24", activeHours);
        }
        evidence.put("share_same_second", round(parallelShare));
        evidence.put("share_modal_sampling_params", round(paramShare));
        evidence.put("requests", s.events);
        // Usage for the analyst's client page: not part of the score.
        if (s.prompts > 0) {
            evidence.put("mean_prompt_tokens", Math.round((double) s.promptTokens / s.prompts));
        }
        if (s.completions > 0) {
            evidence.put("mean_completion_tokens", Math.round((double) s.completionTokens / s.completions));
        }
        evidence.put("latest_sampling", sampling(latest));
        evidence.put("max_score", config.maxScore());
        return Optional.of(finding(score, evidence));
    }

    /** The sampling parameters of one request, those it set. */
    private static Map<String, Object> sampling(InferenceRequest r) {
        Map<String, Object> m = new LinkedHashMap<>();
        putIfSet(m, "temperature", r.temperature());
        putIfSet(m, "top_p", r.topP());
        putIfSet(m, "max_tokens", r.maxTokens());
        putIfSet(m, "n", r.n());
        putIfSet(m, "logprobs", r.wantsLogprobs() ? Boolean.TRUE : null);
        return m;
    }

    private static void putIfSet(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }

    @Override
    public String headline(DetectorFinding f) {
        Object hours = f.evidence().get("active_hours_of_24");
        return "automation cadence (supporting signal): gap CV " + f.evidence().getOrDefault("gap_cv", "n/a")
                + ", active " + (hours == null ? "n/a" : hours + "/24") + " hours, "
                + f.evidence().get("share_same_second") + " of requests in the same second";
    }

    private static long bits(Double d) {
        return d == null ? 0x7FF8_0000_0000_0001L : Double.doubleToLongBits(d);
    }

    private static Double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }

    /**
     * Per-client state: a ring of recent gaps, hour-of-day counts, counters, a 4-slot tuple table
     * and token sums. Format 2 starts with a negative marker; format 1 (no token sums) is read with
     * the sums at 0.
     */
    public static final class State implements DetectorState {
        private static final int FORMAT_2 = -2;
        final long[] gaps;
        int next;
        int filled;
        long events;
        long firstTs;
        long lastTs;
        long sameSecond;
        final long[] hourCounts = new long[24];
        final long[] paramHashes = new long[PARAM_SLOTS];
        final long[] paramCounts = new long[PARAM_SLOTS];
        long promptTokens;
        long prompts;
        long completionTokens;
        long completions;

        State(int window) {
            this.gaps = new long[window];
        }

        /** Requests seen. */
        public long events() {
            return events;
        }

        @Override
        public void writeTo(DataOutput out) throws IOException {
            out.writeInt(FORMAT_2);
            out.writeInt(gaps.length);
            out.writeInt(next);
            out.writeInt(filled);
            for (int i = 0; i < filled; i++) {
                out.writeLong(gaps[i]);
            }
            out.writeLong(events);
            out.writeLong(firstTs);
            out.writeLong(lastTs);
            out.writeLong(sameSecond);
            for (long c : hourCounts) {
                out.writeLong(c);
            }
            for (int i = 0; i < PARAM_SLOTS; i++) {
                out.writeLong(paramHashes[i]);
                out.writeLong(paramCounts[i]);
            }
            out.writeLong(promptTokens);
            out.writeLong(prompts);
            out.writeLong(completionTokens);
            out.writeLong(completions);
        }

        static State read(DataInput in) throws IOException {
            // Format 1 starts with the (positive) gap window; format 2 with a negative marker.
            int first = in.readInt();
            boolean legacy = first >= 0;
            if (!legacy && first != FORMAT_2) {
                throw new IOException("unknown automation_cadence state format " + -first);
            }
            State s = new State(legacy ? first : in.readInt());
            s.next = in.readInt();
            s.filled = in.readInt();
            for (int i = 0; i < s.filled; i++) {
                s.gaps[i] = in.readLong();
            }
            s.events = in.readLong();
            s.firstTs = in.readLong();
            s.lastTs = in.readLong();
            s.sameSecond = in.readLong();
            for (int i = 0; i < 24; i++) {
                s.hourCounts[i] = in.readLong();
            }
            for (int i = 0; i < PARAM_SLOTS; i++) {
                s.paramHashes[i] = in.readLong();
                s.paramCounts[i] = in.readLong();
            }
            if (!legacy) {
                s.promptTokens = in.readLong();
                s.prompts = in.readLong();
                s.completionTokens = in.readLong();
                s.completions = in.readLong();
            }
            return s;
        }
    }
}
