package dev.quarry.detectors.detector;

import static dev.quarry.detectors.detector.CapabilityCoverageState.PROMPT_BITS;

import dev.quarry.detectors.config.CapabilityCoverageConfig;
import dev.quarry.fingerprint.vector.VectorMath;
import java.util.Arrays;

/**
 * The main window of {@link CapabilityCoverageDetector}, {@code windowPrompts} counted prompts:
 * counts a prompt into the open window (embedding sum, bucket, prompt and opener sets, style sum,
 * system-prompt components, unopened steps) and scores a closed one (volume, pace, harvest style,
 * breadth, task spread and the MMD shift from the {@link BenignReference}), noting whether its
 * score without pace has risen above the client's own history. Leaves the score and evidence
 * numbers in {@link CapabilityCoverageState#lastWindow}. Stateless and thread-safe; the client's
 * window lives in its {@link CapabilityCoverageState}.
 */
final class CoverageWindow {
    private final CapabilityCoverageConfig config;

    CoverageWindow(CapabilityCoverageConfig config) {
        this.config = config;
    }

    /**
     * Counts one prompt into the open window (the caller counts {@code windowCount} and closes the
     * window), starting a new one first when it is empty.
     */
    void add(CapabilityCoverageState s, long ts, float[] v, int bucket, long textHash, int task, double requestStyle,
            long shape, boolean orphan) {
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
            s.windowFirstTs = ts;
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
        int prompt = (int) (textHash & (PROMPT_BITS - 1));
        s.windowPrompts[prompt >>> 6] |= 1L << prompt;
        s.windowTasks[task >>> 6] |= 1L << task;
        s.windowScoreSum += requestStyle;
        s.components.add(shape, requestStyle, task);
        if (orphan) {
            s.windowOrphans++;
        }
    }

    /** Scores the open window, ended by the prompt at {@code lastTs}; nothing before minQueries. */
    void close(CapabilityCoverageState s, long lastTs, BenignReference ref) {
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
        double blended = s.components.blendedStyle(config, s.windowScoreSum, m);
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
     * Whether a window's score without pace has risen above the client's own history: past the
     * mean of its earlier ordinary windows by {@code ownRiseSds} of their spread and at least
     * {@code ownRiseMargin}, once {@code ownBaselineWindows} of them are pooled. Risen windows stay
     * out of the baseline (as out-of-control points stay out of a control chart's limits), so a
     * sweep that goes on does not become the client's norm.
     */
    private boolean risen(CapabilityCoverageState s, double paceFree) {
        if (s.baseWindows < config.ownBaselineWindows()) {
            return false;
        }
        double sd = Math.sqrt(s.baseM2 / (s.baseWindows - 1));
        return paceFree - s.baseMean >= Math.max(config.ownRiseMargin(), config.ownRiseSds() * sd);
    }
}
