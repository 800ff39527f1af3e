package dev.quarry.detectors.detector;

import static dev.quarry.detectors.detector.CapabilityCoverageState.SLOW_BITS;

import dev.quarry.detectors.config.CapabilityCoverageConfig;
import dev.quarry.fingerprint.Hashing;
import dev.quarry.ingest.Message;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * A window's requests grouped by system prompt (request shape), for the blended harvest of
 * {@link CapabilityCoverageDetector}: up to {@value #COMPONENTS} shapes, each with its request
 * count, style sum and a 256-bit set of its openers; requests of later shapes count in the window
 * only. Not thread-safe; part of a client's {@link CapabilityCoverageState}.
 *
 * <p>A reseller or proxy key carries its customers' ordinary chat and, under its own system
 * prompt, a distillation job of its own ("mix distillation traffic with unrelated
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
 */
final class SystemPromptComponents {
    /** System prompts (request shapes) of a window tracked as components; later ones count in the window only. */
    static final int COMPONENTS = 4;
    final long[] shape = new long[COMPONENTS];
    final int[] count = new int[COMPONENTS];
    final double[] style = new double[COMPONENTS];
    final long[] openers = new long[COMPONENTS * (SLOW_BITS / 64)];

    /** Empties every component, for a new window. */
    void clear() {
        Arrays.fill(count, 0);
        Arrays.fill(style, 0.0);
        Arrays.fill(openers, 0L);
    }

    /** Counts a request into its shape's component, or into none when all are taken by other shapes. */
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

    /** Distinct openers (hashed, 256 bits) of component {@code i}. */
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

    /**
     * The style of a harvest blended into ordinary traffic: the mean style of the window's largest
     * harvest-style component (requests under one system prompt, at least {@code blendMinPrompts}
     * of them, mean style at least {@code blendComponentStyle}) when the rest of the window is
     * ordinary (mean style at most {@code blendRestStyle}); else 0. A key's own distillation job
     * runs under its own system prompt and template, which its customers' chat does not share, so
     * the job is judged as a component rather than diluted by the chat around it.
     */
    double blendedStyle(CapabilityCoverageConfig config, double styleSum, int m) {
        int i = blendedIndex(config, styleSum, m, true);
        return i < 0 ? 0 : style[i] / count[i];
    }

    /** Requests of the largest blended harvest component (see {@link #blendedIndex}), 0 when none. */
    int blendedCount(CapabilityCoverageConfig config, double styleSum, int m, boolean sweep) {
        int i = blendedIndex(config, styleSum, m, sweep);
        return i < 0 ? 0 : count[i];
    }

    /**
     * The largest component that is a harvest among ordinary traffic, or -1; with {@code sweep}
     * false, one in harvest style whatever its task spread (its pace is its own either way).
     */
    int blendedIndex(CapabilityCoverageConfig config, double styleSum, int m, boolean sweep) {
        int best = -1;
        // the same share of a shorter (slow) window as blendMinPrompts is of a main window
        int floor = Math.max(2, (int) Math.ceil((double) config.blendMinPrompts() * m / config.windowPrompts()));
        for (int i = 0; i < COMPONENTS; i++) {
            int n = count[i];
            if (n < floor || n >= m || (best >= 0 && n < count[best])) {
                continue;
            }
            double mean = style[i] / n;
            double rest = (styleSum - style[i]) / (m - n);
            // one task filled with customers' topics is a product; a harvest changes the task
            boolean sweeps = !sweep || (double) tasks(i) / n >= config.slowFullRepertoireShare();
            if (mean >= config.blendComponentStyle() && rest <= config.blendRestStyle() && sweeps) {
                best = i;
            }
        }
        return best;
    }

    /** Hash of the request's system prompt (its request shape), 0 when it has none. */
    static long systemPromptHash(List<Message> messages) {
        if (messages == null) {
            return 0;
        }
        for (Message m : messages) {
            if (m.isSystem()) {
                String c = m.content() == null ? "" : m.content();
                return Hashing.mix64(c.hashCode() * 0x9e3779b97f4a7c15L + c.length()) | 1;
            }
        }
        return 0;
    }
}
