package dev.quarry.detectors.peers;

import dev.quarry.detectors.detector.DetectorState;
import dev.quarry.ingest.InferenceEvent;
import dev.quarry.ingest.Message;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * What {@link ShapeClassifier} reads about one client, as a section of its
 * {@link dev.quarry.detectors.state.ClientProfile}: whether it declared an organisation, a
 * Boyer-Moore majority vote (Boyer and Moore 1981) over its system prompts, up to
 * {@value #SOURCES} distinct source addresses and user agents, its active clock hours, and the
 * mean and variance of its gaps between requests (Welford 1962). Constant work per event, no
 * allocation; about 150 bytes. Deterministic encoding. Confined to one stream thread.
 */
public final class ShapeState implements DetectorState {
    /** The section's name in the client profile. */
    public static final String SECTION = "_shape";
    /** Distinct addresses and user agents counted at most (enough to tell one from many). */
    static final int SOURCES = 8;
    private static final long HOUR = 3_600_000L;

    long events;
    boolean org;
    long systemPrompted;
    long systemCandidate;
    long systemVotes;
    final int[] ips = new int[SOURCES];
    int ipCount;
    final int[] agents = new int[SOURCES];
    int agentCount;
    long firstHour = Long.MIN_VALUE;
    long lastHour = Long.MIN_VALUE;
    int activeHours;
    long lastTs = Long.MIN_VALUE;
    long gaps;
    double gapMean;
    double gapM2;
    int shape;
    long lastSampleEvents;

    /** Counts one event of the client. */
    public void observe(InferenceEvent e) {
        events++;
        org |= e.orgId() != null && !e.orgId().isEmpty();
        String system = systemPrompt(e);
        if (system != null) {
            systemPrompted++;
            long h = hash(system);
            // Boyer-Moore: the votes left for the candidate bound its excess over all others.
            if (systemVotes == 0) {
                systemCandidate = h;
                systemVotes = 1;
            } else if (h == systemCandidate) {
                systemVotes++;
            } else {
                systemVotes--;
            }
        }
        ipCount = addDistinct(ips, ipCount, e.ip());
        agentCount = addDistinct(agents, agentCount, e.userAgent());
        long ts = e.tsMillis();
        long hour = Math.floorDiv(ts, HOUR);
        if (firstHour == Long.MIN_VALUE || hour < firstHour) {
            firstHour = hour;
        }
        if (hour > lastHour) {
            activeHours++;
            lastHour = hour;
        }
        if (lastTs != Long.MIN_VALUE && ts >= lastTs) {
            double gap = (ts - lastTs) / 1000.0;
            gaps++;
            double d = gap - gapMean;
            gapMean += d / gaps;
            gapM2 += d * (gap - gapMean);
        }
        lastTs = Math.max(lastTs, ts);
    }

    private static String systemPrompt(InferenceEvent e) {
        if (e.request().messages() == null) {
            return null;
        }
        for (Message m : e.request().messages()) {
            if ("system".equals(m.role()) || "developer".equals(m.role())) {
                return m.content() == null ? "" : m.content();
            }
        }
        return null;
    }

    private static int addDistinct(int[] seen, int count, String value) {
        if (value == null || value.isEmpty() || count >= seen.length) {
            return count;
        }
        int h = value.hashCode();
        for (int i = 0; i < count; i++) {
            if (seen[i] == h) {
                return count;
            }
        }
        seen[count] = h;
        return count + 1;
    }

    private static long hash(String s) {
        long h = 1125899906842597L;
        for (int i = 0; i < s.length(); i++) {
            h = 31 * h + s.charAt(i);
        }
        return h;
    }

    /** Events counted. */
    public long events() {
        return events;
    }

    /** Events per active clock hour. */
    public double volumePerActiveHour() {
        return activeHours == 0 ? 0 : (double) events / activeHours;
    }

    /** A lower bound of the share of system-prompted requests that carry the most common system prompt. */
    double systemShare() {
        return systemPrompted == 0 ? 0 : (double) systemVotes / systemPrompted;
    }

    /** Distinct source addresses or user agents, whichever is more (at most {@value #SOURCES}). */
    int sources() {
        return Math.max(ipCount, agentCount);
    }

    /** Clock hours from the first active hour to the last, inclusive. */
    long spanHours() {
        return firstHour == Long.MIN_VALUE ? 0 : lastHour - firstHour + 1;
    }

    /** Share of the span's clock hours with a request. */
    double activeHourShare() {
        long span = spanHours();
        return span == 0 ? 0 : Math.min(1.0, (double) activeHours / span);
    }

    /** Coefficient of variation of the gaps between requests (0 with fewer than two gaps). */
    double gapCv() {
        if (gaps < 2 || gapMean <= 0) {
            return 0;
        }
        return Math.sqrt(gapM2 / (gaps - 1)) / gapMean;
    }

    /** The shape the client was last classified as. */
    public ClientShape shape() {
        return ClientShape.values()[shape];
    }

    /** Records the shape the client was classified as. */
    public void shape(ClientShape s) {
        shape = s.ordinal();
    }

    /** True when a peer sample is due: every {@code every} events, or at once when the shape changed. */
    public boolean sampleDue(int every, boolean changed) {
        return changed || events - lastSampleEvents >= every;
    }

    /** Marks a sample sent at the current event count. */
    public void sampled() {
        lastSampleEvents = events;
    }

    @Override
    public void writeTo(DataOutput out) throws IOException {
        out.writeLong(events);
        out.writeBoolean(org);
        out.writeLong(systemPrompted);
        out.writeLong(systemCandidate);
        out.writeLong(systemVotes);
        out.writeByte(ipCount);
        for (int i = 0; i < ipCount; i++) {
            out.writeInt(ips[i]);
        }
        out.writeByte(agentCount);
        for (int i = 0; i < agentCount; i++) {
            out.writeInt(agents[i]);
        }
        out.writeLong(firstHour);
        out.writeLong(lastHour);
        out.writeInt(activeHours);
        out.writeLong(lastTs);
        out.writeLong(gaps);
        out.writeDouble(gapMean);
        out.writeDouble(gapM2);
        out.writeByte(shape);
        out.writeLong(lastSampleEvents);
    }

    /** Reads a state written by {@link #writeTo}. */
    public static ShapeState read(DataInput in) throws IOException {
        ShapeState s = new ShapeState();
        s.events = in.readLong();
        s.org = in.readBoolean();
        s.systemPrompted = in.readLong();
        s.systemCandidate = in.readLong();
        s.systemVotes = in.readLong();
        s.ipCount = Math.min(SOURCES, in.readByte());
        for (int i = 0; i < s.ipCount; i++) {
            s.ips[i] = in.readInt();
        }
        s.agentCount = Math.min(SOURCES, in.readByte());
        for (int i = 0; i < s.agentCount; i++) {
            s.agents[i] = in.readInt();
        }
        s.firstHour = in.readLong();
        s.lastHour = in.readLong();
        s.activeHours = in.readInt();
        s.lastTs = in.readLong();
        s.gaps = in.readLong();
        s.gapMean = in.readDouble();
        s.gapM2 = in.readDouble();
        int shape = in.readByte();
        s.shape = shape >= 0 && shape < ClientShape.values().length ? shape : 0;
        s.lastSampleEvents = in.readLong();
        return s;
    }
}
