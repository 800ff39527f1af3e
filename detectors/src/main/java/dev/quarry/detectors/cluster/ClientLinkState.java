package dev.quarry.detectors.cluster;

import dev.quarry.detectors.detector.DetectorState;
import dev.quarry.fingerprint.Hashing;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * What the cluster path keeps about one client, as a section of its
 * {@link dev.quarry.detectors.state.ClientProfile}: the link keys it has already announced (so a
 * key is sent to the link side once per client, not once per event), its template marks, output
 * and activity counters for its summaries, and when it last reported.
 *
 * <p>Template marks: a prompt template's fixed words give the same minimum in a MinHash slot
 * whenever the fill's own minimum is larger, so across fills of one template a slot's value
 * recurs (for a template half as long as its fill, in about a third of prompts), while across
 * unrelated prompts it never does. Each watched slot keeps a Space-Saving summary (Metwally et al.
 * 2005) of {@value #PER_SLOT} values with their over-count error; a value whose guaranteed count
 * reaches the configured share of prompts is a mark, {@code hash(slot, value)}. Marks compare
 * across clients, which is what lets members of one fleet be seen to share a template.
 *
 * <p>Bounded: {@code slots x 8} counters, {@value #RECENT} recent prompt hashes and at most
 * {@code hydra.maxKeysPerClient} announced key hashes. Deterministic encoding. Confined to one
 * stream thread.
 */
public final class ClientLinkState implements DetectorState {
    public static final String SECTION = "_hydra";
    static final int PER_SLOT = 8;
    /** Recent prompt hashes remembered so a repeated prompt (a stock follow-up) is not a template. */
    static final int RECENT = 64;
    private static final long HOUR = 3_600_000L;

    int slots;
    int[] values = new int[0];
    int[] counts = new int[0];
    int[] errors = new int[0];
    long prompts;
    long completionTokens;
    long completions;
    long hour = Long.MIN_VALUE;
    int hourEvents;
    int maxHourly;
    int activeHours;
    long[] announced = new long[0];
    long[] recent = new long[0];
    int recentNext;
    long lastSummaryEvents;
    double lastSummaryScore;

    /** Counts the event's output and its hour of activity. */
    public void observeEvent(long ts, Integer completion) {
        if (completion != null) {
            completionTokens += completion;
            completions++;
        }
        long h = Math.floorDiv(ts, HOUR);
        if (h > hour) {
            activeHours++;
            hour = h;
            hourEvents = 0;
        }
        if (h == hour) {
            hourEvents++;
            maxHourly = Math.max(maxHourly, hourEvents);
        }
    }

    /**
     * Feeds the first {@code watched} slots of a prompt's MinHash signature to the mark counters,
     * unless the same prompt text was seen among the last {@value #RECENT}: a template is many
     * different fills, while one stock phrase repeated ("can you make that shorter?") is not.
     */
    public void observePrompt(int[] signature, int watched, long textHash) {
        for (long h : recent) {
            if (h == textHash) {
                return;
            }
        }
        if (recent.length < RECENT) {
            recent = Arrays.copyOf(recent, recent.length + 1);
            recent[recent.length - 1] = textHash;
        } else {
            recent[recentNext] = textHash;
            recentNext = (recentNext + 1) % RECENT;
        }
        int n = Math.min(watched, signature.length);
        if (slots != n) {
            slots = n;
            values = new int[n * PER_SLOT];
            counts = new int[n * PER_SLOT];
            errors = new int[n * PER_SLOT];
        }
        prompts++;
        for (int s = 0; s < n; s++) {
            int base = s * PER_SLOT;
            int v = signature[s];
            int min = base;
            boolean found = false;
            for (int i = base; i < base + PER_SLOT; i++) {
                if (counts[i] > 0 && values[i] == v) {
                    counts[i]++;
                    found = true;
                    break;
                }
                if (counts[i] < counts[min]) {
                    min = i;
                }
            }
            if (!found) {
                // Space-Saving: the least counted value gives way; its count becomes the newcomer's error.
                errors[min] = counts[min];
                counts[min]++;
                values[min] = v;
            }
        }
    }

    /** The template marks: slot values whose guaranteed count reaches {@code share} of the prompts, sorted. */
    public long[] marks(int minPrompts, double share) {
        if (prompts < minPrompts) {
            return new long[0];
        }
        long[] out = new long[slots];
        int k = 0;
        for (int s = 0; s < slots; s++) {
            int best = -1;
            for (int i = s * PER_SLOT; i < (s + 1) * PER_SLOT; i++) {
                if (counts[i] - errors[i] >= share * prompts && (best < 0 || counts[i] > counts[best])) {
                    best = i;
                }
            }
            if (best >= 0) {
                out[k++] = Hashing.combine(s, values[best]);
            }
        }
        long[] marks = Arrays.copyOf(out, k);
        Arrays.sort(marks);
        return marks;
    }

    /** Records a link key as announced; false when it already was or the client's quota is used up. */
    public boolean announce(String key, int maxKeys) {
        long h = Hashing.hash64(key);
        int i = Arrays.binarySearch(announced, h);
        if (i >= 0 || announced.length >= maxKeys) {
            return false;
        }
        int at = -i - 1;
        long[] next = new long[announced.length + 1];
        System.arraycopy(announced, 0, next, 0, at);
        next[at] = h;
        System.arraycopy(announced, at, next, at + 1, announced.length - at);
        announced = next;
        return true;
    }

    /** Mean completion tokens of the client's answered requests. */
    public double meanCompletionTokens() {
        return completions == 0 ? 0 : (double) completionTokens / completions;
    }

    public int activeHours() {
        return activeHours;
    }

    public int maxHourly() {
        return maxHourly;
    }

    /** True when a summary is due: every {@code every} events, or when the score moved by {@code delta}. */
    public boolean summaryDue(long events, double score, int every, double delta) {
        return events - lastSummaryEvents >= every
                || (lastSummaryEvents > 0 && Math.abs(score - lastSummaryScore) >= delta);
    }

    public void summarised(long events, double score) {
        lastSummaryEvents = events;
        lastSummaryScore = score;
    }

    @Override
    public void writeTo(DataOutput out) throws IOException {
        out.writeInt(slots);
        for (int i = 0; i < slots * PER_SLOT; i++) {
            out.writeInt(values[i]);
            out.writeInt(counts[i]);
            out.writeInt(errors[i]);
        }
        out.writeLong(prompts);
        out.writeLong(completionTokens);
        out.writeLong(completions);
        out.writeLong(hour);
        out.writeInt(hourEvents);
        out.writeInt(maxHourly);
        out.writeInt(activeHours);
        out.writeInt(announced.length);
        for (long h : announced) {
            out.writeLong(h);
        }
        out.writeInt(recent.length);
        for (long h : recent) {
            out.writeLong(h);
        }
        out.writeInt(recentNext);
        out.writeLong(lastSummaryEvents);
        out.writeDouble(lastSummaryScore);
    }

    /** Reads a state written by {@link #writeTo}. */
    public static ClientLinkState read(DataInput in) throws IOException {
        ClientLinkState s = new ClientLinkState();
        s.slots = in.readInt();
        s.values = new int[s.slots * PER_SLOT];
        s.counts = new int[s.slots * PER_SLOT];
        s.errors = new int[s.slots * PER_SLOT];
        for (int i = 0; i < s.slots * PER_SLOT; i++) {
            s.values[i] = in.readInt();
            s.counts[i] = in.readInt();
            s.errors[i] = in.readInt();
        }
        s.prompts = in.readLong();
        s.completionTokens = in.readLong();
        s.completions = in.readLong();
        s.hour = in.readLong();
        s.hourEvents = in.readInt();
        s.maxHourly = in.readInt();
        s.activeHours = in.readInt();
        s.announced = new long[in.readInt()];
        for (int i = 0; i < s.announced.length; i++) {
            s.announced[i] = in.readLong();
        }
        s.recent = new long[in.readInt()];
        for (int i = 0; i < s.recent.length; i++) {
            s.recent[i] = in.readLong();
        }
        s.recentNext = in.readInt();
        s.lastSummaryEvents = in.readLong();
        s.lastSummaryScore = in.readDouble();
        return s;
    }
}
