package dev.quarry.detectors.detector;

import static dev.quarry.detectors.detector.CapabilityCoverageState.NO_STREAK;
import static dev.quarry.detectors.detector.CapabilityCoverageState.SLOW_BITS;
import static dev.quarry.detectors.detector.CapabilityCoverageState.TASK_HISTORY_BITS;

import dev.quarry.detectors.config.CapabilityCoverageConfig;
import dev.quarry.fingerprint.PromptFeatures;
import dev.quarry.ingest.Message;
import java.util.Arrays;
import java.util.List;

/**
 * The slow path of {@link CapabilityCoverageDetector}: counts each prompt into the open slow
 * window, and when it is full scores it without pace or volume, leaving its score and evidence
 * numbers in {@link CapabilityCoverageState#lastSlow}. Stateless and thread-safe; the client's
 * slow window lives in its {@link CapabilityCoverageState}.
 *
 * <p>An account that keeps each hour small and over the day sweeps domain after
 * domain (the "slow and low" evasion of rate-based detection that Anthropic's 2026 report notes)
 * never shows the main window's pace. A second window of {@code slowWindowPrompts}
 * ({@value CapabilityCoverageConfig#DEFAULT_SLOW_WINDOW_PROMPTS}) counted prompts is scored without
 * pace or volume, so a small account that sweeps scores as a large one does: harvest style (the
 * window's mean request score, 0 at {@code slowStyleFloor},
 * {@value CapabilityCoverageConfig#DEFAULT_SLOW_STYLE_FLOOR}, full at {@code slowFullStyle},
 * {@value CapabilityCoverageConfig#DEFAULT_SLOW_FULL_STYLE};
 * without pace the wording must be clearly a harvest's, above homework and tutoring), breadth as
 * the main window's, and task novelty: the share of the window's prompts whose instruction opener (first
 * {@code taskWords} words) this client never sent before, ramped as the main window's task spread (0 at
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
 * novelty as in the main window. A harvest collects single-turn pairs (Self-Instruct, Alpaca, Orca), while
 * people, and the apps they use, follow up: the share of the window's requests that continue a
 * conversation this client opened scales the slow path down, to 0 at {@code slowFollowUpShare}
 * ({@value CapabilityCoverageConfig#DEFAULT_SLOW_FOLLOW_UP_SHARE}). What replaces pace is
 * persistence: the distinct event-time hours with prompts over a run of consecutive slow windows
 * (each below {@code fullPromptsPerHour}), 0 at {@code slowMinActiveHours}
 * ({@value CapabilityCoverageConfig#DEFAULT_SLOW_MIN_ACTIVE_HOURS}), full at
 * {@code slowFullActiveHours} ({@value CapabilityCoverageConfig#DEFAULT_SLOW_FULL_ACTIVE_HOURS}):
 * a study session or an afternoon's batch is one sitting, a sweep keeps coming back hour after
 * hour with new tasks. A window at {@code fullPromptsPerHour} or faster ends the run: the main
 * window judges it at full pace. Between human pace and that, both paths judge it, so a sweep a
 * little faster than a person (80 prompts an hour, where the main window's pace ramp gives a
 * tenth) is not left between them.
 * The client's score is the larger of the two paths. Topic novelty on the embedding (leader
 * clusters of a client's prompts, raw or with the client's mean removed) was measured and is not
 * used: on a lexical embedding it measures vocabulary, and tutoring, support and translation
 * traffic are broader by it than a templated sweep.
 */
final class SlowSweepWindow {
    private final CapabilityCoverageConfig config;

    SlowSweepWindow(CapabilityCoverageConfig config) {
        this.config = config;
    }

    /** Counts one prompt into the open slow window, and scores the window when it is full. */
    void observe(CapabilityCoverageState s, long ts, int bucket, PromptFeatures features, double requestScore,
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
        long opener = CapabilityCoverageDetector.openerHash(features.skeleton(), config.taskWords());
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
        int blendedCount = s.slowComponents.blendedCount(config, s.slowStyleNormalised, m, true);
        int harvestStyled = s.slowComponents.blendedCount(config, s.slowStyleNormalised, m, false);
        if (harvestStyled > 0) {
            perHour = (harvestStyled - 1) / hours;
        }
        if (perHour >= config.fullPromptsPerHour()) {
            // full machine pace is the main window's to judge; a slow streak ends here
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
    static boolean continues(List<Message> messages) {
        if (messages == null) {
            return false;
        }
        for (Message m : messages) {
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
}
