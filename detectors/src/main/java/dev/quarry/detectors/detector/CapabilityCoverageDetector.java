package dev.quarry.detectors.detector;

import static dev.quarry.detectors.alert.DetectorFinding.round;
import static dev.quarry.detectors.detector.CapabilityCoverageState.PROMPT_BITS;

import dev.quarry.detectors.alert.DetectorFinding;
import dev.quarry.detectors.alert.EvidenceGroup;
import dev.quarry.detectors.config.CapabilityCoverageConfig;
import dev.quarry.fingerprint.Hashing;
import dev.quarry.fingerprint.PromptFeatures;
import dev.quarry.fingerprint.encoder.TextEncoder;
import dev.quarry.fingerprint.reference.ReferenceLookup;
import dev.quarry.ingest.InferenceEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sees a client sweeping the topic space of one capability at machine pace: many distinct,
 * instruction-style tasks, fast and around the clock, whose prompts as a whole differ from what
 * ordinary users ask. The shape of the capability-targeted campaigns (coding, agentic tool use)
 * of Anthropic's 2026 distillation report.
 *
 * <p>Two published ideas. Coverage, after Kesarwani et al. 2018 ("Model Extraction Warning in MLaaS
 * Paradigm", the Extraction Monitor): a per-user measure of how much of the input space the user's
 * queries cover. Here the space is cut into 2^{@code lshPlanes} buckets by signed random
 * hyperplanes over the prompt embedding (Charikar 2002 SimHash;
 * {@value CapabilityCoverageConfig#DEFAULT_LSH_PLANES} planes, 1,024 buckets, so that unrelated
 * prompts usually fall in different buckets while a per-client set of bucket ids stays within a 2
 * KiB RoaringBitmap). Breadth of a window is the mean of its share of prompts in distinct buckets
 * (topic spread) and its share of distinct prompts (task spread: a narrow-domain sweep with shared
 * phrasing collapses into few buckets but never repeats a task, while an agent session repeats its
 * one task step after step), full at {@code fullBucketShare}
 * ({@value CapabilityCoverageConfig#DEFAULT_FULL_BUCKET_SHARE}). Distribution shift, after the MMD
 * window test for extraction detection (Liu et al. 2026): the unbiased MMD^2 (Gretton et al. 2012)
 * between a client's window of {@code windowPrompts}
 * ({@value CapabilityCoverageConfig#DEFAULT_WINDOW_PROMPTS}) prompt embeddings and a fixed benign
 * reference sample (100 ordinary chat requests written for Quarry,
 * {@code benign-reference-prompts.txt}; no cross-client reservoir, so one client's state never
 * depends on another's). The kernel is the cosine (the linear kernel on L2-normalised embeddings),
 * which lets the window live as a running sum vector: MMD^2_u = (|S|^2 - m) / (m(m-1)) - 2 S.ybar /
 * m + YY. Its null scale is permutation-free: under H0 the difference of means is about N(0, Sigma
 * (1/m + 1/n)), so sd(MMD^2_u) ~ sqrt(2 tr(Sigma^2)) (1/m + 1/n), with Sigma estimated once from
 * the reference; the window is shifted at more than {@code mmdZ}
 * ({@value CapabilityCoverageConfig#DEFAULT_MMD_Z}) null sds, fully at {@code fullMmdZ}
 * ({@value CapabilityCoverageConfig#DEFAULT_FULL_MMD_Z}).
 *
 * <p>Limits: a linear kernel compares window means only (not characteristic); the reference is a
 * small hand-written sample, and every real user differs from it somewhat (measured on generated
 * traffic: chat users 5-15 null sds, developers 30-40, a RAG app over 100), so the shift never
 * fires alone: it scales the score between 0.5 and 1. The score is the product of volume (0.5 at
 * {@code minQueries}, {@value CapabilityCoverageConfig#DEFAULT_MIN_QUERIES} counted prompts, 1 at
 * {@code fullVolumeQueries}, {@value CapabilityCoverageConfig#DEFAULT_FULL_VOLUME_QUERIES}); pace
 * within the window (0 at {@code humanPromptsPerHour},
 * {@value CapabilityCoverageConfig#DEFAULT_HUMAN_PROMPTS_PER_HOUR}, 1 at {@code fullPromptsPerHour},
 * {@value CapabilityCoverageConfig#DEFAULT_FULL_PROMPTS_PER_HOUR}: a chat user or student needs
 * hours or days for a window of prompts); harvest style (mean over the window of the
 * {@link RequestDistillationScorer} score against {@code fullInstructionScore},
 * {@value CapabilityCoverageConfig#DEFAULT_FULL_INSTRUCTION_SCORE}; the answers' length is never
 * used, since content products write long answers too); breadth; and the shift. An agentic harvest
 * carries tool turns and no instruction wording, so it gets its harvest style another way: the share
 * of a window's requests that are steps of conversations this client never opened
 * ({@link OpenedConversations}: earlier assistant or tool turns under a first user message it never
 * sent as a new turn), someone else's trajectories sent for the teacher's next step as in DAgger's expert
 * relabelling (Ross et al. 2011). That share, from {@code orphanShare}
 * ({@value CapabilityCoverageConfig#DEFAULT_ORPHAN_SHARE}) to {@code fullOrphanShare}
 * ({@value CapabilityCoverageConfig#DEFAULT_FULL_ORPHAN_SHARE}), stands in for both the harvest style
 * and the task spread when it is larger. Known limit: a relabelling campaign that first sends each
 * task as a new turn of its own looks like an agent that opened it. Requests with {@code max_tokens} at most
 * {@code minMaxTokens} ({@value CapabilityCoverageConfig#DEFAULT_MIN_MAX_TOKENS}; an evaluation
 * run's single-letter answers) harvest nothing and are skipped; so are prompts that name a
 * machine-readable answer slot ({@link HarnessFormat#answerSlot}: an evaluation harness's
 * zero-shot template, which scores the answer rather than collecting the solution), judging requests
 * ({@code reward_harvesting}'s) and prompts that repeat a benchmark or instruction item
 * ({@code benchmark_harvesting}'s provenance: a benchmark is broad by design, and its breadth would
 * count the same walk twice). Deterministic: hyperplanes come from a fixed seed; windows are
 * counted in prompts and timed in event time.
 *
 * <p>Blended harvest ({@link SystemPromptComponents}). A reseller or proxy key carries its
 * customers' ordinary chat and, under its own system prompt, a distillation job of its own ("mix
 * distillation traffic with unrelated customer requests", Anthropic 2026), whose style the chat
 * dilutes in the window's mean. So each window also groups its requests by system prompt: a
 * harvest-style component among ordinary requests is judged at its own pace on the slow path and,
 * when it also sweeps tasks, lends either window its style.
 *
 * <p>Slow sweep ({@link SlowSweepWindow}). An account that keeps each hour small and over the day
 * sweeps domain after domain (the "slow and low" evasion of rate-based detection that Anthropic's
 * 2026 report notes) never shows the pace above. A second window of {@code slowWindowPrompts}
 * ({@value CapabilityCoverageConfig#DEFAULT_SLOW_WINDOW_PROMPTS}) counted prompts is scored without
 * pace or volume (harvest style, breadth, task novelty against the client's own history or the
 * window's repertoire, discounted by follow-ups) and trusted as it persists over active hours,
 * from {@code slowMinActiveHours} ({@value CapabilityCoverageConfig#DEFAULT_SLOW_MIN_ACTIVE_HOURS})
 * to {@code slowFullActiveHours} ({@value CapabilityCoverageConfig#DEFAULT_SLOW_FULL_ACTIVE_HOURS}).
 * The client's score is the larger of the two paths.
 *
 * <p>State per client ({@link CapabilityCoverageState}): under 4 KiB, most of it the open window's
 * embedding sum and the bucket bitmap. Stateless and thread-safe.
 */
public final class CapabilityCoverageDetector extends AbstractDetector<CapabilityCoverageState> {
    public static final String NAME = "capability_coverage";
    static final String REFERENCE_RESOURCE = "benign-reference-prompts.txt";
    private final CapabilityCoverageConfig config;
    private final RequestDistillationScorer scorer;
    private final Map<String, BenignReference> references = new ConcurrentHashMap<>();
    private final HyperplaneBuckets lsh;
    private final ReferenceLookup reference;
    private final CoverageWindow mainWindow;
    private final SlowSweepWindow slowWindow;

    public CapabilityCoverageDetector(CapabilityCoverageConfig config) {
        this(config, new RequestDistillationScorer(), ReferenceLookup.none());
    }

    /**
     * @param reference public sets: a prompt repeating a benchmark or instruction item is left to
     *     {@code benchmark_harvesting} (provenance), so one walk is not counted twice
     */
    public CapabilityCoverageDetector(CapabilityCoverageConfig config, RequestDistillationScorer scorer,
            ReferenceLookup reference) {
        super(NAME, EvidenceGroup.CAPABILITY_SWEEP, () -> new CapabilityCoverageState(1 << config.lshPlanes()),
                CapabilityCoverageState::read);
        if (config.lshPlanes() < 1 || config.lshPlanes() > 12 || config.windowPrompts() < 4 || config.minQueries() < 1
                || config.fullVolumeQueries() < config.minQueries()
                || config.fullPromptsPerHour() <= config.humanPromptsPerHour() || config.fullMmdZ() <= config.mmdZ()
                || config.taskWords() < 1 || !(config.productTaskShare() < config.fullTaskShare())
                || !(config.orphanShare() < config.fullOrphanShare()) || config.slowWindowPrompts() < 4
                || !(config.slowStyleFloor() < config.fullInstructionScore())
                || !(config.slowStyleFloor() < config.slowFullStyle())
                || !(config.slowRepertoireShare() < config.slowFullRepertoireShare())
                || !(config.slowMinActiveHours() < config.slowFullActiveHours()) || config.slowFullActiveHours() > 64) {
            throw new IllegalArgumentException("detection.capabilityCoverage: need 1 <= lshPlanes <= 12, "
                    + "windowPrompts >= 4, taskWords >= 1, 1 <= minQueries <= fullVolumeQueries, "
                    + "humanPromptsPerHour < fullPromptsPerHour, mmdZ < fullMmdZ, productTaskShare < fullTaskShare "
                    + "orphanShare < fullOrphanShare, slowWindowPrompts >= 4, slowStyleFloor < fullInstructionScore, "
                    + "slowStyleFloor < slowFullStyle, slowRepertoireShare < slowFullRepertoireShare "
                    + "and slowMinActiveHours < slowFullActiveHours <= 64");
        }
        this.config = config;
        this.lsh = new HyperplaneBuckets(config.lshPlanes(), config.lshSeed());
        this.scorer = scorer;
        this.reference = reference;
        this.mainWindow = new CoverageWindow(config);
        this.slowWindow = new SlowSweepWindow(config);
    }

    @Override
    public Optional<DetectorFinding> observe(InferenceEvent event, PromptFeatures features, CapabilityCoverageState s) {
        boolean orphan = s.conversations.orphanStep(event.request().messages(), event.tsMillis(),
                config.conversationWarmupMinutes() * 60_000L);
        Integer maxTokens = event.request().maxTokens();
        if (features.words() < config.minWords() || (maxTokens != null && maxTokens <= config.minMaxTokens())
                || JudgeRequest.of(event, features) != null
                || HarnessFormat.answerSlot(event.request(), features)
                || ReferencePrompts.harvested(reference, event, features).isPresent()) {
            return finding(s);
        }
        float[] v = features.embedding();
        s.queries++;
        int bucket = lsh.bucket(v);
        s.buckets.add(bucket);
        int task = (int) (openerHash(features.skeleton(), config.taskWords()) & (PROMPT_BITS - 1));
        double requestScore = scorer.score(event, features);
        double requestStyle = Math.min(1.0, requestScore / config.fullInstructionScore());
        long shape = SystemPromptComponents.systemPromptHash(event.request().messages());
        mainWindow.add(s, event.tsMillis(), v, bucket, features.textHash(), task, requestStyle, shape, orphan);
        slowWindow.observe(s, event.tsMillis(), bucket, features, requestScore, orphan,
                !orphan && SlowSweepWindow.continues(event.request().messages()), shape, task, requestStyle);
        s.windowCount++;
        if (s.windowCount == config.windowPrompts()) {
            mainWindow.close(s, event.tsMillis(), reference(features.encoder()));
            s.windowCount = 0;
        }
        return finding(s);
    }

    private Optional<DetectorFinding> finding(CapabilityCoverageState s) {
        double[] w = s.lastWindow;
        double[] slow = s.lastSlow;
        if (w == null && slow == null) {
            return Optional.empty();
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        if (w == null) {
            evidence.put("prompts", s.queries);
            evidence.put("distinct_buckets", s.buckets.getCardinality());
            putSlow(evidence, slow);
            return Optional.of(finding(slow[0], evidence));
        }
        evidence.put("prompts", s.queries);
        evidence.put("distinct_buckets", s.buckets.getCardinality());
        evidence.put("window_breadth", round(w[1]));
        evidence.put("window_prompts_per_hour", Math.round(w[2]));
        evidence.put("window_harvest_style", round(w[3]));
        evidence.put("window_mean_cosine", round(w[4]));
        evidence.put("mmd2", round(w[5]));
        evidence.put("mmd_null_sds", Math.round(w[6] * 10) / 10.0);
        if (w.length > 7) {
            evidence.put("window_task_share", round(w[7]));
        }
        if (w.length > 9) {
            evidence.put("window_unopened_step_share", round(w[9]));
        }
        if (w.length > 10 && w[10] > 0) {
            evidence.put("window_blended_harvest_style", round(w[10]));
        }
        if (s.baseWindows > 0) {
            evidence.put("own_baseline_windows", s.baseWindows);
            evidence.put("own_baseline_mean", round(s.baseMean));
            if (s.risen) {
                evidence.put("own_risen", true);
            }
        }
        if (slow != null) {
            putSlow(evidence, slow);
        }
        return Optional.of(finding(Math.max(w[0], slow == null ? 0.0 : slow[0]), evidence));
    }

    private static void putSlow(Map<String, Object> evidence, double[] slow) {
        evidence.put("slow_sweep_score", round(slow[0]));
        evidence.put("slow_window_prompts_per_hour", Math.round(slow[1] * 10) / 10.0);
        evidence.put("slow_window_harvest_style", round(slow[2]));
        evidence.put("slow_window_breadth", round(slow[3]));
        evidence.put("slow_window_new_task_share", round(slow[4]));
        if (slow.length > 6) {
            evidence.put("slow_window_task_repertoire", round(slow[6]));
        }
        if (slow.length > 7 && slow[7] > 0) {
            evidence.put("slow_window_blended_requests", (int) slow[7]);
        }
        evidence.put("slow_streak_active_hours", (int) slow[5]);
    }

    /**
     * The client's latest window as a fleet member sees it, for pooling on the cluster side: {score
     * without pace, prompts per hour}. A fleet under per-key rate limits sweeps at the pace of all
     * its members together, which no member shows alone. Null before a window was scored.
     */
    public double[] paceFreeWindow(DetectorState state) {
        double[] w = ((CapabilityCoverageState) state).lastWindow;
        return w == null || w.length < 9 ? null : new double[] {w[8], w[2]};
    }

    /** The pace part of the score at this many prompts an hour (0 at human pace, 1 at full). */
    public double pace(double promptsPerHour) {
        return Ramps.ramp(promptsPerHour, config.humanPromptsPerHour(), config.fullPromptsPerHour());
    }

    @Override
    public String headline(DetectorFinding f) {
        if (!f.evidence().containsKey("window_breadth")
                || (f.evidence().get("slow_sweep_score") instanceof Double d && d >= f.score())) {
            return "capability coverage (slow sweep): " + f.evidence().get("prompts") + " prompts, new tasks at "
                    + f.evidence().get("slow_window_prompts_per_hour") + "/h over "
                    + f.evidence().get("slow_streak_active_hours") + " active hours";
        }
        return "capability coverage: " + f.evidence().get("prompts") + " prompts over "
                + f.evidence().get("distinct_buckets") + " topic buckets at " + f.evidence().get("window_prompts_per_hour")
                + "/h, " + f.evidence().get("mmd_null_sds") + " sd from benign chat";
    }

    private BenignReference reference(TextEncoder encoder) {
        return references.computeIfAbsent(encoder.name() + "/" + encoder.dimension(),
                k -> BenignReference.load(encoder, REFERENCE_RESOURCE));
    }

    /**
     * Hash of the first {@code n} words of normalised text: the instruction a prompt opens with
     * ("write a product description", "translate the following into"), which a product repeats
     * with every customer's topic and a capability sweep keeps changing.
     */
    static long openerHash(String normalised, int n) {
        long h = 0xcbf29ce484222325L;
        int words = 0;
        boolean inWord = false;
        for (int i = 0; i < normalised.length() && words < n; i++) {
            char c = normalised.charAt(i);
            boolean w = Character.isLetterOrDigit(c);
            if (w) {
                h = (h ^ c) * 0x100000001b3L;
            } else if (inWord) {
                words++;
                h = (h ^ ' ') * 0x100000001b3L;
            }
            inWord = w;
        }
        return Hashing.mix64(h);
    }

    /**
     * Whether the client's latest window has risen above its own history (see
     * {@code detection.capabilityCoverage.ownRiseSds}): a breadth its shape's peers make ordinary
     * but the client never had before.
     */
    public boolean risenAboveOwnHistory(DetectorState state) {
        return ((CapabilityCoverageState) state).risen;
    }

}
