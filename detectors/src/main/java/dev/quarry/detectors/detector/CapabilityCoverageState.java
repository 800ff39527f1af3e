package dev.quarry.detectors.detector;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.roaringbitmap.RoaringBitmap;

/**
 * The per-client state of {@link CapabilityCoverageDetector} and its encoding (format version 7;
 * versions 1 to 6 still read, their missing parts starting empty). It holds the counted prompts,
 * the bucket ids seen (RoaringBitmap), the open main window (embedding sum, bucket, prompt and
 * opener sets, first time, style sum, unopened steps, its {@link SystemPromptComponents}), the
 * score and evidence numbers of the latest closed window (reported until the next one closes),
 * the client's own history of scores without pace, and the open slow window with its task
 * history and run of active hours.
 *
 * <p>Size: about 1.3 KiB for the open window (256-float sum, 128-byte bucket and distinct-prompt
 * sets), the bucket bitmap (at most 2 KiB, about 1.3 KiB after 2,000 prompts) and about 100 bytes
 * of counters and latest-window figures, and about 200 bytes for the slow window (four 256-bit
 * sets, its run of active hours and latest figures), and about 410 bytes for the two windows'
 * system-prompt components (four shapes each: hash, count, style sum, a 256-bit opener set).
 * Deterministic encoding. Not thread-safe: confined to one stream thread.
 */
public final class CapabilityCoverageState implements DetectorState {
    /** Bits of the open window's distinct-prompt set (1,024: about 0.5 collisions among 32 prompts). */
    static final int PROMPT_BITS = 1024;
    /** Bits of the slow window's sets (256: about 0.5 collisions among 16 prompts). */
    static final int SLOW_BITS = 256;
    /** Bits of the task-opener history of the slow path (2,048: 256 bytes). */
    static final int TASK_HISTORY_BITS = 2048;
    static final long NO_STREAK = Long.MIN_VALUE;

    long queries;
    final RoaringBitmap buckets = new RoaringBitmap();
    float[] sum;
    final long[] windowBuckets;
    final long[] windowPrompts = new long[PROMPT_BITS / 64];
    /** Distinct instruction openers of the open window (see {@link CapabilityCoverageDetector#openerHash}). */
    final long[] windowTasks = new long[PROMPT_BITS / 64];
    int windowCount;
    long windowFirstTs;
    double windowScoreSum;
    /** The open window's requests grouped by system prompt. */
    final SystemPromptComponents components = new SystemPromptComponents();
    /** The open slow window's requests grouped by system prompt, and its style sum as the main window's. */
    final SystemPromptComponents slowComponents = new SystemPromptComponents();
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

    CapabilityCoverageState(int bucketCount) {
        this.windowBuckets = new long[Math.max(1, bucketCount / 64)];
    }

    /** Pools an ordinary window's score without pace into the client's own history (Welford 1962). */
    void ownBaseline(double paceFree) {
        if (baseWindows == Integer.MAX_VALUE) {
            return;
        }
        baseWindows++;
        double d = paceFree - baseMean;
        baseMean += d / baseWindows;
        baseM2 += d * (paceFree - baseMean);
    }

    /** Writes format version 7. */
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

    /** Reads a state written by {@link #writeTo} in any format version from 1 to 7. */
    static CapabilityCoverageState read(DataInput in) throws IOException {
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
        CapabilityCoverageState s = new CapabilityCoverageState(in.readUnsignedShort() * 64);
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
