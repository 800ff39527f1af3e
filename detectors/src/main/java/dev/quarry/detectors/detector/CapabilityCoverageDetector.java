package dev.quarry.detectors.detector;

import static dev.quarry.detectors.alert.DetectorFinding.round;

import dev.quarry.detectors.alert.DetectorFinding;
import dev.quarry.detectors.alert.EvidenceGroup;
import dev.quarry.detectors.config.CapabilityCoverageConfig;
import dev.quarry.fingerprint.Hashing;
import dev.quarry.fingerprint.PromptFeatures;
import dev.quarry.fingerprint.encoder.TextEncoder;
import dev.quarry.fingerprint.reference.ReferenceLookup;
import dev.quarry.fingerprint.vector.VectorMath;
import dev.quarry.ingest.InferenceEvent;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.roaringbitmap.RoaringBitmap;

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
 * <p>Blended harvest. A reseller or proxy key carries its customers' ordinary chat and, under
 * its own system prompt, a distillation job of its own ("mix distillation traffic with unrelated
 * customer requests", Anthropic 2026): the window's mean style is diluted by the chat while the
 * job's requests each read as a harvest. So the open window also keeps its requests grouped by
 * system prompt (up to four request shapes); a component of at least {@code blendMinPrompts}
 * ({@value CapabilityCoverageConfig#DEFAULT_BLEND_MIN_PROMPTS}) requests whose mean style is at
 * least {@code blendComponentStyle} ({@value CapabilityCoverageConfig#DEFAULT_BLEND_COMPONENT_STYLE})
 * while the rest of the window is ordinary (mean style at most {@code blendRestStyle},
 * {@value CapabilityCoverageConfig#DEFAULT_BLEND_REST_STYLE}) and whose instruction openers are
 * as varied as a sweep's repertoire ({@code slowFullRepertoireShare} distinct openers per request:
 * a product fills one task with its customers' topics) lends the window its style. Breadth,
 * task spread, pace and shift stay the whole window's. Known limit: a multi-tenant key one tenant
 * of which sends long-form instruction-style requests in many task kinds under its own system
 * prompt looks the same; one whose harvest shares the customers' system prompt is judged as a
 * whole. The slow path judges such a component at its own pace: a slow window with a
 * harvest-style component (the same share of the window, style and ordinary rest) compares that
 * component's prompts an hour, not the key's, with the human pace, so a quieter reseller's job keeps
 * its streak of active hours; with the sweep's task spread too it lends the slow window full style,
 * and its customers' follow-ups do not discount it.
 *
 * <p>Slow sweep. An account that keeps each hour small and over the day sweeps domain after
 * domain (the "slow and low" evasion of rate-based detection that Anthropic's 2026 report notes)
 * never shows the pace above. A second window of {@code slowWindowPrompts}
 * ({@value CapabilityCoverageConfig#DEFAULT_SLOW_WINDOW_PROMPTS}) counted prompts is scored without
 * pace or volume, so a small account that sweeps scores as a large one does: harvest style (the
 * window's mean request score, 0 at {@code slowStyleFloor},
 * {@value CapabilityCoverageConfig#DEFAULT_SLOW_STYLE_FLOOR}, full at {@code slowFullStyle},
 * {@value CapabilityCoverageConfig#DEFAULT_SLOW_FULL_STYLE};
 * without pace the wording must be clearly a harvest's, above homework and tutoring), breadth as
 * above, and task novelty: the share of the window's prompts whose instruction opener (first
 * {@code taskWords} words) this client never sent before, ramped as the task spread above (0 at
 * {@code productTaskShare}, full at {@code fullTaskShare}). It is judged against the client's own
 * history, so it does not depend on the window's size: a product's handful of brief templates is
 * all seen after a while and its novelty falls to 0, a sweep's keeps being new. The history is a
 * 2,048-bit set of opener hashes, cleared once half full. A sweep over a fixed repertoire of task
 * kinds crossed with topics and domains sees its openers recur too, yet each of its windows holds
 * a dozen different ones, where a product's brief set gives a handful: the task spread is the
 * larger of the novelty ramp and the window's repertoire (distinct openers per prompt, 0 at
 * {@code slowRepertoireShare}, {@value CapabilityCoverageConfig#DEFAULT_SLOW_REPERTOIRE_SHARE},
 * full at {@code slowFullRepertoireShare},
 * {@value CapabilityCoverageConfig#DEFAULT_SLOW_FULL_REPERTOIRE_SHARE}). Unopened steps stand in for style and
 * novelty as above. A harvest collects single-turn pairs (Self-Instruct, Alpaca, Orca), while
 * people, and the apps they use, follow up: the share of the window's requests that continue a
 * conversation this client opened scales the slow path down, to 0 at {@code slowFollowUpShare}
 * ({@value CapabilityCoverageConfig#DEFAULT_SLOW_FOLLOW_UP_SHARE}). What replaces pace is
 * persistence: the distinct event-time hours with prompts over a run of consecutive slow windows
 * (each below {@code humanPromptsPerHour}), 0 at {@code slowMinActiveHours}
 * ({@value CapabilityCoverageConfig#DEFAULT_SLOW_MIN_ACTIVE_HOURS}), full at
 * {@code slowFullActiveHours} ({@value CapabilityCoverageConfig#DEFAULT_SLOW_FULL_ACTIVE_HOURS}):
 * a study session or an afternoon's batch is one sitting, a sweep keeps coming back hour after
 * hour with new tasks. A window at human pace or faster ends the run (the main window judges it).
 * The client's score is the larger of the two paths. Topic novelty on the embedding (leader
 * clusters of a client's prompts, raw or with the client's mean removed) was measured and is not
 * used: on a lexical embedding it measures vocabulary, and tutoring, support and translation
 * traffic are broader by it than a templated sweep.
 *
 * <p>State per client: about 1.3 KiB for the open window (256-float sum, 128-byte bucket and
 * distinct-prompt sets), the bucket bitmap (at most 2 KiB, about 1.3 KiB after 2,000 prompts) and
 * about 100 bytes of counters and latest-window figures, and about 200 bytes for the slow window
 * (four 256-bit sets, its run of active hours and latest figures), and about 410 bytes for the
 * two windows' system-prompt components (four shapes each: hash, count, style sum, a 256-bit opener
 * set). Stateless and thread-safe.
 */
public final class CapabilityCoverageDetector extends AbstractDetector<CapabilityCoverageDetector.State> {
    public static final String NAME = "capability_coverage";
    /** Bits of the open window's distinct-prompt set (1,024: about 0.5 collisions among 32 prompts). */
    private static final int PROMPT_BITS = 1024;
    /** Bits of the slow window's sets (256: about 0.5 collisions among 16 prompts). */
    private static final int SLOW_BITS = 256;
    /** Bits of the task-opener history of the slow path (2,048: 256 bytes). */
    private static final int TASK_HISTORY_BITS = 2048;
    private static final long NO_STREAK = Long.MIN_VALUE;
    /** System prompts (request shapes) of a window tracked as components; later ones count in the window only. */
    private static final int COMPONENTS = 4;
    static final String REFERENCE_RESOURCE = "benign-reference-prompts.txt";
    private final CapabilityCoverageConfig config;
    private final RequestDistillationScorer scorer;
    private final Map<String, BenignReference> references = new ConcurrentHashMap<>();
    private final HyperplaneBuckets lsh;
    private final ReferenceLookup reference;

    public CapabilityCoverageDetector(CapabilityCoverageConfig config) {
        this(config, new RequestDistillationScorer(), ReferenceLookup.none());
    }

    /**
     * @param reference public sets: a prompt repeating a benchmark or instruction item is left to
     *     {@code benchmark_harvesting} (provenance), so one walk is not counted twice
     */
    public CapabilityCoverageDetector(CapabilityCoverageConfig config, RequestDistillationScorer scorer,
            ReferenceLookup reference) {
        super(NAME, EvidenceGroup.CAPABILITY_SWEEP, () -> new State(1 << config.lshPlanes()), State::read);
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
    }

    @Override
    public Optional<DetectorFinding> observe(InferenceEvent event, PromptFeatures features, State s) {
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
        // A window that closes before minQueries is never scored, so it needs no embedding sum:
        // most clients never get that far, and the sum is a client's largest part of this state.
        // The test is the same for every prompt of a window (queries and window count move together).
        boolean scored = s.queries + (config.windowPrompts() - 1 - s.windowCount) >= config.minQueries();
        if (!scored) {
            s.sum = null;
        } else if (s.sum == null || s.sum.length != v.length) {
            s.sum = new float[v.length];
            s.windowCount = 0;
        }
        if (s.windowCount == 0) {
            s.windowFirstTs = event.tsMillis();
            Arrays.fill(s.windowBuckets, 0L);
            Arrays.fill(s.windowPrompts, 0L);
            Arrays.fill(s.windowTasks, 0L);
            s.windowOrphans = 0;
            if (s.sum != null) {
                Arrays.fill(s.sum, 0f);
            }
            s.windowScoreSum = 0;
            s.components.clear();
        }
        if (s.sum != null) {
            for (int i = 0; i < v.length; i++) {
                s.sum[i] += v[i];
            }
        }
        s.windowBuckets[bucket >>> 6] |= 1L << bucket;
        int prompt = (int) (features.textHash() & (PROMPT_BITS - 1));
        s.windowPrompts[prompt >>> 6] |= 1L << prompt;
        int task = (int) (openerHash(features.skeleton(), config.taskWords()) & (PROMPT_BITS - 1));
        s.windowTasks[task >>> 6] |= 1L << task;
        double requestScore = scorer.score(event, features);
        double requestStyle = Math.min(1.0, requestScore / config.fullInstructionScore());
        s.windowScoreSum += requestStyle;
        s.components.add(systemPromptHash(event.request().messages()), requestStyle, task);
        if (orphan) {
            s.windowOrphans++;
        }
        observeSlow(s, event.tsMillis(), bucket, features, requestScore, orphan,
                !orphan && continues(event.request().messages()), systemPromptHash(event.request().messages()), task,
                requestStyle);
        s.windowCount++;
        if (s.windowCount == config.windowPrompts()) {
            closeWindow(s, event.tsMillis(), reference(features.encoder()));
            s.windowCount = 0;
        }
        return finding(s);
    }

    private void closeWindow(State s, long lastTs, BenignReference ref) {
        if (s.queries < config.minQueries() || s.sum == null) {
            return;
        }
        int m = s.windowCount;
        double hours = Math.max(1.0 / 3600, (lastTs - s.windowFirstTs) / 3_600_000.0);
        double perHour = (m - 1) / hours;
        int distinct = 0;
        for (long w : s.windowBuckets) {
            distinct += Long.bitCount(w);
        }
        int distinctPrompts = 0;
        for (long w : s.windowPrompts) {
            distinctPrompts += Long.bitCount(w);
        }
        int distinctTasks = 0;
        for (long w : s.windowTasks) {
            distinctTasks += Long.bitCount(w);
        }
        // Buckets measure topic spread; distinct prompts measure task spread within one topic,
        // which is what a narrow-domain sweep with shared phrasing has and an agent session lacks.
        double breadth = 0.5 * distinct / m + 0.5 * distinctPrompts / m;
        double norm2 = VectorMath.dot(s.sum, s.sum);
        double within = (norm2 - m) / ((double) m * (m - 1));
        double mmd2 = within - 2.0 * VectorMath.dot(s.sum, ref.mean) / m + ref.within;
        double z = mmd2 / ref.nullSd(m);
        double instruction = s.windowScoreSum / m;
        double volume = Ramps.ramp(s.queries, config.minQueries(), config.fullVolumeQueries());
        double pace = Ramps.ramp(perHour, config.humanPromptsPerHour(), config.fullPromptsPerHour());
        // Steps of conversations this client never opened: states relabelled by the teacher.
        double orphans = Ramps.ramp((double) s.windowOrphans / m, config.orphanShare(), config.fullOrphanShare());
        double blended = blendedStyle(s, m);
        double style = Math.max(Math.max(instruction, blended), orphans);
        double cover = Math.min(1.0, breadth / config.fullBucketShare());
        // A product fills its customers' topics into one task; a sweep changes the task too, and
        // every relabelled step comes from a trajectory of its own.
        double tasks = Math.max(orphans,
                Ramps.ramp((double) distinctTasks / m, config.productTaskShare(), config.fullTaskShare()));
        double shift = Ramps.ramp(z, config.mmdZ(), config.fullMmdZ());
        double paceFree = (0.5 + 0.5 * volume) * style * cover * tasks * (0.5 + 0.5 * shift);
        double score = paceFree * pace;
        s.risen = risen(s, paceFree);
        if (!s.risen) {
            s.ownBaseline(paceFree);
        }
        s.lastWindow = new double[] {score, breadth, perHour, instruction, within, mmd2, z, (double) distinctTasks / m,
            paceFree, (double) s.windowOrphans / m, blended};
    }

    /**
     * The style of a harvest blended into ordinary traffic: the mean style of the window's largest
     * harvest-style component (requests under one system prompt, at least {@code blendMinPrompts}
     * of them, mean style at least {@code blendComponentStyle}) when the rest of the window is
     * ordinary (mean style at most {@code blendRestStyle}); else 0. A key's own distillation job
     * runs under its own system prompt and template, which its customers' chat does not share, so
     * the job is judged as a component rather than diluted by the chat around it.
     */
    private double blendedStyle(State s, int m) {
        int i = blendedIndex(s.components, s.windowScoreSum, m, true);
        return i < 0 ? 0 : s.components.style[i] / s.components.count[i];
    }

    /** Requests of the largest blended harvest component (see {@link #blendedIndex}), 0 when none. */
    private int blendedComponent(Components c, double styleSum, int m, boolean sweep) {
        int i = blendedIndex(c, styleSum, m, sweep);
        return i < 0 ? 0 : c.count[i];
    }

    /**
     * The largest component that is a harvest among ordinary traffic, or -1; with {@code sweep}
     * false, one in harvest style whatever its task spread (its pace is its own either way).
     */
    private int blendedIndex(Components c, double styleSum, int m, boolean sweep) {
        int best = -1;
        // the same share of a shorter (slow) window as blendMinPrompts is of a main window
        int floor = Math.max(2, (int) Math.ceil((double) config.blendMinPrompts() * m / config.windowPrompts()));
        for (int i = 0; i < COMPONENTS; i++) {
            int n = c.count[i];
            if (n < floor || n >= m || (best >= 0 && n < c.count[best])) {
                continue;
            }
            double mean = c.style[i] / n;
            double rest = (styleSum - c.style[i]) / (m - n);
            // one task filled with customers' topics is a product; a harvest changes the task
            boolean sweeps = !sweep || (double) c.tasks(i) / n >= config.slowFullRepertoireShare();
            if (mean >= config.blendComponentStyle() && rest <= config.blendRestStyle() && sweeps) {
                best = i;
            }
        }
        return best;
    }

    /** Hash of the request's system prompt (its request shape), 0 when it has none. */
    static long systemPromptHash(java.util.List<dev.quarry.ingest.Message> messages) {
        if (messages == null) {
            return 0;
        }
        for (dev.quarry.ingest.Message m : messages) {
            if (m.isSystem()) {
                String c = m.content() == null ? "" : m.content();
                return Hashing.mix64(c.hashCode() * 0x9e3779b97f4a7c15L + c.length()) | 1;
            }
        }
        return 0;
    }

    /**
     * The slow sweep: windows of {@code slowWindowPrompts} counted prompts sent below human pace,
     * scored without pace or volume, and trusted only once consecutive such windows have kept
     * coming back over {@code slowMinActiveHours} to {@code slowFullActiveHours} distinct hours.
     */
    private void observeSlow(State s, long ts, int bucket, PromptFeatures features, double requestScore,
            boolean orphan, boolean followUp, long shape, int windowTask, double requestStyle) {
        if (s.slowCount == 0) {
            s.slowFirstTs = ts;
            Arrays.fill(s.slowBuckets, 0L);
            Arrays.fill(s.slowPrompts, 0L);
            Arrays.fill(s.slowOpeners, 0L);
            s.slowNewTasks = 0;
            s.slowStyleSum = 0;
            s.slowOrphans = 0;
            s.slowFollowUps = 0;
            s.slowComponents.clear();
            s.slowStyleNormalised = 0;
        }
        s.slowComponents.add(shape, requestStyle, windowTask);
        s.slowStyleNormalised += requestStyle;
        if (orphan) {
            s.slowOrphans++;
        }
        if (followUp) {
            s.slowFollowUps++;
        }
        int b = bucket & (SLOW_BITS - 1);
        s.slowBuckets[b >>> 6] |= 1L << b;
        int prompt = (int) (features.textHash() & (SLOW_BITS - 1));
        s.slowPrompts[prompt >>> 6] |= 1L << prompt;
        // Task novelty against the client's own history: a product's openers are all seen after a
        // while, a sweep's keep being new. A generation is cleared once half full, so the share of
        // chance collisions stays under a half.
        long opener = openerHash(features.skeleton(), config.taskWords());
        int slowOpener = (int) (opener & (SLOW_BITS - 1));
        s.slowOpeners[slowOpener >>> 6] |= 1L << slowOpener;
        int task = (int) (opener & (TASK_HISTORY_BITS - 1));
        if ((s.taskHistory[task >>> 6] & (1L << task)) == 0) {
            s.slowNewTasks++;
            s.taskHistory[task >>> 6] |= 1L << task;
            if (++s.taskHistoryCount > TASK_HISTORY_BITS / 2) {
                Arrays.fill(s.taskHistory, 0L);
                s.taskHistoryCount = 0;
            }
        }
        s.slowStyleSum += requestScore;
        long hour = Math.floorDiv(ts, 3_600_000L);
        if (s.streakStartHour == NO_STREAK) {
            s.streakStartHour = hour;
            s.streakHours = 0L;
        }
        long offset = hour - s.streakStartHour;
        if (offset >= 0 && offset < 64) {
            s.streakHours |= 1L << offset;
        } else if (offset >= 64) {
            // a streak longer than 64 hours: keep counting from a fresh origin, with the hours already full
            s.streakStartHour = hour - (config.slowFullActiveHours() - 1);
            s.streakHours = (1L << config.slowFullActiveHours()) - 1;
        }
        s.slowCount++;
        if (s.slowCount < config.slowWindowPrompts()) {
            return;
        }
        int m = s.slowCount;
        s.slowCount = 0;
        double hours = Math.max(1.0 / 3600, (ts - s.slowFirstTs) / 3_600_000.0);
        double perHour = (m - 1) / hours;
        // A harvest blended into ordinary traffic is judged at its own pace: the key's customers
        // make the key busy, not the harvest.
        int blendedCount = blendedComponent(s.slowComponents, s.slowStyleNormalised, m, true);
        int harvestStyled = blendedComponent(s.slowComponents, s.slowStyleNormalised, m, false);
        if (harvestStyled > 0) {
            perHour = (harvestStyled - 1) / hours;
        }
        if (perHour >= config.humanPromptsPerHour()) {
            // machine pace is the main window's to judge; a slow streak ends here
            s.streakStartHour = NO_STREAK;
            s.streakHours = 0L;
            s.lastSlow = null;
            return;
        }
        double breadth = 0.5 * bits(s.slowBuckets) / m + 0.5 * bits(s.slowPrompts) / m;
        double taskShare = (double) s.slowNewTasks / m;
        // a sweep's task kinds recur once seen, but a window of them still holds many different ones
        double repertoire = (double) bits(s.slowOpeners) / m;
        double style = s.slowStyleSum / m;
        // as in the main window, relabelled steps of unopened trajectories stand in for style and task spread
        double orphans = Ramps.ramp((double) s.slowOrphans / m, config.orphanShare(), config.fullOrphanShare());
        double styled = blendedCount > 0 ? 1.0 : Ramps.ramp(style, config.slowStyleFloor(), config.slowFullStyle());
        double content = Math.max(orphans, styled)
                * Math.min(1.0, breadth / config.fullBucketShare())
                * Math.max(orphans, Math.max(Ramps.ramp(taskShare, config.productTaskShare(), config.fullTaskShare()),
                        Ramps.ramp(repertoire, config.slowRepertoireShare(), config.slowFullRepertoireShare())));
        // a harvest collects single-turn pairs; people (and the apps they use) follow up
        if (blendedCount == 0) { // a blended harvest's single turns are judged apart from its customers' follow-ups
            content *= 1.0 - Ramps.ramp((double) s.slowFollowUps / m, 0.0, config.slowFollowUpShare());
        }
        int activeHours = Long.bitCount(s.streakHours);
        double persistence = Ramps.ramp(activeHours, config.slowMinActiveHours(), config.slowFullActiveHours());
        s.lastSlow = new double[] {content * persistence, perHour, style, breadth, taskShare, activeHours, repertoire,
            blendedCount};
    }

    /** True when the request carries an earlier assistant or tool turn: it continues a conversation. */
    private static boolean continues(java.util.List<dev.quarry.ingest.Message> messages) {
        if (messages == null) {
            return false;
        }
        for (dev.quarry.ingest.Message m : messages) {
            if (!m.isUser() && !m.isSystem()) {
                return true;
            }
        }
        return false;
    }

    private static int bits(long[] set) {
        int n = 0;
        for (long w : set) {
            n += Long.bitCount(w);
        }
        return n;
    }

    private Optional<DetectorFinding> finding(State s) {
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
        double[] w = ((State) state).lastWindow;
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
     * Per-client state: counted prompts, the bucket ids seen (RoaringBitmap), the open window's
     * embedding sum, bucket set, first time and instruction-score sum, and the score and evidence
     * numbers of the latest closed window (reported until the next window closes).
     */
    /**
     * Whether a window's score without pace has risen above the client's own history: past the
     * mean of its earlier ordinary windows by {@code ownRiseSds} of their spread and at least
     * {@code ownRiseMargin}, once {@code ownBaselineWindows} of them are pooled. Risen windows stay
     * out of the baseline (as out-of-control points stay out of a control chart's limits), so a
     * sweep that goes on does not become the client's norm.
     */
    private boolean risen(State s, double paceFree) {
        if (s.baseWindows < config.ownBaselineWindows()) {
            return false;
        }
        double sd = Math.sqrt(s.baseM2 / (s.baseWindows - 1));
        return paceFree - s.baseMean >= Math.max(config.ownRiseMargin(), config.ownRiseSds() * sd);
    }

    /**
     * Whether the client's latest window has risen above its own history (see
     * {@code detection.capabilityCoverage.ownRiseSds}): a breadth its shape's peers make ordinary
     * but the client never had before.
     */
    public boolean risenAboveOwnHistory(DetectorState state) {
        return ((State) state).risen;
    }

    /**
     * A window's requests grouped by system prompt (request shape): up to {@code COMPONENTS}
     * shapes, each with its request count, style sum and a 256-bit set of its openers; requests of
     * later shapes count in the window only. Not thread-safe; part of a client's state.
     */
    static final class Components {
        final long[] shape = new long[COMPONENTS];
        final int[] count = new int[COMPONENTS];
        final double[] style = new double[COMPONENTS];
        final long[] openers = new long[COMPONENTS * (SLOW_BITS / 64)];

        void clear() {
            Arrays.fill(count, 0);
            Arrays.fill(style, 0.0);
            Arrays.fill(openers, 0L);
        }

        void add(long requestShape, double requestStyle, int task) {
            for (int i = 0; i < COMPONENTS; i++) {
                if (count[i] == 0 || shape[i] == requestShape) {
                    shape[i] = requestShape;
                    count[i]++;
                    style[i] += requestStyle;
                    int bit = task & (SLOW_BITS - 1);
                    openers[i * (SLOW_BITS / 64) + (bit >>> 6)] |= 1L << bit;
                    return;
                }
            }
        }

        int tasks(int i) {
            int n = 0;
            for (int k = 0; k < SLOW_BITS / 64; k++) {
                n += Long.bitCount(openers[i * (SLOW_BITS / 64) + k]);
            }
            return n;
        }

        void writeTo(DataOutput out) throws IOException {
            for (int i = 0; i < COMPONENTS; i++) {
                out.writeLong(shape[i]);
                out.writeShort(count[i]);
                out.writeDouble(style[i]);
            }
            for (long w : openers) {
                out.writeLong(w);
            }
        }

        void readFrom(DataInput in) throws IOException {
            for (int i = 0; i < COMPONENTS; i++) {
                shape[i] = in.readLong();
                count[i] = in.readUnsignedShort();
                style[i] = in.readDouble();
            }
            for (int i = 0; i < openers.length; i++) {
                openers[i] = in.readLong();
            }
        }
    }

    public static final class State implements DetectorState {
        long queries;
        final RoaringBitmap buckets = new RoaringBitmap();
        float[] sum;
        final long[] windowBuckets;
        final long[] windowPrompts = new long[PROMPT_BITS / 64];
        /** Distinct instruction openers of the open window (see {@link #openerHash}). */
        final long[] windowTasks = new long[PROMPT_BITS / 64];
        int windowCount;
        long windowFirstTs;
        double windowScoreSum;
        /** The open window's requests grouped by system prompt. */
        final Components components = new Components();
        /** The open slow window's requests grouped by system prompt, and its style sum as the main window's. */
        final Components slowComponents = new Components();
        double slowStyleNormalised;
        /** Requests of the open window that are unopened steps (see {@link OpenedConversations}). */
        int windowOrphans;
        /** The user turns this client sent as new turns lately, to tell unopened steps. */
        OpenedConversations conversations = new OpenedConversations();
        /** Score and evidence numbers of the latest closed window, or null before minQueries. */
        double[] lastWindow;
        /** The client's own history: scores without pace of its ordinary windows (Welford 1962). */
        int baseWindows;
        double baseMean;
        double baseM2;
        /** Whether the latest window rose above that history. */
        boolean risen;
        /** The open slow window: prompts, first time, style sum and its bucket, prompt and opener sets. */
        int slowCount;
        int slowOrphans;
        /** Requests of the open slow window that continue a conversation this client opened. */
        int slowFollowUps;
        long slowFirstTs;
        double slowStyleSum;
        final long[] slowBuckets = new long[SLOW_BITS / 64];
        final long[] slowPrompts = new long[SLOW_BITS / 64];
        /** Openers (hashed) of the open slow window's prompts: its task repertoire. */
        final long[] slowOpeners = new long[SLOW_BITS / 64];
        /** Prompts of the open slow window whose opener was new to the task history. */
        int slowNewTasks;
        /** Openers (hashed) this client sent, the current generation, and how many bits are set. */
        final long[] taskHistory = new long[TASK_HISTORY_BITS / 64];
        int taskHistoryCount;
        /** First event-time hour of the current run of slow windows, or NO_STREAK. */
        long streakStartHour = NO_STREAK;
        /** Hours (offsets from streakStartHour) in which the run had counted prompts. */
        long streakHours;
        /** Score and evidence numbers of the latest slow window, or null. */
        double[] lastSlow;

        void ownBaseline(double paceFree) {
            if (baseWindows == Integer.MAX_VALUE) {
                return;
            }
            baseWindows++;
            double d = paceFree - baseMean;
            baseMean += d / baseWindows;
            baseM2 += d * (paceFree - baseMean);
        }

        State(int bucketCount) {
            this.windowBuckets = new long[Math.max(1, bucketCount / 64)];
        }

        @Override
        public void writeTo(DataOutput out) throws IOException {
            out.writeByte(7);
            out.writeLong(queries);
            out.writeInt(windowCount);
            out.writeLong(windowFirstTs);
            out.writeDouble(windowScoreSum);
            out.writeShort(windowOrphans);
            conversations.writeTo(out);
            out.writeShort(windowBuckets.length);
            for (long w : windowBuckets) {
                out.writeLong(w);
            }
            for (long w : windowPrompts) {
                out.writeLong(w);
            }
            for (long w : windowTasks) {
                out.writeLong(w);
            }
            out.writeShort(sum == null ? 0 : sum.length);
            if (sum != null) {
                for (float f : sum) {
                    out.writeFloat(f);
                }
            }
            buckets.runOptimize();
            buckets.serialize(out);
            out.writeByte(lastWindow == null ? 0 : lastWindow.length);
            if (lastWindow != null) {
                for (double x : lastWindow) {
                    out.writeDouble(x);
                }
            }
            out.writeShort(slowCount);
            out.writeShort(slowOrphans);
            out.writeShort(slowFollowUps);
            out.writeShort(slowNewTasks);
            out.writeShort(taskHistoryCount);
            out.writeLong(slowFirstTs);
            out.writeDouble(slowStyleSum);
            for (long[] set : new long[][] {slowBuckets, slowPrompts, taskHistory}) {
                for (long w : set) {
                    out.writeLong(w);
                }
            }
            out.writeLong(streakStartHour);
            out.writeLong(streakHours);
            out.writeByte(lastSlow == null ? 0 : lastSlow.length);
            if (lastSlow != null) {
                for (double x : lastSlow) {
                    out.writeDouble(x);
                }
            }
            out.writeLong(conversations.lastPrefix());
            out.writeInt(baseWindows);
            out.writeDouble(baseMean);
            out.writeDouble(baseM2);
            out.writeBoolean(risen);
            for (long w : slowOpeners) {
                out.writeLong(w);
            }
            components.writeTo(out);
            slowComponents.writeTo(out);
            out.writeDouble(slowStyleNormalised);
        }

        static State read(DataInput in) throws IOException {
            byte version = in.readByte();
            if (version < 1 || version > 7) {
                throw new IOException("unknown capability_coverage state version " + version);
            }
            long queries = in.readLong();
            int windowCount = in.readInt();
            long windowFirstTs = in.readLong();
            double windowScoreSum = in.readDouble();
            // versions 1 and 2 kept no conversations: every conversation open before counts as opened
            int windowOrphans = version >= 3 ? in.readUnsignedShort() : 0;
            OpenedConversations conversations = version >= 3 ? OpenedConversations.read(in) : null;
            State s = new State(in.readUnsignedShort() * 64);
            s.windowOrphans = windowOrphans;
            if (conversations != null) {
                s.conversations = conversations;
            }
            for (int i = 0; i < s.windowBuckets.length; i++) {
                s.windowBuckets[i] = in.readLong();
            }
            for (int i = 0; i < s.windowPrompts.length; i++) {
                s.windowPrompts[i] = in.readLong();
            }
            // version 1 kept no openers: its open window counts as one task until it closes
            for (int i = 0; version >= 2 && i < s.windowTasks.length; i++) {
                s.windowTasks[i] = in.readLong();
            }
            int d = in.readUnsignedShort();
            if (d > 0) {
                s.sum = new float[d];
                for (int i = 0; i < d; i++) {
                    s.sum[i] = in.readFloat();
                }
            }
            s.queries = queries;
            s.windowCount = windowCount;
            s.windowFirstTs = windowFirstTs;
            s.windowScoreSum = windowScoreSum;
            s.buckets.deserialize(in);
            int stats = in.readUnsignedByte();
            if (stats > 0) {
                s.lastWindow = new double[stats];
                for (int i = 0; i < stats; i++) {
                    s.lastWindow[i] = in.readDouble();
                }
            }
            // versions 1 to 3 kept no slow window: it starts empty
            if (version >= 4) {
                s.slowCount = in.readUnsignedShort();
                s.slowOrphans = in.readUnsignedShort();
                s.slowFollowUps = in.readUnsignedShort();
                s.slowNewTasks = in.readUnsignedShort();
                s.taskHistoryCount = in.readUnsignedShort();
                s.slowFirstTs = in.readLong();
                s.slowStyleSum = in.readDouble();
                for (long[] set : new long[][] {s.slowBuckets, s.slowPrompts, s.taskHistory}) {
                    for (int i = 0; i < set.length; i++) {
                        set[i] = in.readLong();
                    }
                }
                s.streakStartHour = in.readLong();
                s.streakHours = in.readLong();
                int slow = in.readUnsignedByte();
                if (slow > 0) {
                    s.lastSlow = new double[slow];
                    for (int i = 0; i < slow; i++) {
                        s.lastSlow[i] = in.readDouble();
                    }
                }
            }
            // versions 1 to 4 kept no exemplar prefix and no own history: both start empty
            if (version >= 5) {
                s.conversations.lastPrefix(in.readLong());
                s.baseWindows = in.readInt();
                s.baseMean = in.readDouble();
                s.baseM2 = in.readDouble();
                s.risen = in.readBoolean();
            }
            // versions 1 to 5 kept no slow-window openers: the open slow window's repertoire starts empty
            for (int i = 0; version >= 6 && i < s.slowOpeners.length; i++) {
                s.slowOpeners[i] = in.readLong();
            }
            // versions 1 to 6 kept no components: the open window's start empty (judged as a whole)
            if (version >= 7) {
                s.components.readFrom(in);
                s.slowComponents.readFrom(in);
                s.slowStyleNormalised = in.readDouble();
            }
            return s;
        }
    }
}
