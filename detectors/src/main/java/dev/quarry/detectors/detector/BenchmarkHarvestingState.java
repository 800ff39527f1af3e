package dev.quarry.detectors.detector;

import dev.quarry.fingerprint.reference.ReferenceKind;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import org.roaringbitmap.RoaringBitmap;

/**
 * {@link BenchmarkHarvestingDetector}'s per-client state, bounded: counters and at most {@code maxSources} datasets, each a bitmap
 * no larger than its dataset. Written in format 5 (a negative marker, the counters with the
 * continued, harness-form and answer-slot prompts, the clock hours with new items, the latest
 * such hour and the set changes, the latest item's model, then kinds and prompts per dataset);
 * format 4 (no hours or set changes: read as none, so a restored walk counts as one run until
 * it goes on); format 3 (no answer-slot count or model) is read with none of either; format 2 (no such
 * counters) is read with none of either; format 1 (no marker: it starts with the prompt count)
 * is read with every dataset a benchmark asked once per item.
 */
public final class BenchmarkHarvestingState implements DetectorState {
    /** One dataset of a client's walk: its kind, the distinct item ids matched, the prompts that matched. */
    static final class Walk {
        final ReferenceKind kind;
        final RoaringBitmap items;
        long prompts;

        Walk(ReferenceKind kind, RoaringBitmap items) {
            this.kind = kind;
            this.items = items;
        }
    }

    private static final long FORMAT_2 = -2;
    private static final long FORMAT_3 = -3;
    private static final long FORMAT_4 = -4;
    private static final long FORMAT_5 = -5;
    final Map<String, Walk> sources = new TreeMap<>();
    long prompts;
    long matched;
    long harvestLike;
    long evaluationLike;
    long conversation;
    long continued;
    long fewShot;
    long samples;
    long answerSlots;
    long newItemHours;
    long lastNewItemHour = Long.MIN_VALUE;
    long setChanges;
    int lastId = -1;
    int lastModel;
    String lastSource = "";

    /** Prompts looked up. */
    public long prompts() {
        return prompts;
    }

    /** Prompts that repeated an item of a benchmark or instruction set. */
    public long matched() {
        return matched;
    }

    /** Prompts that repeated an item of a conversation set (counted as ordinary prompts). */
    public long conversation() {
        return conversation;
    }

    @Override
    public void writeTo(DataOutput out) throws IOException {
        out.writeLong(FORMAT_5);
        out.writeLong(prompts);
        out.writeLong(matched);
        out.writeLong(harvestLike);
        out.writeLong(evaluationLike);
        out.writeLong(conversation);
        out.writeLong(continued);
        out.writeLong(fewShot);
        out.writeLong(samples);
        out.writeLong(answerSlots);
        out.writeLong(newItemHours);
        out.writeLong(lastNewItemHour);
        out.writeLong(setChanges);
        out.writeInt(lastId);
        out.writeInt(lastModel);
        out.writeUTF(lastSource);
        out.writeInt(sources.size());
        for (Map.Entry<String, Walk> e : sources.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeByte(e.getValue().kind.ordinal());
            out.writeLong(e.getValue().prompts);
            e.getValue().items.runOptimize();
            e.getValue().items.serialize(out);
        }
    }

    static BenchmarkHarvestingState read(DataInput in) throws IOException {
        BenchmarkHarvestingState s = new BenchmarkHarvestingState();
        long first = in.readLong();
        boolean legacy = first >= 0;
        if (!legacy && first != FORMAT_2 && first != FORMAT_3 && first != FORMAT_4 && first != FORMAT_5) {
            throw new IOException("unknown benchmark_harvesting state format " + -first);
        }
        s.prompts = legacy ? first : in.readLong();
        s.matched = in.readLong();
        s.harvestLike = in.readLong();
        s.evaluationLike = in.readLong();
        s.conversation = legacy ? 0 : in.readLong();
        if (first == FORMAT_3 || first == FORMAT_4 || first == FORMAT_5) {
            s.continued = in.readLong();
            s.fewShot = in.readLong();
            s.samples = in.readLong();
            s.answerSlots = first != FORMAT_3 ? in.readLong() : 0;
            if (first == FORMAT_5) {
                s.newItemHours = in.readLong();
                s.lastNewItemHour = in.readLong();
                s.setChanges = in.readLong();
            }
            s.lastId = in.readInt();
            s.lastModel = first != FORMAT_3 ? in.readInt() : 0;
        }
        s.lastSource = in.readUTF();
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            String source = in.readUTF();
            ReferenceKind kind = legacy ? ReferenceKind.BENCHMARK : ReferenceKind.values()[in.readByte()];
            long prompts = legacy ? -1 : in.readLong();
            Walk w = new Walk(kind, new RoaringBitmap());
            w.items.deserialize(in);
            w.prompts = legacy ? w.items.getLongCardinality() : prompts;
            s.sources.put(source, w);
        }
        return s;
    }
}
