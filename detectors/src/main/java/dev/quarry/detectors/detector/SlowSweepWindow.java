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
 * The slow path of {@link CapabilityCoverageDetector}: windows of {@code slowWindowPrompts}
 * counted prompts sent below human pace, scored without pace or volume (harvest style, breadth,
 * task novelty against the client's own opener history or the window's repertoire, discounted by
 * follow-ups), and trusted only once consecutive such windows have kept coming back over
 * {@code slowMinActiveHours} to {@code slowFullActiveHours} distinct hours. Leaves the latest
 * slow window's score and evidence numbers in {@link CapabilityCoverageState#lastSlow}. Stateless
 * and thread-safe; the client's slow window lives in its {@link CapabilityCoverageState}.
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
