package dev.quarry.detectors.cluster;

import dev.quarry.detectors.fusion.FusionState;
import dev.quarry.ingest.TextClip;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The pooled state of one cluster, kept on its union-find root: how many clients it links, the
 * sums of its members' latest summaries, how many members carry each template mark, and samples
 * for evidence (the smallest member ids, so the smallest id is always exact; the first link keys).
 * Sums are kept incrementally: a member's new summary replaces its old contribution, and a union
 * adds the two roots' stats, so nothing is ever recomputed over all members.
 *
 * <p>Bounded: at most {@link #MAX_MARKS} mark counters and {@code evidence} member ids and keys.
 * Deterministic encoding (sorted maps and sets). Confined to one stream thread.
 */
public final class ClusterStats {
    /** Template marks counted per cluster; the least carried are dropped beyond this. */
    static final int MAX_MARKS = 32;
    private static final int TEMPLATE_CHARS = 200;

    int size = 1;
    int summarised;
    long totalEvents;
    long activeHours;
    int maxHourly;
    double sumCompletion;
    double sumScore;
    double maxScore;
    /**
     * Per template mark, the capability-coverage windows of the members carrying it: {sum of rate x
     * pace-free score, sum of rates, members with a window}. A fleet is the members sharing its
     * template; strangers linked in through a shared network do not dilute its pooled sweep.
     */
    final TreeMap<Long, double[]> markSweeps = new TreeMap<>();
    long minFirstTs = Long.MAX_VALUE;
    long maxFirstTs = Long.MIN_VALUE;
    final TreeMap<Long, Integer> marks = new TreeMap<>();
    final TreeSet<String> members = new TreeSet<>();
    final TreeSet<String> keys = new TreeSet<>();
    String sampleTemplate = "";
    String clusterId;
    FusionState fusion = new FusionState();

    static ClusterStats of(String member) {
        ClusterStats s = new ClusterStats();
        s.members.add(member);
        return s;
    }

    /** Adds (sign 1) or removes (sign -1) one member summary's contribution. */
    void apply(ClusterMessage.ClientSummary m, int sign) {
        summarised += sign;
        totalEvents += sign * m.events();
        activeHours += sign * m.activeHours();
        sumCompletion += sign * m.meanCompletionTokens();
        sumScore += sign * m.score();
        if (sign > 0) {
            maxHourly = Math.max(maxHourly, m.maxHourly());
            maxScore = Math.max(maxScore, m.score());
            minFirstTs = Math.min(minFirstTs, m.firstTs());
            maxFirstTs = Math.max(maxFirstTs, m.firstTs());
            if (m.marks().length > 0 && !m.sampleTemplate().isEmpty()) {
                sampleTemplate = TextClip.head(m.sampleTemplate(), TEMPLATE_CHARS);
            }
        }
        for (long k : m.marks()) {
            Integer c = marks.get(k);
            int next = (c == null ? 0 : c) + sign;
            if (next <= 0) {
                marks.remove(k);
                markSweeps.remove(k);
            } else {
                marks.put(k, next);
                if (m.sweepRate() > 0) {
                    double[] w = markSweeps.computeIfAbsent(k, x -> new double[3]);
                    w[0] += sign * m.sweep() * m.sweepRate();
                    w[1] += sign * m.sweepRate();
                    w[2] += sign;
                }
            }
        }
        trimMarks();
    }

    /** Folds another root's stats into this one. */
    void merge(ClusterStats o, int evidence) {
        size += o.size;
        summarised += o.summarised;
        totalEvents += o.totalEvents;
        activeHours += o.activeHours;
        maxHourly = Math.max(maxHourly, o.maxHourly);
        sumCompletion += o.sumCompletion;
        sumScore += o.sumScore;
        maxScore = Math.max(maxScore, o.maxScore);
        minFirstTs = Math.min(minFirstTs, o.minFirstTs);
        maxFirstTs = Math.max(maxFirstTs, o.maxFirstTs);
        o.marks.forEach((k, c) -> marks.merge(k, c, Integer::sum));
        o.markSweeps.forEach((k, w) -> markSweeps.merge(k, w, (a, b) -> new double[] {a[0] + b[0], a[1] + b[1], a[2] + b[2]}));
        trimMarks();
        members.addAll(o.members);
        while (members.size() > evidence) {
            members.pollLast();
        }
        for (String k : o.keys) {
            addKey(k, evidence);
        }
        if (sampleTemplate.isEmpty()) {
            sampleTemplate = o.sampleTemplate;
        }
        if (clusterId == null) {
            clusterId = o.clusterId;
        }
        if (fusion.alertId() == null && o.fusion.alertId() != null) {
            fusion = o.fusion;
        }
    }

    void addKey(String key, int evidence) {
        if (keys.size() < evidence) {
            keys.add(key);
        }
    }

    /** The member count of the most carried template mark. */
    int topMarkMembers() {
        int best = 0;
        for (int c : marks.values()) {
            best = Math.max(best, c);
        }
        return best;
    }

    /** The pooled windows of the members carrying {@code mark}: {sum rate x score, sum rate, members}. */
    double[] markSweep(Long mark) {
        double[] w = mark == null ? null : markSweeps.get(mark);
        return w == null ? new double[3] : w;
    }

    /** The smallest member id: exact, since the sample keeps the smallest ids. */
    String smallestMember() {
        return members.first();
    }

    List<String> memberSample() {
        return new ArrayList<>(members);
    }

    private void trimMarks() {
        while (marks.size() > MAX_MARKS) {
            Map.Entry<Long, Integer> least = null;
            for (Map.Entry<Long, Integer> e : marks.entrySet()) {
                if (least == null || e.getValue() < least.getValue()) {
                    least = e;
                }
            }
            marks.remove(least.getKey());
            markSweeps.remove(least.getKey());
        }
    }


    void writeTo(DataOutput out) throws IOException {
        out.writeInt(size);
        out.writeInt(summarised);
        out.writeLong(totalEvents);
        out.writeLong(activeHours);
        out.writeInt(maxHourly);
        out.writeDouble(sumCompletion);
        out.writeDouble(sumScore);
        out.writeDouble(maxScore);
        out.writeLong(minFirstTs);
        out.writeLong(maxFirstTs);
        out.writeInt(marks.size());
        for (Map.Entry<Long, Integer> e : marks.entrySet()) {
            out.writeLong(e.getKey());
            out.writeInt(e.getValue());
        }
        out.writeInt(members.size());
        for (String m : members) {
            out.writeUTF(m);
        }
        out.writeInt(keys.size());
        for (String k : keys) {
            out.writeUTF(k);
        }
        out.writeUTF(sampleTemplate);
        out.writeUTF(clusterId == null ? "" : clusterId);
        byte[] f = fusion.encode();
        out.writeInt(f.length);
        out.write(f);
        out.writeInt(markSweeps.size());
        for (Map.Entry<Long, double[]> e : markSweeps.entrySet()) {
            out.writeLong(e.getKey());
            out.writeDouble(e.getValue()[0]);
            out.writeDouble(e.getValue()[1]);
            out.writeDouble(e.getValue()[2]);
        }
    }

    /** Reads what {@link #writeTo} wrote; {@code withSweep} false for stats written before the pooled sweep sums. */
    static ClusterStats read(DataInput in, boolean withSweep) throws IOException {
        ClusterStats s = new ClusterStats();
        s.size = in.readInt();
        s.summarised = in.readInt();
        s.totalEvents = in.readLong();
        s.activeHours = in.readLong();
        s.maxHourly = in.readInt();
        s.sumCompletion = in.readDouble();
        s.sumScore = in.readDouble();
        s.maxScore = in.readDouble();
        s.minFirstTs = in.readLong();
        s.maxFirstTs = in.readLong();
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            s.marks.put(in.readLong(), in.readInt());
        }
        n = in.readInt();
        for (int i = 0; i < n; i++) {
            s.members.add(in.readUTF());
        }
        n = in.readInt();
        for (int i = 0; i < n; i++) {
            s.keys.add(in.readUTF());
        }
        s.sampleTemplate = in.readUTF();
        String id = in.readUTF();
        s.clusterId = id.isEmpty() ? null : id;
        byte[] f = new byte[in.readInt()];
        in.readFully(f);
        s.fusion = FusionState.decode(f);
        if (withSweep) {
            int sweeps = in.readInt();
            for (int i = 0; i < sweeps; i++) {
                s.markSweeps.put(in.readLong(), new double[] {in.readDouble(), in.readDouble(), in.readDouble()});
            }
        }
        return s;
    }
}
